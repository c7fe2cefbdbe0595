"""csv_read and Stream.csv_write end to end through the engine (adapters-data.md section 3)."""

import csv
import warnings

import pytest

from wingfoil import Graph, constant, csv_read, ticker


def _write(tmp_path, text, name="in.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def _read_all(path, time_column="t", **kwargs):
    out = []
    csv_read(path, time_column, **kwargs).for_each(
        lambda row, t: out.append((round(t * 1e9), row))
    ).run(realtime=False)
    return out


WORKED_EXAMPLE = "t,sym,px\n1000,A,1.0\n2000,B,2.0\n2000,C,3.0\n3000,D,4.0\n"


def test_csv_read_delivers_rows_sharing_a_timestamp_one_ns_apart_in_file_order(tmp_path):
    rows = _read_all(_write(tmp_path, WORKED_EXAMPLE))

    assert rows == [
        (1000, {"t": "1000", "sym": "A", "px": "1.0"}),
        (2000, {"t": "2000", "sym": "B", "px": "2.0"}),
        (2001, {"t": "2000", "sym": "C", "px": "3.0"}),
        (3000, {"t": "3000", "sym": "D", "px": "4.0"}),
    ]


def test_csv_read_emits_the_last_group_and_a_single_row_file(tmp_path):
    assert [r for _, r in _read_all(_write(tmp_path, "t,v\n5,x\n5,y\n"))] == [
        {"t": "5", "v": "x"},
        {"t": "5", "v": "y"},
    ]
    assert _read_all(_write(tmp_path, "t,v\n7,only\n", "one.csv")) == [(7, {"t": "7", "v": "only"})]


def test_csv_read_keeps_header_order_and_string_values(tmp_path):
    rows = _read_all(_write(tmp_path, "zeta,t,alpha\n1,10,2\n"))

    assert list(rows[0][1]) == ["zeta", "t", "alpha"]
    assert all(isinstance(v, str) for v in rows[0][1].values())


def test_csv_read_unquotes_commas_quotes_cr_and_lf(tmp_path):
    text = 't,a,b,c,d\r\n1,"x,y","say ""hi""","line1\nline2","cr\rhere"\r\n'

    rows = _read_all(_write(tmp_path, text))

    assert rows[0][1] == {
        "t": "1", "a": "x,y", "b": 'say "hi"', "c": "line1\nline2", "d": "cr\rhere"
    }


def test_csv_read_rejects_out_of_order_rows_naming_the_line(tmp_path):
    path = _write(tmp_path, "t,v\n10,a\n20,b\n15,c\n")

    with pytest.raises(ValueError, match=r"non-decreasing \(line 4"):
        _read_all(path)


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("t,v\n10,a\n20\n", r"line 3: expected 2 fields, found 1"),
        ("t,v\n10,a\n20,b,extra\n", r"line 3: expected 2 fields, found 3"),
        ("t,v\n1.5,a\n", r"line 2: invalid time '1.5'"),
        ("t,v\n-1,a\n", r"line 2: invalid time '-1'"),
        ("t,v\n,a\n", r"line 2: invalid time ''"),
        ('t,v\n10,"unterminated\n', r"line 2"),
    ],
)
def test_csv_read_rejects_malformed_rows_with_a_line_number(tmp_path, text, pattern):
    with pytest.raises(ValueError, match=pattern):
        _read_all(_write(tmp_path, text))


def test_csv_read_rejects_invalid_utf8_naming_the_line(tmp_path):
    path = _write(tmp_path, b"t,v\n1,ok\n2,bad\xff\n")

    with pytest.raises(ValueError, match="line 3"):
        _read_all(path)


def test_csv_read_of_an_empty_file_emits_nothing(tmp_path):
    assert _read_all(_write(tmp_path, "")) == []
    assert _read_all(_write(tmp_path, "t,v\n", "header_only.csv")) == []


def test_csv_read_names_a_missing_time_column_at_the_first_data_row(tmp_path):
    with pytest.raises(ValueError, match=r"time column 'time' is missing in .* line 2"):
        _read_all(_write(tmp_path, "t,v\n1,a\n"), time_column="time")


