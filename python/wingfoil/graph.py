"""Graph: several roots run as one graph, sharing one clock and one set of run bounds."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ._run import run_graph
from ._wingfoil import Node, Stream


class Graph:
    """The union of everything reachable from `nodes` (Stream or Node objects), run as one
    graph: one clock, one cycle counter, one stop condition. A Graph can run several times;
    node state (counts, collected lists, ...) carries over between runs.

    Raises TypeError("Graph components must be Stream or Node") for any other element."""

    def __init__(self, nodes: Iterable[Any]) -> None:
        items = list(nodes)
        for item in items:
            if not isinstance(item, (Stream, Node)):
                raise TypeError("Graph components must be Stream or Node")
        self._nodes = items

    def run(
        self,
        realtime: bool,
        start: Any = None,
        duration: Any = None,
        cycles: int | None = None,
    ) -> None:
        """Runs the graph and blocks until it ends; returns None.

        realtime: True follows the wall clock, False replays history as fast as possible.
        start: historical start, an aware datetime or seconds since the Unix epoch (default 0).
        duration: seconds or a timedelta; every cycle with time <= start + duration runs.
        cycles: run at most this many engine cycles (0 .. 2**32 - 1).

        Raises TypeError/ValueError/OverflowError for bad arguments, and whatever a node raised
        (the original exception, with a note naming the node) when the run fails. Cleanup
        (stop, teardown, `finally` callbacks) runs either way."""
        run_graph(self._nodes, realtime, start, duration, cycles)
