"""wingfoil: wire a graph of streams in Python, run it on a native C++ engine, replaying history
(backtesting) or live on the wall clock with the same wiring."""

from __future__ import annotations

from typing import Any

from . import _convert, _logging
from ._run import run_graph
from ._wingfoil import Node, Stream, bimap, constant
from ._wingfoil import _ticker as _native_ticker
from ._wingfoil import PushSource, push_source, py_csv_read
from .adapters import csv as _csv
from .adapters.csv import csv_read
from .adapters.etcd import etcd_sub, install as _install_etcd, py_etcd_sub
from .adapters.zmq import install as _install_zmq
from .adapters.zmq import py_zmq_sub, py_zmq_sub_etcd, zmq_sub, zmq_sub_etcd
from .graph import Graph
from .pandas_helpers import build_dataframe, to_dataframe
from .stream import CustomStream

__version__ = "4.0.1"

__all__ = [
    "CustomStream",
    "Graph",
    "Node",
    "PushSource",
    "Stream",
    "bimap",
    "build_dataframe",
    "constant",
    "csv_read",
    "push_source",
    "py_csv_read",
    "ticker",
    "to_dataframe",
    "py_zmq_sub",
    "zmq_sub",
    "zmq_sub_etcd",
    "py_zmq_sub_etcd",
    "etcd_sub",
    "py_etcd_sub",
]


def ticker(seconds: float) -> Node:
    """A source node that ticks every `seconds`, starting at the run's start time.

    The period is the float's exact value rounded to the nearest nanosecond; 0 ticks every
    cycle. Raises TypeError for non-numbers and ValueError for negative, NaN or infinite
    periods. A ticker has no value: use .count() for a stream."""
    return _native_ticker(_convert.period_ns(seconds, "ticker period"))


def _run(self: Any, realtime: bool, start: Any = None, duration: Any = None,
         cycles: int | None = None) -> None:
    """Runs the graph reachable from this node: exactly Graph([self]).run(...)."""
    run_graph([self], realtime, start, duration, cycles)


def _delay(self: Stream, delay_secs: float) -> Stream:
    """Re-emits each value `delay_secs` SECONDS later (0 passes values through in the same
    cycle). Raises ValueError for negative or NaN delays."""
    return self._delay(_convert.period_ns(delay_secs, "delay"))


def _logged(self: Stream, label: str) -> Stream:
    """Passes values through and logs each as one INFO record on the `wingfoil` logger:
    `<elapsed seconds> <label> <str(value)>`. Returns the stream itself when RUST_LOG disables
    INFO. Raises TypeError when `label` is not a str."""
    if not isinstance(label, str):
        raise TypeError(f"logged() label must be str, got {type(label).__name__}")
    if not _logging.info_enabled():
        return self
    return self._logged(label, _logging.emit)


Stream.run = _run  # type: ignore[method-assign]
Node.run = _run  # type: ignore[method-assign]
Stream.delay = _delay  # type: ignore[method-assign]
Stream.logged = _logged  # type: ignore[method-assign]
_csv.install(Stream)
_install_zmq(Stream)
_install_etcd(Stream)
