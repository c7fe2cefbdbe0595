"""Turning CSV rows of LOBSTER messages into order-book updates and trade records.

``BookFeed`` is the callable the graph maps over every message row: it applies the row to an
``OrderBook`` and returns a top-of-book record when the best bid/ask changed, else None.
``trade_record`` turns an execution row into a trade record. Rows are the dicts that
``wingfoil.csv_read`` produces (every value a ``str``); records are dicts ready for ``csv_write``.
"""

from __future__ import annotations

from collections.abc import Callable

from book import BUY, EXECUTE_HIDDEN, TRADE_TYPES, OrderBook
from lobster import format_price

TRADE_TYPE_TEXT = frozenset(str(t) for t in TRADE_TYPES)

# Keys of the records, in the column order csv_write will use.
TOP_OF_BOOK_KEYS = ("seconds", "bid", "bid_size", "ask", "ask_size")
TRADE_KEYS = ("seconds", "order_id", "price", "size", "direction", "aggressor", "hidden")


class BookFeed:
    """Applies message rows to a book; returns a top-of-book record only when the top changed.

    ``on_progress(messages, seconds_text)`` is called every ``progress_every`` messages, so a
    progress display costs nothing on the other rows.
    """

    def __init__(
        self,
        book: OrderBook | None = None,
        on_progress: Callable[[int, str], None] | None = None,
        progress_every: int = 4096,
    ) -> None:
        self.book = book if book is not None else OrderBook()
        self.messages = 0
        self._on_progress = on_progress
        self._progress_every = progress_every

    def __call__(self, row: dict[str, str]) -> dict[str, object] | None:
        """Apply one row; return the new top of book if it changed, else None."""
        book = self.book
        changed = book.apply(
            int(row["message_type"]),
            int(row["order_id"]),
            int(row["quantity"]),
            int(row["price"]),
            int(row["direction"]),
        )
        self.messages += 1
        if self._on_progress is not None and self.messages % self._progress_every == 0:
            self._on_progress(self.messages, row["seconds"])
        if not changed:
            return None
        top = book.top()
        return {
            "seconds": row["seconds"],
            "bid": format_price(top.bid_price),
            "bid_size": top.bid_size,
            "ask": format_price(top.ask_price),
            "ask_size": top.ask_size,
        }


def is_trade(row: dict[str, str]) -> bool:
    """True for visible (type 4) and hidden (type 5) executions."""
    return row["message_type"] in TRADE_TYPE_TEXT


def trade_record(row: dict[str, str]) -> dict[str, object]:
    """A trade from an execution row.

    ``direction`` is LOBSTER's: the side of the resting order that was hit. ``aggressor`` is the
    side that initiated the trade, which is the opposite one (a sell order executing is a buy).
    """
    direction = int(row["direction"])
    return {
        "seconds": row["seconds"],
        "order_id": int(row["order_id"]),
        "price": format_price(int(row["price"])),
        "size": int(row["quantity"]),
        "direction": direction,
        "aggressor": "sell" if direction == BUY else "buy",
        "hidden": int(row["message_type"]) == EXECUTE_HIDDEN,
    }
