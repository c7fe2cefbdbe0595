"""CustomStream: a stream written in Python. Subclass it, implement cycle(), and construct it
with its upstream streams; construction returns a wingfoil Stream wrapping the instance."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from ._wingfoil import Stream

T = TypeVar("T")


class CustomStream(Generic[T]):
    """Base class for user-defined streams.

    cycle() is called once in every cycle in which at least one upstream ticked; return True
    to tick. Use set_value() to set the value that peek() and downstream nodes see. Upstreams
    are read when a run wires the graph, so they may be Streams or Nodes."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        instance = super().__new__(cls)
        cls.__init__(instance, *args, **kwargs)
        # Returning a Stream (not an instance of cls) means Python does not call __init__ again.
        return Stream(instance)

    def __init__(self, upstreams: Iterable[Any] | None = None) -> None:
        self._value: T | None = None
        self._upstreams: list[Any] = list(upstreams) if upstreams else []

    def upstreams(self) -> list[Any]:
        """The streams this one depends on; each is an active upstream."""
        return self._upstreams

    def peek(self) -> T | None:
        """The current value."""
        return self._value

    def set_value(self, value: T) -> None:
        """Sets the current value."""
        self._value = value

    def cycle(self) -> bool:
        """Called when an upstream ticked; return True to tick."""
        raise Exception("cycle must be implemented in derived class")
