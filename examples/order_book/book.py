"""A price-level order book that applies LOBSTER messages one at a time.

The book keeps two dictionaries: live orders by order id, and the total visible size at each price
level, one dictionary per side. The best price of each side is cached and only recomputed when the
best level empties, so applying a message costs a few dictionary operations.

Message semantics follow the LOBSTER readme (event types 1 to 5 and 7):

* 1 new limit order: adds the order to its price level.
* 2 partial cancellation and 4 visible execution: take the message size off the order.
* 3 deletion: removes whatever is left of the order.
* 5 hidden execution: a trade against hidden liquidity; the visible book does not change.
* 7 trading halt indicator: price -1 halts, 0 resumes quoting, 1 resumes trading. The book keeps
  its orders; only ``trading_state`` changes.

Orders that predate the file. A message file starts part-way through the day (LOBSTER's sample
starts at 09:30), so some cancellations, deletions and executions refer to orders entered before
the first message. Their full size is unknown, so the book cannot hold them. Such a message leaves
the visible book unchanged; it is counted in ``unknown_order_messages`` and its id is kept in
``unknown_order_ids``. An execution of such an order is still a trade for whoever reports trades.

Limitation: orders resting before the first message never enter the book, so while they rest the
reconstructed levels miss their size and the best bid/ask can be worse than the real one. On the
AAPL sample 84 of 91,997 messages (80 distinct orders), spread over the hour, refer to them.

Malformed input (an unknown event type, a duplicate order id, a size larger than what is left of the
order, a side or price that disagrees with the original order) raises ``BookError``: it means the
file or the book is wrong, and carrying on would print a book that silently disagrees with the data.
"""

from __future__ import annotations

from typing import NamedTuple

NEW_ORDER = 1
PARTIAL_CANCEL = 2
DELETE = 3
EXECUTE_VISIBLE = 4
EXECUTE_HIDDEN = 5
TRADING_HALT = 7

BUY = 1
SELL = -1

TRADE_TYPES = frozenset((EXECUTE_VISIBLE, EXECUTE_HIDDEN))

# The price field of a type 7 message says which halt state starts (LOBSTER readme).
_HALT_STATES = {-1: "halted", 0: "quoting", 1: "trading"}


class BookError(ValueError):
    """A message contradicts the book (duplicate id, over-fill, wrong side/price, bad type)."""


class TopOfBook(NamedTuple):
    """Best bid and ask. Prices are LOBSTER integers (dollars x 10000); an empty side is None/0."""

    bid_price: int | None
    bid_size: int
    ask_price: int | None
    ask_size: int


