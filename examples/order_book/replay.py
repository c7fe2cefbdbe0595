"""Replay a day of NASDAQ order messages (LOBSTER format) through a wingfoil graph.

    python examples/order_book/replay.py [--data PATH] [--out DIR] [--realtime] [--speed X]
                                         [--date YYYY-MM-DD] [--tick S] [--no-plot] [--quiet]

The graph: every message row goes through ``BookFeed`` (an ``OrderBook`` update); the records it
returns when the best bid/ask changed are written to ``top_of_book.csv``. Execution rows (types 4
and 5) become ``trades.csv``. After the run, ``bid_ask.png`` plots both and a summary goes to
stdout. Progress lines go to stderr once a second while the run lasts.

Historical mode (the default) reads the file with ``wingfoil.csv_read``: market times (seconds
after midnight, New York time) become graph times on the trading day named in the file name, and
the whole hour replays as fast as the machine allows. ``csv_read`` reads plain files only, so a
``.gz`` file is first decompressed into a temporary folder that is deleted when the program ends.

``--realtime`` replays on the wall clock, ``--speed`` times faster than the market (default 60, so
the sample hour takes a minute). ``csv_read`` refuses realtime runs, so the rows come from Python:
a ``ticker`` drives a ``RowPacer`` (see ``pacing.py``) that releases each row when it is due.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import date
from pathlib import Path

import wingfoil
from feed import BookFeed, is_trade, trade_record
from lobster import (
    DEFAULT_DATA,
    EXCHANGE_TZ,
    TIME_COLUMN,
    count_rows,
    instrument,
    prepare_csv,
    trading_date,
)
from pacing import RowPacer, is_end, is_row
from plot import plot_bid_ask
from progress import Progress
from summary import ReplayResult, format_summary

TOP_OF_BOOK_CSV = "top_of_book.csv"
TRADES_CSV = "trades.csv"
PLOT_PNG = "bid_ask.png"
DEFAULT_SPEED = 60.0
# A realtime replay releases at most one row per ticker period (see pacing.py). By default the
# period is 10 ms of market time, and never longer than 1 ms of wall time: 1,000 rows/s at 1x,
# 6,000 rows/s at 60x (the sample averages 25 rows per market second, with bursts far above that).
MARKET_SECONDS_PER_TICK = 0.01
MAX_TICK = 0.001


def default_tick(speed: float) -> float:
    """Ticker period for a realtime replay at ``speed``, in wall seconds."""
    return min(MAX_TICK, MARKET_SECONDS_PER_TICK / speed)


def _is_record(value: object) -> bool:
    return value is not None


def _market_seconds(row: dict[str, str]) -> float:
    return float(row[TIME_COLUMN])


def _file_rows(csv_path: Path, day: date) -> wingfoil.Stream:
    """Historical source: each row ticks at its market time on ``day`` (New York time)."""
    return wingfoil.csv_read(str(csv_path), TIME_COLUMN, time_unit="s", date=day, tz=EXCHANGE_TZ)


def _paced_rows(handle, speed: float, tick: float) -> tuple[wingfoil.Stream, object, RowPacer]:
    """Realtime source: rows released by a ticker-driven pacer, plus the node that ends the run."""
    pacer = RowPacer(wingfoil.ticker(tick).count(), csv.DictReader(handle), _market_seconds, speed)
    paced = wingfoil.Stream(pacer)
    # Realtime runs never end for lack of work; the marker after the last row stops the graph.
    stop = paced.filter(is_end).limit(0)
    return paced.filter(is_row), stop, pacer


def replay(
    csv_path: Path,
    out_dir: Path,
    day: date,
    *,
    realtime: bool = False,
    speed: float = DEFAULT_SPEED,
    tick: float | None = None,
    show_progress: bool = True,
    symbol: str = "",
) -> ReplayResult:
    """Run the replay graph over a plain CSV with a header; write the two CSV files.

    Returns the counts the graph measured, the wall time of the run and the final book. Raises
    ``book.BookError`` (from the run) when a message contradicts the book.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    total = count_rows(csv_path) if show_progress else None
    with ExitStack() as resources:
        if realtime:
            handle = resources.enter_context(open(csv_path, newline=""))
            rows, stop, pacer = _paced_rows(handle, speed, tick or default_tick(speed))
            roots, behind = [stop], (lambda: pacer.behind_seconds)
        else:
            rows, roots, behind = _file_rows(csv_path, day), [], None
        progress = Progress(total, behind=behind) if show_progress else None
        feed = BookFeed(
            on_progress=progress.update if progress else None,
            progress_every=1 if realtime else 4096,
        )

        tops = rows.map(feed).filter(_is_record)
        trades = rows.filter(is_trade).map(trade_record)
        messages, top_count, trade_count = rows.count(), tops.count(), trades.count()
        roots += [
            tops.csv_write(str(out_dir / TOP_OF_BOOK_CSV)),
            trades.csv_write(str(out_dir / TRADES_CSV)),
            messages,
            top_count,
            trade_count,
        ]

        interrupted = False
        if progress:
            progress.restart()
        started = time.perf_counter()
        try:
            wingfoil.Graph(roots).run(realtime=realtime)
        except KeyboardInterrupt:
            # The engine has stopped the graph and flushed the writers; report what was done.
            interrupted = True
        wall = time.perf_counter() - started

    return ReplayResult(
        instrument=symbol,
        trading_day=day.isoformat(),
        mode=f"realtime at {speed:g}x" if realtime else "historical",
        messages=messages.peek_value() or 0,
        top_of_book_updates=top_count.peek_value() or 0,
        trades=trade_count.peek_value() or 0,
        wall_seconds=wall,
        book=feed.book,
        out_dir=out_dir,
        outputs=[TOP_OF_BOOK_CSV, TRADES_CSV],
        interrupted=interrupted,
    )


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Replay LOBSTER order messages through a wingfoil graph.",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="LOBSTER message file, .csv or .csv.gz (default: the AAPL sample)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("order_book_out"),
        help="folder for the CSV files and the plot (default: ./order_book_out)",
    )
    parser.add_argument(
        "--date",
        type=date.fromisoformat,
        default=None,
        help="trading day YYYY-MM-DD (default: the date in the file name)",
    )
    parser.add_argument(
        "--realtime",
        action="store_true",
        help="replay on the wall clock instead of as fast as possible",
    )
    parser.add_argument(
        "--speed",
        type=float,
        default=None,
        help=f"realtime speed-up over market time (default {DEFAULT_SPEED:g})",
    )
    parser.add_argument(
        "--tick",
        type=float,
        default=None,
        help="realtime pacing period in seconds, at most one message per period "
        f"(default: {MARKET_SECONDS_PER_TICK:g} / speed, at most {MAX_TICK:g})",
    )
    parser.add_argument("--no-plot", action="store_true", help="skip bid_ask.png")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    if args.speed is not None and not args.realtime:
        parser.error("--speed only applies to --realtime replays")
    if args.speed is not None and not args.speed > 0:
        parser.error("--speed must be a positive number")
    if args.tick is not None and not args.tick > 0:
        parser.error("--tick must be a positive number of seconds")
    return args


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the process exit status."""
    args = _parse_args(argv)
    try:
        day = args.date or trading_date(args.data)
    except ValueError as error:
        print(f"error: {error}; pass --date YYYY-MM-DD", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="order_book_") as work:
        try:
            csv_path = prepare_csv(args.data, Path(work))
        except FileNotFoundError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        result = replay(
            csv_path,
            args.out,
            day,
            realtime=args.realtime,
            speed=args.speed or DEFAULT_SPEED,
            tick=args.tick,
            show_progress=not args.quiet,
            symbol=instrument(args.data),
        )

    if not args.no_plot:
        title = f"{result.instrument} {result.trading_day}: best bid/ask and trades (NASDAQ)"
        plot_bid_ask(
            args.out / TOP_OF_BOOK_CSV, args.out / TRADES_CSV, args.out / PLOT_PNG, day, title
        )
        result.outputs.append(PLOT_PNG)
    print(format_summary(result))
    return 130 if result.interrupted else 0


if __name__ == "__main__":
    sys.exit(main())
