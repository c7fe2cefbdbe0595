"""Section 3 of the core spec: the arguments of run(realtime, start, duration, cycles).

Expected times are written as ``t_ns / 1e9``, the conversion decision D1 prescribes, whenever the
nanosecond count is too large for a double to hold exactly.
"""

import math
import re
from datetime import datetime, timedelta, timezone

import pytest
from wingfoil import Graph, constant, ticker

UTC = timezone.utc


class FloatLike:
    """Not a number, but convertible with float()."""

    def __init__(self, value):
        self.value = value

    def __float__(self):
        return self.value


class IndexLike:
    """Not a number, but convertible with operator.index()."""

    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


def _tick_times(period=0.1, **run_args):
    out = []
    ticker(period).count().for_each(lambda v, t: out.append(t)).run(**run_args)
    return out


def _counts_after(period=0.1, **run_args):
    s = ticker(period).count().collect()
    s.run(**run_args)
    return s.peek_value()


# start


def test_start_aware_datetime_keeps_microseconds():
    start = datetime(2024, 1, 1, 0, 0, 0, 250000, tzinfo=UTC)

    times = _tick_times(realtime=False, start=start, cycles=1)

    assert times == [1_704_067_200_250_000_000 / 1e9]


def test_start_aware_datetime_in_another_timezone_is_the_same_instant():
    start = datetime(2024, 1, 1, 2, 0, tzinfo=timezone(timedelta(hours=2)))

    times = _tick_times(realtime=False, start=start, cycles=2)

    assert times == [1704067200.0, 1704067200.1]


def test_start_float_is_seconds_since_epoch():
    assert _tick_times(realtime=False, start=0.1, cycles=2) == [0.1, 0.2]


def test_start_int_is_seconds_since_epoch():
    assert _tick_times(realtime=False, start=100, cycles=2) == [100.0, 100.1]


def test_start_accepts_object_with_float_conversion():
    assert _tick_times(realtime=False, start=FloatLike(12.5), cycles=2) == [12.5, 12.6]


def test_start_accepts_object_with_index_conversion():
    assert _tick_times(realtime=False, start=IndexLike(7), cycles=2) == [7.0, 7.1]


def test_start_fraction_is_truncated_to_whole_nanoseconds():
    """1.0000000019 s: the fraction gives 1.9 ns, truncated to 1 ns."""
    assert _tick_times(realtime=False, start=1.0000000019, cycles=1) == [1.000000001]


def test_start_default_is_the_unix_epoch():
    assert _tick_times(realtime=False, cycles=2) == [0.0, 0.1]


def test_start_naive_datetime_is_a_value_error():
    with pytest.raises(ValueError, match="failed to convert to NanoTime") as info:
        ticker(0.1).count().run(realtime=False, start=datetime(2020, 6, 1, 12), cycles=1)

    assert info.type is ValueError


def test_start_aware_datetime_before_1970_is_a_value_error():
    start = datetime(1969, 12, 31, 23, 59, tzinfo=UTC)

    with pytest.raises(ValueError, match="failed to convert to NanoTime") as info:
        ticker(0.1).count().run(realtime=False, start=start, cycles=1)

    assert info.type is ValueError


def test_start_of_unsupported_type_is_a_type_error():
    with pytest.raises(TypeError, match="failed to convert to NanoTime") as info:
        ticker(0.1).count().run(realtime=False, start=[1.0], cycles=1)

    assert info.type is TypeError


def test_start_negative_int_is_a_value_error():
    with pytest.raises(ValueError, match="Negative timestamps not supported") as info:
        ticker(0.1).count().run(realtime=False, start=-5, cycles=1)

    assert info.type is ValueError


def test_start_nan_is_a_value_error():
    """REF silently treats NaN as 0; ours rejects it."""
    with pytest.raises(ValueError) as info:
        ticker(0.1).count().run(realtime=False, start=math.nan, cycles=1)

    assert info.type is ValueError


def test_start_datetime_in_realtime_mode_is_a_value_error():
    start = datetime(2024, 1, 1, tzinfo=UTC)

    with pytest.raises(ValueError, match="Cannot specify start in realtime mode") as info:
        ticker(0.1).count().run(realtime=True, start=start, cycles=1)

    assert info.type is ValueError


def test_start_none_is_accepted_in_realtime_mode():
    assert _counts_after(realtime=True, start=None, cycles=1) == [1]


# duration


def test_duration_float_is_truncated_to_nanoseconds_inclusive_end():
    """0.3 s is exactly 300000000 ns, so the tick at 0.3 s still runs."""
    assert _counts_after(realtime=False, duration=0.3) == [1, 2, 3, 4]


def test_duration_timedelta_is_exact():
    assert _counts_after(realtime=False, duration=timedelta(milliseconds=300)) == [1, 2, 3, 4]


def test_duration_int_is_seconds():
    assert len(_counts_after(realtime=False, duration=1)) == 11


def test_duration_below_two_nanoseconds_truncates_to_one():
    """1.9e-9 s is 1 ns: ticker(0) ticks at 0 and 1 ns only."""
    assert _counts_after(0, realtime=False, duration=1.9e-9) == [1, 2]


def test_duration_infinite_means_no_end():
    s = ticker(0.1).count().limit(3).collect()

    s.run(realtime=False, duration=math.inf)

    assert s.peek_value() == [1, 2, 3]


def test_duration_infinite_run_still_ends_by_exhaustion():
    s = constant(5).collect()

    s.run(realtime=False, duration=math.inf)

    assert s.peek_value() == [5]


def test_duration_negative_timedelta_is_a_value_error():
    with pytest.raises(ValueError, match="failed to convert duration") as info:
        ticker(0.1).count().run(realtime=False, duration=timedelta(seconds=-1))

    assert info.type is ValueError


