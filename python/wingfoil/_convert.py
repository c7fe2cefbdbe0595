"""Conversions of user arguments into the engine's integer nanoseconds, with the exact error
types and messages of the API contract."""

from __future__ import annotations

import math
import numbers
from datetime import datetime, timedelta, timezone
from fractions import Fraction

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
U32_MAX = 2**32 - 1
# Engine time is int64 nanoseconds since the epoch: it ends in April 2262.
I64_MAX = 2**63 - 1


def _as_float(value: object) -> float | None:
    """float(value) for real numbers (int, float, or anything with __float__/__index__)."""
    if isinstance(value, (str, bytes, bytearray)) or value is None:
        return None
    if isinstance(value, numbers.Real) or hasattr(value, "__float__") or hasattr(
        value, "__index__"
    ):
        try:
            return float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError, OverflowError):
            return None
    return None


def period_ns(seconds: object, what: str) -> int:
    """A period or delay in seconds -> nanoseconds: the float's exact binary value rounded to
    the nearest nanosecond. Raises TypeError for non-numbers, ValueError for negative, NaN or
    infinite values."""
    value = _as_float(seconds)
    if value is None:
        raise TypeError(f"{what} must be a number of seconds, got {type(seconds).__name__}")
    if math.isnan(value) or math.isinf(value) or value < 0:
        raise ValueError(
            f"cannot convert float seconds to Duration: {what} must be finite and "
            f"non-negative, got {value!r}"
        )
    ns = round(Fraction(value) * 1_000_000_000)
    if ns > I64_MAX:
        raise ValueError(f"{what} of {value!r} s is too large: at most {I64_MAX / 1e9:.4g} s")
    return ns


def _check_start(ns: int) -> int:
    if ns > I64_MAX:
        raise ValueError(
            "failed to convert to NanoTime: start is after 2262-04-11, the end of int64 "
            "nanosecond time"
        )
    return ns


def start_ns(start: object) -> int:
    """`run(start=...)`: an aware datetime or a number of seconds since the epoch."""
    if isinstance(start, datetime):
        if start.tzinfo is None or start.tzinfo.utcoffset(start) is None:
            raise ValueError("failed to convert to NanoTime")
        delta = start - _EPOCH
        if delta < timedelta(0):
            raise ValueError("failed to convert to NanoTime")
        ns = (delta.days * 86_400 + delta.seconds) * 1_000_000_000 + delta.microseconds * 1000
        return _check_start(ns)
    value = _as_float(start)
    if value is None:
        raise TypeError("failed to convert to NanoTime")
    if math.isnan(value):
        raise ValueError("failed to convert to NanoTime: start is NaN")
    if math.isinf(value):
        raise ValueError("failed to convert to NanoTime: start is infinite")
    if value < 0:
        raise ValueError("Negative timestamps not supported")
    whole = math.trunc(value)
    return _check_start(whole * 1_000_000_000 + math.trunc((value - whole) * 1e9))


def duration_ns(duration: object) -> int | None:
    """`run(duration=...)`: seconds or a timedelta; None for an infinite duration. A duration
    reaching past the end of int64 nanosecond time also means no end."""
    if isinstance(duration, timedelta):
        if duration < timedelta(0):
            raise ValueError("failed to convert duration")
        ns = (duration.days * 86_400 + duration.seconds) * 1_000_000_000
        ns += duration.microseconds * 1000
        return ns if ns <= I64_MAX else None
    value = _as_float(duration)
    if value is None:
        raise TypeError("failed to convert duration")
    if math.isnan(value):
        raise ValueError("failed to convert duration: duration is NaN")
    if value < 0:
        raise ValueError("duration can not be negative")
    if math.isinf(value):
        return None
    ns = math.trunc(value * 1e9)
    return ns if ns <= I64_MAX else None


def count_arg(value: object, limit: int) -> int:
    """An unsigned integer argument such as `cycles`: int only, 0..limit."""
    if not isinstance(value, int):
        raise TypeError(f"'{type(value).__name__}' object cannot be interpreted as an integer")
    if value < 0 or value > limit:
        raise OverflowError("out of range integral type conversion attempted")
    return int(value)
