"""CSV adapter: `csv_read` (a historical source, one tick per row) and `Stream.csv_write`."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from .._wingfoil import Node, Stream, _csv_write, py_csv_read

_UNITS = {"ns": 1, "us": 1_000, "ms": 1_000_000, "s": 1_000_000_000}


def _midnight_ns(day: date | str, tz: str) -> int:
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day)
        except ValueError:
            raise ValueError(f"csv_read date must be 'YYYY-MM-DD', got {day!r}") from None
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"csv_read date must be a datetime.date or 'YYYY-MM-DD', got {day!r}")
    try:
        zone = ZoneInfo(tz)
    except Exception as e:
        raise ValueError(f"csv_read tz {tz!r} is not a known IANA time zone") from e
    midnight = datetime(day.year, day.month, day.day, tzinfo=zone)
    delta = midnight.astimezone(timezone.utc) - datetime(1970, 1, 1, tzinfo=timezone.utc)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000_000 + delta.microseconds * 1000


def csv_read(
    path: str | os.PathLike[str],
    time_column: str,
    *,
    time_unit: str = "ns",
    date: date | str | None = None,
    tz: str = "UTC",
) -> Stream:
    """A historical source that ticks once per data row of a CSV file with a header row.

    Each tick's value is a dict of the row, keys in header order, every value a str. The time of
    a row is its `time_column`: by default integer nanoseconds since the Unix epoch. With
    `time_unit` ("ns", "us", "ms" or "s") the column is a decimal number in that unit (up to
    nanosecond precision, parsed exactly); with `date` ("YYYY-MM-DD" or a datetime.date) it is
    an offset from midnight of that day in time zone `tz` (for example LOBSTER's seconds after
    midnight, New York time: `time_unit="s", date="2012-06-21", tz="America/New_York"`).

    Rows sharing a time are all delivered, in file order, one cycle each, 1 ns apart. Rows
    before the run's start are skipped. The file is opened now and read lazily during the run.

    Raises FileNotFoundError now for a missing file, ValueError now for a gzip-compressed one;
    during the run, ValueError naming the line
    for a malformed row, an unparsable or missing time, or a time earlier than the previous
    row's. Realtime runs are rejected with ValueError."""
    if not isinstance(time_column, str):
        raise TypeError(f"csv_read time_column must be str, got {type(time_column).__name__}")
    if time_unit not in _UNITS:
        raise ValueError(f"csv_read time_unit must be one of {sorted(_UNITS)}, got {time_unit!r}")
    offset = 0 if date is None else _midnight_ns(date, tz)
    _reject_compressed(os.fspath(path))
    return py_csv_read(os.fspath(path), time_column, _UNITS[time_unit], offset)


def _reject_compressed(path: str) -> None:
    """A gzip file passed by mistake would otherwise fail later as "invalid UTF-8"."""
    try:
        with open(path, "rb") as f:
            magic = f.read(2)
    except OSError:
        return  # the native reader raises the precise error (FileNotFoundError, ...)
    if magic == b"\x1f\x8b":
        raise ValueError(
            f"csv_read: '{path}' is gzip-compressed; decompress it first (csv_read reads plain "
            "CSV text)"
        )


def csv_write(self: Stream, path: str | os.PathLike[str]) -> Node:
    """Writes each dict value as a CSV row: the cycle time in integer nanoseconds, then the
    values (str() of each) in the order of the first dict's keys, under a header row
    `time,<key>,...`. Missing keys give empty fields; extra keys are ignored; values that are
    not dicts are skipped (with one RuntimeWarning). Quoting follows RFC 4180.

    The file is created (truncated) now, flushed when the run stops and closed at teardown; a
    later run appends. Raises TypeError now for a stream of native numbers (count, sum, ...),
    which can never carry dicts; OSError now if the file cannot be created, and OSError from
    run() if writing fails."""
    return _csv_write(self, os.fspath(path))


def install(stream_class: Any) -> None:
    """Adds the CSV sink method to Stream."""
    stream_class.csv_write = csv_write