def test_duration_negative_int_is_a_value_error():
    with pytest.raises(ValueError, match="duration can not be negative") as info:
        ticker(0.1).count().run(realtime=False, duration=-2)

    assert info.type is ValueError


def test_duration_of_unsupported_type_is_a_type_error():
    with pytest.raises(TypeError, match="failed to convert duration") as info:
        ticker(0.1).count().run(realtime=False, duration=[1.0])

    assert info.type is TypeError


def test_duration_nan_is_a_value_error():
    """REF silently treats NaN as 0; ours rejects it."""
    with pytest.raises(ValueError) as info:
        ticker(0.1).count().run(realtime=False, duration=math.nan)

    assert info.type is ValueError


def test_duration_and_cycles_together_is_a_value_error_even_when_zero():
    with pytest.raises(ValueError, match="Cannot specify both duration and cycles") as info:
        ticker(0.1).count().run(realtime=False, duration=0, cycles=0)

    assert info.type is ValueError


# cycles


def test_cycles_largest_value_is_accepted():
    s = constant(5).collect()

    s.run(realtime=False, cycles=2**32 - 1)

    assert s.peek_value() == [5]


def test_cycles_above_32_bits_is_an_overflow_error():
    with pytest.raises(OverflowError) as info:
        ticker(0.1).count().run(realtime=False, cycles=2**32)

    assert info.type is OverflowError


def test_cycles_negative_is_an_overflow_error():
    with pytest.raises(OverflowError) as info:
        ticker(0.1).count().run(realtime=False, cycles=-5)

    assert info.type is OverflowError


def test_cycles_float_is_a_type_error():
    with pytest.raises(TypeError) as info:
        ticker(0.1).count().run(realtime=False, cycles=2.0)

    assert info.type is TypeError


def test_cycles_counts_engine_cycles_not_ticks_of_one_stream():
    """Two tickers tick at distinct times, so three cycles give two ticks of the slow one."""
    slow = ticker(0.2).count().collect()
    fast = ticker(0.15).count()

    Graph([slow, fast]).run(realtime=False, cycles=3)

    assert slow.peek_value() == [1, 2]


def _zero_cycle_graph():
    """A graph that records whether stop ran and whether any cycle ran.

    limit(0) requests a stop on the first tick, so an engine that ignores cycles=0 still ends
    after one cycle (and the test fails) instead of running forever.
    """
    finals = []
    counted = ticker(0.1).count()
    collected = counted.collect()
    stopper = counted.limit(0)
    final = getattr(counted, "finally")(lambda v: finals.append(v))
    return Graph([collected, stopper, final]), collected, finals


def test_cycles_zero_runs_no_cycle_but_still_stops_nodes():
    """REF underflows and runs unbounded; ours runs zero cycles, then stop fires finally."""
    graph, collected, finals = _zero_cycle_graph()

    graph.run(realtime=False, cycles=0)

    assert collected.peek_value() is None
    assert finals == [None]


def test_cycles_zero_in_realtime_mode_runs_no_cycle():
    graph, collected, finals = _zero_cycle_graph()

    graph.run(realtime=True, cycles=0)

    assert collected.peek_value() is None
    assert finals == [None]


# realtime


def test_realtime_is_required():
    with pytest.raises(TypeError, match=re.escape("'realtime'")) as info:
        ticker(0.1).count().run(cycles=1)

    assert info.type is TypeError


@pytest.mark.parametrize("value", [0, 1, None])
def test_realtime_int_or_none_is_a_type_error(value):
    with pytest.raises(TypeError, match="object cannot be cast as 'bool'") as info:
        ticker(0.1).count().run(realtime=value, cycles=1)

    assert info.type is TypeError


@pytest.mark.parametrize("value", ["yes", 1.0])
def test_realtime_other_non_bool_is_a_type_error(value):
    with pytest.raises(TypeError) as info:
        ticker(0.1).count().run(realtime=value, cycles=1)

    assert info.type is TypeError


# positional arguments and return value


def test_stream_run_accepts_positional_arguments():
    s = ticker(0.1).count().with_time().collect()

    s.run(False, 5.0, None, 2)

    assert s.peek_value() == [(5.0, 1), (5.1, 2)]


def test_stream_run_accepts_positional_duration():
    s = ticker(0.1).count().collect()

    s.run(False, 7, 0.25)

    assert s.peek_value() == [1, 2, 3]


def test_node_run_accepts_positional_arguments():
    out = []
    node = ticker(0.1).count().for_each(lambda v, t: out.append((v, t)))

    node.run(False, 7.0, None, 2)

    assert out == [(1, 7.0), (2, 7.1)]


def test_graph_run_accepts_positional_arguments():
    s = ticker(0.1).count().with_time().collect()

    Graph([s]).run(False, 5.0, None, 2)

    assert s.peek_value() == [(5.0, 1), (5.1, 2)]


def test_run_returns_none_for_stream_node_and_graph():
    s = ticker(0.1).count()
    n = ticker(0.1)

    assert s.run(realtime=False, cycles=1) is None
    assert n.run(realtime=False, cycles=1) is None
    assert Graph([s, n]).run(realtime=False, cycles=1) is None


def test_stream_run_matches_graph_of_that_stream():
    via_stream = ticker(0.1).count().map(lambda x: x * 3).with_time().collect()
    via_graph = ticker(0.1).count().map(lambda x: x * 3).with_time().collect()

    via_stream.run(realtime=False, start=2, cycles=4)
    Graph([via_graph]).run(realtime=False, start=2, cycles=4)

    assert via_stream.peek_value() == via_graph.peek_value()
    assert via_stream.peek_value() == [(2.0, 3), (2.1, 6), (2.2, 9), (2.3, 12)]
