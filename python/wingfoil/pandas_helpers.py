"""Turn wingfoil stream output into pandas DataFrames.

pandas is an optional dependency: it is imported inside each function, never when this module
or the ``wingfoil`` package is imported.
"""

from __future__ import annotations

from typing import Any


def to_dataframe(data: Any) -> Any:
    """Build a ``pandas.DataFrame`` from collected stream output.

    ``data`` may be:

    * empty or None: an empty DataFrame;
    * a list of ``(time, value)`` pairs, for example the value of a ``dataframe()`` stream: a
      ``time`` column first, then the value's keys (dict values), its attributes (objects with
      ``__dict__``), or a single ``value`` column (anything else);
    * a dict: passed to ``pandas.DataFrame`` as it is;
    * any other sequence: dict rows and object rows become columns, scalar rows one ``value``
      column.

    Call it from any thread, after the run. Raises ``ImportError`` when pandas is not installed,
    and whatever pandas raises for input it cannot tabulate.
    """
    import pandas

    if not data:
        return pandas.DataFrame()
    if isinstance(data, list) and _is_time_value_pair(data[0]):
        return _from_time_value_rows(pandas, data)
    if isinstance(data, dict):
        return pandas.DataFrame(data)
    first = data[0]
    if isinstance(first, dict):
        return pandas.DataFrame(data)
    if hasattr(first, "__dict__"):
        return pandas.DataFrame([vars(item) for item in data])
    return pandas.DataFrame(data, columns=["value"])


def build_dataframe(stream_dict: dict[str, Any]) -> Any:
    """Join several ``(time, value)`` streams into one ``pandas.DataFrame``.

    ``stream_dict`` maps a column name to a stream whose ``peek_value()`` is a list of
    ``(time, value)`` pairs (a ``dataframe()`` stream, or ``with_time().collect()``). Streams with
    no rows are skipped. The frames are outer-joined on time in dict order, so rows come in the
    order pandas' outer concat gives (the first stream's times, then times first seen in later
    streams; not sorted), and missing cells are NaN. ``time`` is the first column. With no rows at
    all the result is an empty DataFrame.

    Call it after the run, from the thread that ran the graph. Raises ``ImportError`` when pandas is
    not installed.
    """
    import pandas

    frames: list[Any] = []
    for name, stream in stream_dict.items():
        rows = stream.peek_value()
        if not rows:
            continue
        index = pandas.Index([row[0] for row in rows], name="time")
        frames.append(pandas.DataFrame({name: [row[1] for row in rows]}, index=index))
    if not frames:
        return pandas.DataFrame()
    return pandas.concat(frames, axis=1, join="outer").reset_index()


def _is_time_value_pair(row: object) -> bool:
    return isinstance(row, tuple) and len(row) == 2


def _from_time_value_rows(pandas: Any, rows: list[Any]) -> Any:
    times = [row[0] for row in rows]
    values = [row[1] for row in rows]
    first = values[0]
    if isinstance(first, dict):
        frame = pandas.DataFrame(values)
    elif hasattr(first, "__dict__"):
        frame = pandas.DataFrame([vars(value) for value in values])
    else:
        return pandas.DataFrame({"time": times, "value": values})
    frame.insert(0, "time", times)
    return frame