def test_csv_read_raises_file_not_found_at_call_time(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.csv"):
        csv_read(tmp_path / "nope.csv", "t")


def test_csv_read_rejects_realtime_mode(tmp_path):
    stream = csv_read(_write(tmp_path, WORKED_EXAMPLE), "t")

    with pytest.raises(ValueError, match="historical mode only"):
        stream.collect().run(realtime=True, duration=0.1)


def test_csv_read_skips_rows_before_the_start(tmp_path):
    rows = _read_all_from(_write(tmp_path, WORKED_EXAMPLE), start=2e-6)

    assert [r["sym"] for r in rows] == ["B", "C", "D"]


def _read_all_from(path, start):
    out = []
    csv_read(path, "t").for_each(lambda row, t: out.append(row)).run(realtime=False, start=start)
    return out


def test_csv_read_parses_lobster_seconds_after_midnight_exactly(tmp_path):
    path = _write(tmp_path, "seconds,x\n34200.004241176,a\n35821.088778456004,b\n")
    out = tmp_path / "times.csv"

    # Float seconds cannot hold epoch nanoseconds exactly; csv_write writes the integer time.
    stream = csv_read(path, "seconds", time_unit="s", date="2012-06-21", tz="America/New_York")
    stream.csv_write(out).run(realtime=False)

    # 2012-06-21 is in US daylight time (UTC-4): midnight New York = 04:00 UTC.
    midnight_ns = 1_340_251_200_000_000_000
    times = [int(row["time"]) for row in csv.DictReader(out.open())]
    assert [t - midnight_ns for t in times] == [34_200_004_241_176, 35_821_088_778_456]


def test_csv_read_rejects_unknown_time_units_and_dates(tmp_path):
    path = _write(tmp_path, WORKED_EXAMPLE)
    with pytest.raises(ValueError, match="time_unit"):
        csv_read(path, "t", time_unit="hours")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        csv_read(path, "t", time_unit="s", date="21/06/2012")
    with pytest.raises(ValueError, match="time zone"):
        csv_read(path, "t", time_unit="s", date="2012-06-21", tz="Mars/Olympus")


def test_csv_write_matches_the_worked_example_byte_for_byte(tmp_path):
    out = tmp_path / "out.csv"
    values = [{"sym": "A,B", "px": 1.5, "note": 'say "hi"'}, {"px": 2, "extra": 1}]
    src = ticker(1e-6).count().limit(2).map(lambda i: values[i - 1])

    src.csv_write(out).run(realtime=False, start=1e-6)

    assert out.read_text() == 'time,sym,px,note\n1000,"A,B",1.5,"say ""hi"""\n2000,,2,\n'


def test_csv_write_quotes_carriage_returns_and_newlines(tmp_path):
    out = tmp_path / "out.csv"

    constant({"a": "x\ry", "b": "p\nq"}).csv_write(out).run(realtime=False)

    assert out.read_bytes() == b'time,a,b\n0,"x\ry","p\nq"\n'


def test_csv_write_creates_the_file_at_call_time_and_leaves_it_empty_without_dicts(tmp_path):
    out = tmp_path / "out.csv"
    node = ticker(1.0).count().map(lambda i: [i]).csv_write(out)

    assert out.exists() and out.read_bytes() == b""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        node.run(realtime=False, cycles=3)
    assert out.read_bytes() == b""
    assert len(caught) == 1 and "not dicts" in str(caught[0].message)


def test_csv_write_on_a_numeric_stream_is_a_type_error_at_call_time(tmp_path):
    with pytest.raises(TypeError, match="stream of dicts"):
        ticker(1.0).count().csv_write(tmp_path / "out.csv")


def test_csv_write_is_flushed_when_the_run_returns_inside_a_graph(tmp_path):
    out = tmp_path / "out.csv"
    node = ticker(1.0).count().map(lambda i: {"i": i}).csv_write(out)

    Graph([node]).run(realtime=False, cycles=3)

    assert out.read_text() == "time,i\n0,1\n1000000000,2\n2000000000,3\n"


def test_csv_write_uses_str_of_non_string_keys(tmp_path):
    out = tmp_path / "out.csv"

    constant({1: "one", (2, 3): "pair"}).csv_write(out).run(realtime=False)

    assert list(csv.reader(out.open())) == [["time", "1", "(2, 3)"], ["0", "one", "pair"]]


def test_csv_write_raises_oserror_at_call_time_for_a_bad_path(tmp_path):
    with pytest.raises(OSError, match="missing_dir"):
        constant({"a": 1}).csv_write(tmp_path / "missing_dir" / "out.csv")


def test_csv_write_write_errors_fail_the_run(tmp_path):
    node = ticker(1.0).count().map(lambda i: {"i": "x" * 100_000}).csv_write("/dev/full")

    with pytest.raises(OSError) as raised:
        node.run(realtime=False, cycles=3)

    # The writer repeats its failure when closed; that is not reported a second time.
    notes = getattr(raised.value, "__notes__", [])
    assert not any("while cleaning up" in note for note in notes), notes


def test_csv_round_trip_write_then_read_gives_the_same_rows(tmp_path):
    out = tmp_path / "rt.csv"
    tricky = ["plain", "a,b", 'q"uote', "new\nline", "cr\rret", "", "ünïcödé"]
    src = ticker(0.5).count().limit(len(tricky)).map(
        lambda i: {"n": i, "text": tricky[i - 1]}
    )
    src.csv_write(out).run(realtime=False, start=10.0)

    rows = _read_all(out, "time")

    assert [round(t) for t, _ in rows] == [10_000_000_000 + k * 500_000_000 for k in range(7)]
    assert [r["text"] for _, r in rows] == tricky
    assert [r["n"] for _, r in rows] == [str(i) for i in range(1, 8)]


def test_csv_read_names_a_gzip_file_passed_by_mistake(tmp_path):
    import gzip

    path = tmp_path / "rows.csv.gz"
    path.write_bytes(gzip.compress(WORKED_EXAMPLE.encode()))

    with pytest.raises(ValueError, match="gzip-compressed"):
        csv_read(path, "t")
