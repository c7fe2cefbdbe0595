"""etcd adapter: `etcd_sub` (a real-time source of the changes under a key prefix) and
`Stream.etcd_pub` (a sink writing key-value entries, optionally under a lease), over etcd's v3
JSON gateway (etcd 3.4 or later, plain HTTP). Neither call talks to etcd: connections are made
when a run starts, and every etcd call is limited to 5 s."""

from __future__ import annotations

import math
import numbers
from typing import Any

from .._wingfoil import Node, Stream, _etcd_pub, py_etcd_sub

__all__ = ["etcd_pub", "etcd_sub", "py_etcd_sub"]


def _check_str(value: object, what: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, got {type(value).__name__}")


def _check_seconds(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{what} must be a number of seconds, got {type(value).__name__}")
    seconds = float(value)
    if math.isnan(seconds) or math.isinf(seconds) or seconds < 0:
        raise ValueError(f"{what} must be a finite number of seconds >= 0, got {value!r}")
    return seconds


def etcd_sub(endpoint: str, prefix: str, *, reconnect_window: float = 30.0) -> Stream:
    """Follows every key under `prefix` at the etcd `endpoint` ("http://host:port" or
    "host:port"; an empty prefix means every key). Real-time runs only.

    When the run starts, the keys under the prefix are read and delivered as one tick, a list
    of ``{"kind": "put", "key": str, "value": bytes, "revision": int}`` dicts in key order, all
    stamped with the snapshot's revision (no tick if nothing matches). Then every change is
    delivered as it happens, from the snapshot's revision on, so nothing is missed or seen twice:
    each tick is a list of the events that arrived since the previous cycle, ``"kind"`` being
    ``"put"`` or ``"delete"`` and ``"revision"`` the change's own revision (``value`` is ``b""``
    for deletes). Keys are decoded as UTF-8, invalid bytes becoming U+FFFD.

    If etcd goes away during the run (a restart, a crash), the subscriber re-opens its watch
    from the last revision it delivered and carries on without gaps or duplicates; ``run()``
    raises ConnectionError (or TimeoutError) if that does not succeed within `reconnect_window`
    seconds, and RuntimeError if etcd no longer has the revisions needed (compacted) or has lost
    its data.

    Raises TypeError now for arguments of the wrong type and ValueError now for a malformed or
    https endpoint. ``run()`` raises ValueError in a historical run (etcd_sub is real-time only),
    ConnectionError if etcd cannot be reached at the start, TimeoutError if it does not answer
    within 5 s."""
    _check_str(endpoint, "etcd_sub endpoint")
    _check_str(prefix, "etcd_sub prefix")
    window = _check_seconds(reconnect_window, "etcd_sub reconnect_window")
    return py_etcd_sub(endpoint, prefix, window)


def etcd_pub(
    self: Stream, endpoint: str, lease_ttl: float | None = None, force: bool = True
) -> Node:
    """Writes this stream's values to the etcd `endpoint` ("http://host:port" or "host:port").
    Works in real-time and historical runs.

    Each value is a dict ``{"key": str, "value": bytes}`` or a list of them; `value` may also
    be a bytearray or a sequence of ints 0-255. Entries are written in order by a worker thread;
    ``run()`` returns only after every entry has been written.

    With `force` (the default) each entry is a Put that overwrites; with ``force=False`` an entry
    is written only if its key does not exist yet, and an existing key fails the run (entries
    written before it stay written).

    With `lease_ttl` (seconds, rounded up to whole seconds, at least 1; etcd may raise it to its
    own minimum, usually 2 s), every key is attached to a lease granted when the run starts and
    kept alive while it runs. The lease is revoked when the run ends, whether it succeeded or
    failed, so the keys vanish then; if the process dies, they vanish after the TTL.

    Raises TypeError now for arguments of the wrong type, ValueError now for a negative, NaN or
    infinite `lease_ttl` or a malformed or https endpoint. ``run()`` raises TypeError for a value
    that is not a dict or list of dicts, a key that is not a str or a value that is a str (encode
    it) or otherwise not bytes-like; KeyError for a dict without "key" or "value"; ValueError
    for an empty key; RuntimeError when ``force=False`` meets an existing key or etcd refuses a
    write; ConnectionError or TimeoutError when etcd cannot be reached or does not answer within
    5 s."""
    _check_str(endpoint, "etcd_pub endpoint")
    ttl = None if lease_ttl is None else _check_seconds(lease_ttl, "etcd_pub lease_ttl")
    if not isinstance(force, bool):
        raise TypeError(f"etcd_pub force must be bool, got {type(force).__name__}")
    return _etcd_pub(self, endpoint, ttl, force)


def install(stream_class: Any) -> None:
    """Adds the etcd sink method to Stream."""
    stream_class.etcd_pub = etcd_pub
