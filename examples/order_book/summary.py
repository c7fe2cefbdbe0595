"""The outcome of one replay, and its one-screen text summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from book import EXECUTE_HIDDEN, EXECUTE_VISIBLE, OrderBook
from lobster import format_price


@dataclass
class ReplayResult:
    """What a replay produced. Counts come from the graph's own ``count()`` streams."""

    instrument: str
    trading_day: str
    mode: str
    messages: int
    top_of_book_updates: int
    trades: int
    wall_seconds: float
    book: OrderBook
    out_dir: Path
    outputs: list[str] = field(default_factory=list)
    interrupted: bool = False

    @property
    def messages_per_second(self) -> float:
        """Messages replayed per second of wall time spent in the graph run."""
        return self.messages / self.wall_seconds if self.wall_seconds > 0 else 0.0


def _side_text(level: tuple[int, int] | None) -> str:
    if level is None:
        return "(empty)"
    price, size = level
    return f"{format_price(price)} x {size:,}"


def format_summary(result: ReplayResult) -> str:
    """Lines for stdout; the test suite reads the counts and final prices back from them."""
    book = result.book
    counts = book.event_counts
    status = " (interrupted)" if result.interrupted else ""
    lines = [
        f"LOBSTER replay of {result.instrument} {result.trading_day}, {result.mode}{status}",
        f"  messages replayed     {result.messages:>10,}",
        f"  wall time             {result.wall_seconds:>10.3f} s",
        f"  messages per second   {result.messages_per_second:>10,.0f}",
        f"  top-of-book updates   {result.top_of_book_updates:>10,}",
        f"  trades                {result.trades:>10,}"
        f"  ({counts.get(EXECUTE_VISIBLE, 0):,} visible, {counts.get(EXECUTE_HIDDEN, 0):,} hidden)",
        f"  unknown-order msgs    {book.unknown_order_messages:>10,}"
        f"  ({len(book.unknown_order_ids):,} orders entered before the file starts)",
        f"  orders left in book   {book.order_count:>10,}",
        f"  trading state         {book.trading_state:>10}",
        f"  final best bid        {_side_text(book.best_bid)}",
        f"  final best ask        {_side_text(book.best_ask)}",
        f"  outputs in {result.out_dir}: {', '.join(result.outputs)}",
    ]
    return "\n".join(lines)
