"""`run()` for Graph, Stream and Node: validates the arguments exactly as the API contract says,
then hands plain nanoseconds to the engine."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import _convert
from ._wingfoil import _run_graph


def run_graph(
    roots: Sequence[Any],
    realtime: object,
    start: object = None,
    duration: object = None,
    cycles: object = None,
    *,
    busy_poll: bool = False,
) -> None:
    """Runs the graph reachable from `roots`; see `Graph.run`."""
    if not isinstance(realtime, bool):
        raise TypeError(
            f"argument 'realtime': '{type(realtime).__name__}' object cannot be cast as 'bool'"
        )
    if duration is not None and cycles is not None:
        raise ValueError("Cannot specify both duration and cycles")
    if realtime and start is not None:
        raise ValueError("Cannot specify start in realtime mode")
    start_ns = 0 if start is None else _convert.start_ns(start)
    duration_ns = None if duration is None else _convert.duration_ns(duration)
    count = None if cycles is None else _convert.count_arg(cycles, _convert.U32_MAX)
    _run_graph(list(roots), realtime, start_ns, duration_ns, count, busy_poll)
