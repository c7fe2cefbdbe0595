"""A progress line on stderr for long replays, printed at most once per interval of wall time."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO


def clock_text(seconds_after_midnight: float) -> str:
    """'HH:MM:SS.mmm' for a number of seconds after midnight."""
    millis = round(seconds_after_midnight * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


class Progress:
    """Reports messages replayed, market time reached and throughput.

    ``update`` is cheap when the interval has not elapsed, so callers may call it on every message.
    ``behind`` (optional) returns how late, in wall seconds, a realtime replay is running.
    """

    def __init__(
        self,
        total: int | None,
        interval: float = 1.0,
        out: TextIO | None = None,
        behind: Callable[[], float] | None = None,
    ) -> None:
        self._total = total
        self._interval = interval
        self._out = out
        self._behind = behind
        self._start = time.monotonic()
        self._next_report = self._start + interval
        self.lines_printed = 0

    def restart(self) -> None:
        """Measure from now (call just before the run starts)."""
        self._start = time.monotonic()
        self._next_report = self._start + self._interval

    def update(self, messages: int, seconds_text: str) -> None:
        """Print a line if the interval has passed since the last one."""
        now = time.monotonic()
        if now < self._next_report:
            return
        self._next_report = now + self._interval
        elapsed = now - self._start
        done = f"{messages:,}"
        if self._total:
            done += f"/{self._total:,} ({100.0 * messages / self._total:.0f}%)"
        line = (
            f"[replay] {done} messages, market time {clock_text(float(seconds_text))}, "
            f"{messages / elapsed if elapsed > 0 else 0.0:,.0f} msg/s"
        )
        if self._behind is not None:
            line += f", {self._behind():.3f} s behind schedule"
        print(line, file=self._out or sys.stderr, flush=True)
        self.lines_printed += 1
