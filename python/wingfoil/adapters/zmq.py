"""ZeroMQ adapter: `zmq_sub` (a real-time source giving a data stream and a status stream) and
`Stream.zmq_pub` (a real-time sink). Both speak the reference wingfoil wire format, so they
interoperate with Rust and Python wingfoil peers and with any ZeroMQ peer that builds the frames:
one single-frame message per value, ``struct.pack("<IQ", 3, len(payload)) + payload``, and
``b"\\x01\\x00\\x00\\x00"`` (end of stream) when a publisher stops."""

from __future__ import annotations

import operator
from typing import Any

from .._wingfoil import Node, Stream, _zmq_pub, py_zmq_sub

__all__ = ["py_zmq_sub", "zmq_pub", "zmq_sub"]


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
