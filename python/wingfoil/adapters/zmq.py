"""ZeroMQ adapter: `zmq_sub` (a real-time source giving a data stream and a status stream) and
`Stream.zmq_pub` (a real-time sink). Both speak the reference wingfoil wire format, so they
interoperate with Rust and Python wingfoil peers and with any ZeroMQ peer that builds the frames:
one single-frame message per value, ``struct.pack("<IQ", 3, len(payload)) + payload``, and
``b"\\x01\\x00\\x00\\x00"`` (end of stream) when a publisher stops."""

from __future__ import annotations

import operator
from typing import Any

from .._wingfoil import Node, Stream, _zmq_lookup_etcd, _zmq_pub, _zmq_pub_etcd, py_zmq_sub

__all__ = [
    "py_zmq_sub",
    "py_zmq_sub_etcd",
    "zmq_pub",
    "zmq_pub_etcd",
    "zmq_pub_etcd_on",
    "zmq_sub",
    "zmq_sub_etcd",
]


def zmq_sub(address: str) -> tuple[Stream, Stream]:
    """Subscribes to the ZeroMQ publisher at `address`; returns ``(data, status)``.

    `address` is any libzmq endpoint, used verbatim, for example ``"tcp://127.0.0.1:5570"``.
    Nothing is connected now: the SUB socket connects (and reconnects on its own) while a
    real-time run is going, on a receiver thread of its own.

    ``data`` ticks with a ``list[bytes]``: every payload received since the previous cycle, in
    arrival order (an empty payload is ``b""``). ``status`` ticks with ``"connected"`` or
    ``"disconnected"``, the last change seen in the cycle; it does not tick before the first
    connection. When the publisher stops cleanly (end of stream), status becomes
    ``"disconnected"`` and both streams stop ticking; the run carries on and does not fail. After
    a publisher crash, status goes ``"disconnected"`` and back to ``"connected"`` when a
    publisher binds the address again.

    ``run()`` raises ValueError if the run is historical (zmq_sub is real-time only), if libzmq
    rejects the address (at the start of the run), or if a frame cannot be decoded (naming the
    frame and its first bytes); RuntimeError with the publisher's text if it sends an error
    message. Raises TypeError now if `address` is not a str."""
    if not isinstance(address, str):
        raise TypeError(f"zmq_sub address must be str, got {type(address).__name__}")
    data, status = py_zmq_sub(address)
    return data, status


def _check_port(port: object, what: str) -> int:
    try:
        number = operator.index(port)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(f"{what} port must be an int, got {type(port).__name__}") from None
    if not 0 <= number <= 65535:
        raise OverflowError(f"{what} port must be 0 to 65535, got {number}")
    return number


def _check_str(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, got {type(value).__name__}")
    return value


def zmq_sub_etcd(name: str, endpoint: str) -> tuple[Stream, Stream]:
    """Finds the publisher registered under `name` in etcd at `endpoint` ("http://host:port")
    and subscribes to it, exactly as ``zmq_sub(address)``; returns ``(data, status)``.

    The lookup happens now, once: if the publisher later moves, the subscriber keeps
    reconnecting to the address it found. Raises RuntimeError now when no publisher is
    registered under `name`, when etcd cannot be reached or does not answer within 5 s, or when
    the registered value is not UTF-8; TypeError for arguments that are not str."""
    address = _zmq_lookup_etcd(_check_str(name, "zmq_sub_etcd name"),
                               _check_str(endpoint, "zmq_sub_etcd endpoint"))
    return zmq_sub(address)


py_zmq_sub_etcd = zmq_sub_etcd


def zmq_pub_etcd(self: Stream, name: str, port: int, endpoint: str) -> Node:
    """``zmq_pub(port)`` (bound to loopback), registered in etcd at `endpoint` under `name` so
    that ``zmq_sub_etcd(name, endpoint)`` finds it. See ``zmq_pub_etcd_on``."""
    return zmq_pub_etcd_on(self, name, "127.0.0.1", port, endpoint)


def zmq_pub_etcd_on(self: Stream, name: str, address: str, port: int, endpoint: str) -> Node:
    """Publishes like ``zmq_pub`` on ``tcp://<address>:<port>`` (an interface address of this
    host, so subscribers on other hosts can connect) and registers it in etcd at `endpoint`.

    When the run starts, after the bind, a 30 s lease is granted (renewed every 10 s) and the key
    `name` (exactly as given) is set to the bound endpoint, e.g. ``"tcp://10.0.0.5:7000"``. When
    the run stops, cleanly or after a failure, the lease is revoked first, so the key vanishes
    at once, and then the end-of-stream message is sent. If the process dies, the key expires
    30 s after the last renewal. Binding "0.0.0.0" registers "tcp://0.0.0.0:<port>", which
    remote subscribers cannot use: bind the address they should connect to.

    Raises TypeError/OverflowError/ValueError now for bad arguments (a malformed etcd endpoint
    included). ``run()`` raises ValueError in historical runs, ConnectionError if the bind
    fails, and RuntimeError naming the etcd step that failed (lease grant or put)."""
    return _zmq_pub_etcd(
        self,
        _check_str(name, "zmq_pub_etcd name"),
        _check_str(address, "zmq_pub_etcd address"),
        _check_port(port, "zmq_pub_etcd"),
        _check_str(endpoint, "zmq_pub_etcd endpoint"),
    )


def zmq_pub(self: Stream, port: int) -> Node:
    """Publishes each value of this stream on a ZeroMQ PUB socket bound to
    ``tcp://127.0.0.1:<port>`` (loopback only), one message per tick, sent from the engine
    thread in the same cycle.

    Values must be ``bytes``, ``bytearray`` or a sequence of ints 0-255 (a list, a tuple, a
    memoryview of bytes...). Frames published before the first subscriber has connected are
    kept (up to the last 0.5 s of them) and sent when it joins; after that, ZeroMQ PUB rules
    apply: a message nobody is subscribed to, or above the 1000-message queue of a slow
    subscriber, is dropped, and the graph never blocks. When the run stops an end-of-stream
    message is sent, and closing waits at most 1 s for it to leave.

    Raises OverflowError now if `port` is outside 0-65535, TypeError now if it is not an int or
    if the stream carries numbers. ``run()`` raises ValueError if the run is historical
    (zmq_pub is real-time only; nothing is bound), ConnectionError if the port cannot be bound
    (for example "Address already in use"), and TypeError naming the type of a value that is
    not bytes (a str included); nothing is published for that value."""
    try:
        number = operator.index(port)
    except TypeError:
        raise TypeError(f"zmq_pub port must be an int, got {type(port).__name__}") from None
    if not 0 <= number <= 65535:
        raise OverflowError(f"zmq_pub port must be 0 to 65535, got {number}")
    return _zmq_pub(self, number)


def install(stream_class: Any) -> None:
    """Adds the ZeroMQ sink method to Stream."""
    stream_class.zmq_pub = zmq_pub
    stream_class.zmq_pub_etcd = zmq_pub_etcd
    stream_class.zmq_pub_etcd_on = zmq_pub_etcd_on
