"""Section 5.6 of the core spec: to_dataframe and build_dataframe."""

import math

import pandas
from pandas.testing import assert_frame_equal
from wingfoil import Graph, ticker
from wingfoil.pandas_helpers import build_dataframe, to_dataframe


class Quote:
    def __init__(self, bid, ask):
        self.bid = bid
        self.ask = ask


class FixedRows:
    """Stands in for a stream: build_dataframe only calls peek_value()."""

    def __init__(self, rows):
        self.rows = rows

    def peek_value(self):
        return self.rows


def _assert_empty(frame):
    assert isinstance(frame, pandas.DataFrame)
    assert frame.shape == (0, 0)


# to_dataframe


def test_to_dataframe_time_rows_with_dict_values_put_time_first():
    rows = [(1.0, {"price": 100, "qty": 10}), (2.0, {"price": 101, "qty": 5})]

    frame = to_dataframe(rows)

    expected = pandas.DataFrame({"time": [1.0, 2.0], "price": [100, 101], "qty": [10, 5]})
    assert_frame_equal(frame, expected)


def test_to_dataframe_time_rows_with_objects_use_their_attributes():
    rows = [(1.0, Quote(9.5, 10.5)), (2.0, Quote(9.0, 10.0))]

    frame = to_dataframe(rows)

    expected = pandas.DataFrame({"time": [1.0, 2.0], "bid": [9.5, 9.0], "ask": [10.5, 10.0]})
    assert_frame_equal(frame, expected)


def test_to_dataframe_time_rows_with_scalars_give_time_and_value():
    frame = to_dataframe([(0.5, "a"), (1.5, "b")])

    expected = pandas.DataFrame({"time": [0.5, 1.5], "value": ["a", "b"]})
    assert_frame_equal(frame, expected)


def test_to_dataframe_scalars_give_one_value_column():
    frame = to_dataframe([10.5, 11.0, 12.5])

    assert list(frame.columns) == ["value"]
    assert frame["value"].tolist() == [10.5, 11.0, 12.5]


def test_to_dataframe_empty_inputs_give_empty_frame():
    _assert_empty(to_dataframe([]))
    _assert_empty(to_dataframe({}))
    _assert_empty(to_dataframe(None))


def test_to_dataframe_dict_is_passed_to_pandas():
    data = {"a": [1, 2], "b": [3, 4]}

    assert_frame_equal(to_dataframe(data), pandas.DataFrame(data))


def test_to_dataframe_list_of_dicts_gives_one_column_per_key():
    data = [{"a": 1, "b": 2}, {"a": 3, "b": 4}]

    assert_frame_equal(to_dataframe(data), pandas.DataFrame({"a": [1, 3], "b": [2, 4]}))


def test_to_dataframe_list_of_objects_uses_their_attributes():
    frame = to_dataframe([Quote(1.0, 2.0), Quote(3.0, 4.0)])

    assert_frame_equal(frame, pandas.DataFrame({"bid": [1.0, 3.0], "ask": [2.0, 4.0]}))


def test_to_dataframe_tuples_of_other_length_are_not_time_rows():
    frame = to_dataframe([(1,), (2,)])

    assert list(frame.columns) == ["value"]
    assert frame["value"].tolist() == [1, 2]


def test_to_dataframe_of_a_dataframe_stream():
    s = ticker(0.5).count().dataframe()
    s.run(realtime=False, start=100.0, cycles=2)

    frame = to_dataframe(s.peek_value())

    assert_frame_equal(frame, pandas.DataFrame({"time": [100.0, 100.5], "value": [1, 2]}))


# build_dataframe


def test_build_dataframe_joins_streams_sharing_times():
    """Spec example: one limited source feeding two dataframe() streams."""
    src = ticker(0.01).count().limit(3)
    a = src.map(lambda i: i - 1).dataframe()
    b = src.map(lambda i: (i - 1) * 2).dataframe()
    Graph([a, b]).run(realtime=False)

    frame = build_dataframe({"col_a": a, "col_b": b})

    assert list(frame.columns) == ["time", "col_a", "col_b"]
    rows = list(frame.itertuples(index=False, name=None))
    assert rows == [(0.0, 0, 0), (0.01, 1, 2), (0.02, 2, 4)]


def test_build_dataframe_fills_missing_cells_with_nan():
    """Spec example: a fast and a slow stream run in one graph, fast first."""
    fast = ticker(0.01).count().limit(4).map(lambda x: x * 10).dataframe()
    slow = ticker(0.02).count().limit(2).map(lambda x: x * 100).dataframe()
    Graph([fast, slow]).run(realtime=False)

    frame = build_dataframe({"fast": fast, "slow": slow})

    assert list(frame.columns) == ["time", "fast", "slow"]
    assert frame["time"].tolist() == [0.0, 0.01, 0.02, 0.03]
    assert frame["fast"].tolist() == [10, 20, 30, 40]
    slow_values = frame["slow"].tolist()
    assert slow_values[0] == 100.0 and slow_values[2] == 200.0
    assert math.isnan(slow_values[1]) and math.isnan(slow_values[3])
    assert frame["slow"].dtype == "float64"


def test_build_dataframe_accepts_with_time_collect_streams():
    s = ticker(0.1).count().with_time().collect()
    s.run(realtime=False, cycles=2)

    frame = build_dataframe({"n": s})

    assert_frame_equal(frame, pandas.DataFrame({"time": [0.0, 0.1], "n": [1, 2]}))


def test_build_dataframe_keeps_outer_concat_order_without_sorting():
    first = FixedRows([(0.2, "a"), (0.3, "b")])
    second = FixedRows([(0.1, "x"), (0.2, "y")])

    frame = build_dataframe({"first": first, "second": second})

    assert frame["time"].tolist() == [0.2, 0.3, 0.1]
    assert frame["second"].tolist()[0] == "y"
    assert frame["second"].tolist()[2] == "x"
    assert frame["first"].isna().tolist() == [False, False, True]


def test_build_dataframe_skips_streams_without_rows():
    frame = build_dataframe(
        {"none": FixedRows(None), "empty": FixedRows([]), "some": FixedRows([(1.0, 7)])}
    )

    assert_frame_equal(frame, pandas.DataFrame({"time": [1.0], "some": [7]}))


def test_build_dataframe_without_rows_gives_empty_frame():
    _assert_empty(build_dataframe({"none": FixedRows(None), "empty": FixedRows([])}))
    _assert_empty(build_dataframe({}))


def test_build_dataframe_of_a_stream_that_never_ticked_gives_empty_frame():
    s = ticker(0.1).count().filter(lambda x: False).dataframe()
    s.run(realtime=False, cycles=2)

    _assert_empty(build_dataframe({"never": s}))
