"""Releasing recorded rows at wall-clock pace, for replaying history through a realtime graph.

``csv_read`` runs in historical mode only, so a realtime replay feeds the rows from Python instead.
A ``ticker`` drives a ``RowPacer`` (wrapped with ``wingfoil.Stream``). On every tick the pacer
compares the wall clock with the next row's market time, scaled by the speed-up, and releases that
row when it is due. After the last row it emits one ``END_OF_DATA`` marker, which the replay uses
to stop the graph (``limit(0)`` on a stream that ticks only with that marker).

Each tick releases at most one row, because a stream emits one value per engine cycle and every
message must reach the book separately. Rows that fall due together (LOBSTER has up to 60 rows on
one timestamp) go out on consecutive ticks.

Limitation: throughput is capped at one row per ticker period. When the market sends rows faster
than ``speed / period`` allows, rows are released late; ``behind_seconds`` tells by how much (it is
shown on the progress line), and the pacer catches up in quieter periods. Row contents and order
never change, only their timing, so the outputs match a historical replay except for the ``time``
column, which carries wall-clock time in a realtime run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator


class EndOfData:
    """Type of the marker the pacer emits once after its last row."""

    def __repr__(self) -> str:
        return "END_OF_DATA"


END_OF_DATA = EndOfData()


def is_end(value: object) -> bool:
    """True for the end-of-data marker."""
    return isinstance(value, EndOfData)


def is_row(value: object) -> bool:
    """True for anything the pacer emits except the end-of-data marker."""
    return not isinstance(value, EndOfData)


class RowPacer:
    """Stream body (``upstreams``/``cycle``/``peek``) that releases rows on a scaled clock.

    ``clock`` is the stream that wakes the pacer (a ``ticker(...).count()``). ``market_time(row)``
    gives a row's time in seconds; times must not decrease. ``speed`` is how many market seconds
    pass per wall-clock second. The first row is released on the first tick, which anchors the
    two clocks.
    """

    def __init__(
        self,
        clock: object,
        rows: Iterable[dict[str, str]],
        market_time: Callable[[dict[str, str]], float],
        speed: float,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        if not speed > 0:
            raise ValueError(f"speed must be a positive number, got {speed!r}")
        self._clock = clock
        self._rows: Iterator[dict[str, str]] = iter(rows)
        self._market_time = market_time
        self._speed = float(speed)
        self._now = now
        self._value: object = None
        self._next: dict[str, str] | None = None
        self._next_time = 0.0
        self._finished = False
        self._rows_read = 0
        self._wall_origin: float | None = None
        self._market_origin = 0.0
        self.released = 0
        self.behind_seconds = 0.0
        self._advance()

    def upstreams(self) -> list[object]:
        """The clock stream; every tick of it calls ``cycle``."""
        return [self._clock]

    def peek(self) -> object:
        """The last released row, or ``END_OF_DATA`` after the last one."""
        return self._value

    def cycle(self) -> bool:
        """Release the next row if it is due; emit the end marker once when rows run out."""
        if self._next is None:
            if self._finished:
                return False
            self._finished = True
            self._value = END_OF_DATA
            return True

        now = self._now()
        if self._wall_origin is None:
            self._wall_origin = now
            self._market_origin = self._next_time
        due = self._wall_origin + (self._next_time - self._market_origin) / self._speed
        if now < due:
            return False

        self.behind_seconds = now - due
        self._value = self._next
        self.released += 1
        self._advance()
        return True

    def _advance(self) -> None:
        row = next(self._rows, None)
        if row is not None:
            self._rows_read += 1
            row_time = self._market_time(row)
            if row_time < self._next_time:
                raise ValueError(
                    f"data row {self._rows_read} goes back in time "
                    f"({row_time} s after {self._next_time} s)"
                )
            self._next_time = row_time
        self._next = row
