"""The `logged` operator's output: one INFO record per tick on the `wingfoil` logger.

The level filter is the RUST_LOG environment variable (default "info"), read once at import, as
in the reference implementation; it decides whether `logged` logs at all, so records are handed
to the logger's handlers without a second level check on the logger. When the application has
configured no handler that the `wingfoil` logger reaches, the line is written to the current
sys.stderr in the reference's format (`[<UTC time> INFO  wingfoil] <message>`), the way Python's
own last-resort handler works. Importing wingfoil configures no logging."""

from __future__ import annotations

import logging
import os
import sys
import time

logger = logging.getLogger("wingfoil")

_LEVELS = {
    "off": logging.CRITICAL + 10,
    "error": logging.ERROR,
    "warn": logging.WARNING,
    "warning": logging.WARNING,
    "info": logging.INFO,
    "debug": logging.DEBUG,
    "trace": logging.DEBUG,
}


def _level_from_env() -> int:
    text = os.environ.get("RUST_LOG", "info").strip().lower()
    # RUST_LOG may carry per-module directives ("wingfoil=debug,info"); take the global level.
    for part in text.split(","):
        part = part.strip()
        if "=" in part:
            name, _, level = part.partition("=")
            if name.strip() == "wingfoil":
                return _LEVELS.get(level.strip(), logging.INFO)
        elif part:
            return _LEVELS.get(part, logging.INFO)
    return logging.INFO


THRESHOLD = _level_from_env()


def info_enabled() -> bool:
    """True when `logged` should log at all (RUST_LOG allows INFO)."""
    return THRESHOLD <= logging.INFO


def format_elapsed(elapsed_ns: int) -> str:
    """Seconds with microseconds, rounded half up: 1234.5 s -> '1,234.500_000'."""
    micros = (elapsed_ns + 500) // 1000
    seconds, frac = divmod(micros, 1_000_000)
    return f"{seconds:,}.{frac // 1000:03d}_{frac % 1000:03d}"


def emit(label: str, elapsed_ns: int, value: object) -> None:
    """Writes one `logged` record. Called by the engine on each tick."""
    message = f"{format_elapsed(elapsed_ns)} {label} {value}"
    if logger.hasHandlers():
        if not logger.disabled:
            record = logger.makeRecord(
                logger.name, logging.INFO, "(wingfoil)", 0, message, (), None
            )
            logger.handle(record)
        return
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    sys.stderr.write(f"[{stamp} INFO  wingfoil] {message}\n")