class OrderBook:
    """Visible limit order book for one instrument, fed LOBSTER messages in file order."""

    def __init__(self) -> None:
        # order id -> [direction, price, remaining visible size]; only orders seen entering.
        self._orders: dict[int, list[int]] = {}
        # price -> total visible size; a level is removed as soon as its size reaches zero.
        self._bids: dict[int, int] = {}
        self._asks: dict[int, int] = {}
        self._best_bid: int | None = None
        self._best_ask: int | None = None
        self.trading_state = "trading"
        self.unknown_order_messages = 0
        self.unknown_order_ids: set[int] = set()
        # event type -> number of messages applied, malformed ones excluded.
        self.event_counts: dict[int, int] = {}

    def apply(self, event_type: int, order_id: int, size: int, price: int, direction: int) -> bool:
        """Apply one message; return True if the best bid/ask price or size changed.

        Arguments are the LOBSTER columns 2 to 6 as integers. Hidden executions and halts never
        change the top of book. Raises ``BookError`` for a message that contradicts the book; the
        book is then left exactly as it was.
        """
        if event_type == NEW_ORDER:
            changed = self._new_order(order_id, size, price, direction)
        elif event_type == PARTIAL_CANCEL or event_type == EXECUTE_VISIBLE:
            changed = self._reduce(event_type, order_id, size, price, direction)
        elif event_type == DELETE:
            changed = self._delete(order_id, price, direction)
        elif event_type == EXECUTE_HIDDEN:
            changed = False
        elif event_type == TRADING_HALT:
            changed = self._halt(price)
        else:
            raise BookError(f"unknown LOBSTER event type {event_type} (order {order_id})")
        counts = self.event_counts
        counts[event_type] = counts.get(event_type, 0) + 1
        return changed

    def top(self) -> TopOfBook:
        """The current best bid and ask with their total visible sizes."""
        bid, ask = self._best_bid, self._best_ask
        return TopOfBook(
            bid,
            0 if bid is None else self._bids[bid],
            ask,
            0 if ask is None else self._asks[ask],
        )

    @property
    def best_bid(self) -> tuple[int, int] | None:
        """(price, size) of the best bid, or None when no bid is resting."""
        bid = self._best_bid
        return None if bid is None else (bid, self._bids[bid])

    @property
    def best_ask(self) -> tuple[int, int] | None:
        """(price, size) of the best ask, or None when no ask is resting."""
        ask = self._best_ask
        return None if ask is None else (ask, self._asks[ask])

    def levels(self, direction: int) -> dict[int, int]:
        """A copy of one side's price levels, price -> visible size (BUY = bids, SELL = asks)."""
        return dict(self._side(direction))

    def order(self, order_id: int) -> tuple[int, int, int] | None:
        """(direction, price, remaining size) of a live order, or None if it is not in the book."""
        entry = self._orders.get(order_id)
        return None if entry is None else (entry[0], entry[1], entry[2])

    @property
    def messages_applied(self) -> int:
        """Number of messages applied so far."""
        return sum(self.event_counts.values())

    @property
    def order_count(self) -> int:
        """Number of live orders in the book."""
        return len(self._orders)

    # Message handlers. Each returns whether the top of book changed.

    def _new_order(self, order_id: int, size: int, price: int, direction: int) -> bool:
        if order_id in self._orders:
            raise BookError(f"new order {order_id} reuses the id of a live order")
        if size <= 0:
            raise BookError(f"new order {order_id} has non-positive size {size}")
        levels = self._side(direction)
        self._orders[order_id] = [direction, price, size]
        levels[price] = levels.get(price, 0) + size
        if direction == BUY:
            best = self._best_bid
            if best is None or price > best:
                self._best_bid = price
                return True
        else:
            best = self._best_ask
            if best is None or price < best:
                self._best_ask = price
                return True
        return price == best

    def _reduce(
        self, event_type: int, order_id: int, size: int, price: int, direction: int
    ) -> bool:
        entry = self._orders.get(order_id)
        if entry is None:
            self._count_unknown(order_id)
            return False
        self._check_matches(entry, order_id, price, direction)
        remaining = entry[2]
        if size <= 0 or size > remaining:
            raise BookError(
                f"event type {event_type} takes {size} from order {order_id}, "
                f"which has {remaining} left"
            )
        if size == remaining:
            del self._orders[order_id]
        else:
            entry[2] = remaining - size
        return self._take_from_level(entry[0], entry[1], size)

    def _delete(self, order_id: int, price: int, direction: int) -> bool:
        entry = self._orders.get(order_id)
        if entry is None:
            self._count_unknown(order_id)
            return False
        self._check_matches(entry, order_id, price, direction)
        del self._orders[order_id]
        # The message's size field is the remaining size in LOBSTER; the book's own record is used
        # so that a deletion always empties the order exactly.
        return self._take_from_level(entry[0], entry[1], entry[2])

    def _halt(self, price: int) -> bool:
        state = _HALT_STATES.get(price)
        if state is None:
            raise BookError(f"trading halt message with unknown price code {price}")
        self.trading_state = state
        return False

    def _take_from_level(self, direction: int, price: int, size: int) -> bool:
        levels = self._bids if direction == BUY else self._asks
        left = levels[price] - size
        best = self._best_bid if direction == BUY else self._best_ask
        if left:
            levels[price] = left
            return price == best
        del levels[price]
        if price != best:
            return False
        # The best level emptied: scan the side for the next best price.
        if direction == BUY:
            self._best_bid = max(levels) if levels else None
        else:
            self._best_ask = min(levels) if levels else None
        return True

    def _side(self, direction: int) -> dict[int, int]:
        if direction == BUY:
            return self._bids
        if direction == SELL:
            return self._asks
        raise BookError(f"direction must be 1 (buy) or -1 (sell), got {direction}")

    def _count_unknown(self, order_id: int) -> None:
        self.unknown_order_messages += 1
        self.unknown_order_ids.add(order_id)

    @staticmethod
    def _check_matches(entry: list[int], order_id: int, price: int, direction: int) -> None:
        if entry[0] != direction or entry[1] != price:
            raise BookError(
                f"message for order {order_id} says direction {direction} price {price}, "
                f"but the order was entered with direction {entry[0]} price {entry[1]}"
            )
