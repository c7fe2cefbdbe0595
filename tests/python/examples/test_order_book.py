"""Tests for the LOBSTER order-book replay demo in examples/order_book.

The demo's outputs over the full AAPL sample are checked against an independent reconstruction of
the top of book written here with pandas and numpy: per-order cumulative sums give each message's
signed size change, a dense (rows x price levels) cumulative sum per side gives every level's size
after every message, and the best level is the highest (bid) or lowest (ask) non-empty column. It
shares no code with ``book.py``. Small hand-made message sequences then pin down each event type.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import subprocess
import sys
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
DEMO_DIR = REPO_ROOT / "examples" / "order_book"
DATA = REPO_ROOT / "data" / "lobster_aapl_2012-06-21_message.csv.gz"
TRADING_DAY = "2012-06-21"
EXPECTED_MESSAGES = 91_997
NO_PRICE = -1


def _load_demo_module(name: str):
    """Import one file of the demo under a private name (the demo folder is not a package)."""
    spec = importlib.util.spec_from_file_location(
        f"order_book_demo_{name}", DEMO_DIR / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


book_module = _load_demo_module("book")
pacing_module = _load_demo_module("pacing")
progress_module = _load_demo_module("progress")
OrderBook = book_module.OrderBook
BookError = book_module.BookError


# Independent reconstruction ---------------------------------------------------------------------


def _signed_level_changes(messages: pd.DataFrame) -> pd.DataFrame:
    """Per message: the size added to (+) or taken from (-) a visible level, its side and price.

    An order is known from its type 1 message on; messages about orders never entered in the file
    change nothing. Prices and sides come from the entering message.
    """
    kind = messages["message_type"].to_numpy()
    order = messages["order_id"].to_numpy()
    size = messages["quantity"].to_numpy()
    position = np.arange(len(messages))

    entries = messages[kind == 1]
    assert not entries["order_id"].duplicated().any(), "an order id is entered twice"
    by_id = entries.assign(position=entries.index.to_numpy()).set_index("order_id")
    order_ids = pd.Series(order)
    entered_at = order_ids.map(by_id["position"]).to_numpy(dtype=float)
    known = (kind == 1) | (np.isin(kind, (2, 3, 4)) & (entered_at < position))

    # Types 1, 2 and 4 carry their own size; a deletion (3) takes what the earlier messages left.
    direct = np.where(kind == 1, size, np.where(np.isin(kind, (2, 4)), -size, 0)) * known
    left_before = pd.Series(direct).groupby(order).cumsum().to_numpy() - direct
    delta = np.where((kind == 3) & known, -left_before, direct)
    return pd.DataFrame(
        {
            "delta": delta,
            "side": order_ids.map(by_id["direction"]).fillna(0).to_numpy(dtype=np.int64),
            "price": order_ids.map(by_id["price"]).fillna(0).to_numpy(dtype=np.int64),
        }
    )


def _best_level_per_message(changes: pd.DataFrame, side: int, chunk: int = 4096):
    """Best price and its size on one side after every message (NO_PRICE/0 when empty)."""
    rows = np.flatnonzero((changes["side"].to_numpy() == side) & (changes["delta"].to_numpy() != 0))
    prices = np.unique(changes["price"].to_numpy()[rows])
    column = np.searchsorted(prices, changes["price"].to_numpy()[rows])
    delta = changes["delta"].to_numpy()[rows]
    count = len(changes)
    best = np.full(count, NO_PRICE, dtype=np.int64)
    best_size = np.zeros(count, dtype=np.int64)
    level_sizes = np.zeros(len(prices), dtype=np.int64)
    for start in range(0, count, chunk):
        stop = min(count, start + chunk)
        picked = (rows >= start) & (rows < stop)
        steps = np.zeros((stop - start, len(prices)), dtype=np.int64)
        np.add.at(steps, (rows[picked] - start, column[picked]), delta[picked])
        sizes = level_sizes + np.cumsum(steps, axis=0)
        assert (sizes >= 0).all(), "a price level went negative"
        live = sizes > 0
        if side == 1:
            index = len(prices) - 1 - np.argmax(live[:, ::-1], axis=1)
        else:
            index = np.argmax(live, axis=1)
        occupied = live.any(axis=1)
        best[start:stop] = np.where(occupied, prices[index], NO_PRICE)
        best_size[start:stop] = np.where(occupied, sizes[np.arange(stop - start), index], 0)
        level_sizes = sizes[-1]
    return best, best_size


def reconstruct_top_of_book(messages: pd.DataFrame) -> pd.DataFrame:
    """Top of book after every message, and whether it differs from the one before."""
    changes = _signed_level_changes(messages)
    bid, bid_size = _best_level_per_message(changes, 1)
    ask, ask_size = _best_level_per_message(changes, -1)
    top = pd.DataFrame({"bid": bid, "bid_size": bid_size, "ask": ask, "ask_size": ask_size})
    before = top.shift(1, fill_value=0)
    before.iloc[0] = [NO_PRICE, 0, NO_PRICE, 0]
    top["changed"] = (top != before).any(axis=1)
    return top


def expected_graph_times(seconds: pd.Series) -> np.ndarray:
    """Graph time of each row: market time on the trading day in New York, rows 1 ns apart."""
    day = datetime.fromisoformat(TRADING_DAY).replace(tzinfo=ZoneInfo("America/New_York"))
    midnight_ns = int(day.timestamp()) * 10**9
    raw = np.array(
        [
            int((Decimal(text) * 10**9).to_integral_value(ROUND_HALF_UP)) + midnight_ns
            for text in seconds
        ],
        dtype=np.int64,
    )
    index = np.arange(len(raw), dtype=np.int64)
    return index + np.maximum.accumulate(raw - index)


def _price_ticks(text: str) -> int:
    return NO_PRICE if text == "" else int(Decimal(text) * 10000)


# Fixtures ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def messages() -> pd.DataFrame:
    frame = pd.read_csv(DATA, dtype={"seconds": str})
    assert len(frame) == EXPECTED_MESSAGES
    return frame


@pytest.fixture(scope="module")
def reconstruction(messages) -> pd.DataFrame:
    return reconstruct_top_of_book(messages)


def run_demo(*args: str, cwd: Path, timeout: float = 600.0) -> subprocess.CompletedProcess:
    """Run replay.py in a child interpreter that sees this interpreter's ``sys.path``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(entry for entry in sys.path if entry)
    return subprocess.run(
        [sys.executable, str(DEMO_DIR / "replay.py"), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    """Run the demo once, historically, over the whole file; return (stdout, output folder)."""
    out = tmp_path_factory.mktemp("order_book_demo")
    completed = run_demo("--out", str(out), "--quiet", cwd=out)
    assert completed.returncode == 0, f"demo failed:\n{completed.stdout}\n{completed.stderr}"
    return completed.stdout, out


def _read_output(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _summary_value(stdout: str, label: str) -> str:
    match = re.search(rf"^\s*{label}\s+(.+?)\s*$", stdout, flags=re.MULTILINE)
    assert match, f"no '{label}' line in the summary:\n{stdout}"
    return match[1]


def _final_side_from_summary(stdout: str, label: str) -> tuple[int, int]:
    match = re.fullmatch(r"([\d.]+) x ([\d,]+)", _summary_value(stdout, label))
    assert match, f"unexpected '{label}' text in the summary:\n{stdout}"
    return _price_ticks(match[1]), int(match[2].replace(",", ""))


# The demo on the full file against the reconstruction -------------------------------------------


def test_reconstruction_agrees_with_order_book_message_by_message(messages, reconstruction):
    """book.py alone (no engine) gives the reconstruction's top and change flag after each row."""
    book = OrderBook()
    flags, tops = [], []
    for row in messages.itertuples(index=False):
        flags.append(
            book.apply(row.message_type, row.order_id, row.quantity, row.price, row.direction)
        )
        tops.append(tuple(NO_PRICE if value is None else value for value in book.top()))
    expected = reconstruction[["bid", "bid_size", "ask", "ask_size"]].to_numpy()
    mismatched = np.flatnonzero((np.array(tops) != expected).any(axis=1))
    assert mismatched.size == 0, f"first differing message: row {mismatched[:1]}"
    assert np.array_equal(np.array(flags), reconstruction["changed"].to_numpy())
    assert book.unknown_order_messages == 84
    assert len(book.unknown_order_ids) == 80


def test_demo_replays_every_message(demo_run):
    stdout, _ = demo_run
    assert _summary_value(stdout, "messages replayed") == f"{EXPECTED_MESSAGES:,}"


def test_demo_trades_are_the_execution_messages(demo_run, messages):
    stdout, out = demo_run
    trades = _read_output(out / "trades.csv")
    executions = messages[messages["message_type"].isin((4, 5))]
    times = expected_graph_times(messages["seconds"])[executions.index.to_numpy()]

    assert len(trades) == len(executions) == 6268
    assert _summary_value(stdout, "trades").startswith("6,268")
    assert trades["time"].astype(np.int64).tolist() == times.tolist()
    assert trades["seconds"].tolist() == executions["seconds"].tolist()
    assert trades["order_id"].astype(np.int64).tolist() == executions["order_id"].tolist()
    assert [_price_ticks(p) for p in trades["price"]] == executions["price"].tolist()
    assert trades["size"].astype(np.int64).tolist() == executions["quantity"].tolist()
    assert trades["direction"].astype(np.int64).tolist() == executions["direction"].tolist()
    hidden = (executions["message_type"] == 5).map({True: "True", False: "False"})
    assert trades["hidden"].tolist() == hidden.tolist()
    aggressor = executions["direction"].map({-1: "buy", 1: "sell"})
    assert trades["aggressor"].tolist() == aggressor.tolist()


def test_demo_top_of_book_rows_match_reconstruction(demo_run, messages, reconstruction):
    stdout, out = demo_run
    written = _read_output(out / "top_of_book.csv")
    changed = reconstruction.index[reconstruction["changed"]].to_numpy()
    expected = reconstruction.loc[changed]

    assert len(written) == len(changed) == 23457
    assert _summary_value(stdout, "top-of-book updates") == "23,457"
    assert written["time"].astype(np.int64).tolist() == (
        expected_graph_times(messages["seconds"])[changed].tolist()
    )
    assert written["seconds"].tolist() == messages["seconds"].to_numpy()[changed].tolist()
    for column in ("bid", "ask"):
        assert [_price_ticks(p) for p in written[column]] == expected[column].tolist()
    for column in ("bid_size", "ask_size"):
        assert written[column].astype(np.int64).tolist() == expected[column].tolist()


def test_demo_final_best_bid_and_ask_match_reconstruction(demo_run, reconstruction):
    stdout, _ = demo_run
    last = reconstruction.iloc[-1]
    assert _final_side_from_summary(stdout, "final best bid") == (last["bid"], last["bid_size"])
    assert _final_side_from_summary(stdout, "final best ask") == (last["ask"], last["ask_size"])
    # The values themselves, so a reconstruction that drifts is noticed too.
    final = (last["bid"], last["bid_size"], last["ask"], last["ask_size"])
    assert final == (5856900, 10, 5859500, 100)


def test_demo_writes_a_png_plot(demo_run):
    _, out = demo_run
    png = (out / "bid_ask.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 10_000


def test_demo_realtime_replay_matches_historical_on_a_headerless_slice(tmp_path, messages):
    """A raw LOBSTER slice (no header, no date in the name) replays the same live as historically.

    Only the ``time`` column may differ: it is wall-clock time in a realtime run.
    """
    raw = tmp_path / "slice_message.csv"
    messages.head(400).to_csv(raw, header=False, index=False)
    outputs = {}
    for mode, extra in (("historical", []), ("realtime", ["--realtime", "--speed", "1000"])):
        out = tmp_path / mode
        completed = run_demo(
            "--data", str(raw), "--date", TRADING_DAY, "--out", str(out), "--no-plot", "--quiet",
            *extra, cwd=tmp_path, timeout=120.0,
        )  # fmt: skip
        assert completed.returncode == 0, f"{mode} failed:\n{completed.stdout}\n{completed.stderr}"
        assert _summary_value(completed.stdout, "messages replayed") == "400"
        outputs[mode] = {
            name: _read_output(out / name).drop(columns="time")
            for name in ("top_of_book.csv", "trades.csv")
        }
    for name in ("top_of_book.csv", "trades.csv"):
        pd.testing.assert_frame_equal(outputs["realtime"][name], outputs["historical"][name])
    assert (
        len(outputs["historical"]["trades.csv"])
        == messages.head(400)["message_type"].isin((4, 5)).sum()
    )


def test_demo_reports_a_missing_data_file(tmp_path):
    missing = tmp_path / "x_2012-06-21.csv"
    completed = run_demo("--data", str(missing), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert completed.returncode == 2
    assert "LOBSTER message file not found" in completed.stderr


# OrderBook on hand-made messages ----------------------------------------------------------------

BUY, SELL = 1, -1


def _book(*messages) -> OrderBook:
    book = OrderBook()
    for message in messages:
        book.apply(*message)
    return book


def test_order_book_new_orders_set_and_improve_the_top():
    book = OrderBook()
    assert book.top() == (None, 0, None, 0)
    assert book.apply(1, 10, 100, 5850000, BUY) is True
    assert book.apply(1, 11, 50, 5860000, SELL) is True
    assert book.apply(1, 12, 30, 5849000, BUY) is False  # behind the best bid
    assert book.apply(1, 13, 20, 5850000, BUY) is True  # joins the best bid
    assert book.apply(1, 14, 5, 5855000, SELL) is True  # improves the ask
    assert book.top() == (5850000, 120, 5855000, 5)
    assert book.levels(BUY) == {5850000: 120, 5849000: 30}
    assert book.order_count == 5


def test_order_book_partial_cancel_reduces_the_order():
    book = _book((1, 10, 100, 5850000, BUY), (1, 11, 40, 5849000, BUY))
    assert book.apply(2, 10, 30, 5850000, BUY) is True
    assert book.order(10) == (BUY, 5850000, 70)
    assert book.apply(2, 11, 10, 5849000, BUY) is False  # not at the top
    assert book.levels(BUY) == {5850000: 70, 5849000: 30}


def test_order_book_delete_removes_the_order_and_reveals_the_next_level():
    book = _book((1, 10, 100, 5860000, SELL), (1, 11, 40, 5861000, SELL), (1, 12, 5, 5860000, SELL))
    assert book.apply(3, 12, 5, 5860000, SELL) is True  # level shrinks
    assert book.best_ask == (5860000, 100)
    assert book.apply(3, 10, 100, 5860000, SELL) is True  # level empties
    assert book.best_ask == (5861000, 40)
    assert book.order(10) is None
    assert book.apply(3, 11, 40, 5861000, SELL) is True
    assert book.best_ask is None
    assert book.top() == (None, 0, None, 0)


def test_order_book_visible_execution_fills_partly_then_fully():
    book = _book((1, 10, 100, 5850000, BUY), (1, 11, 10, 5840000, BUY))
    assert book.apply(4, 10, 60, 5850000, BUY) is True
    assert book.best_bid == (5850000, 40)
    assert book.apply(4, 10, 40, 5850000, BUY) is True
    assert book.order(10) is None
    assert book.best_bid == (5840000, 10)
    assert book.event_counts == {1: 2, 4: 2}


def test_order_book_hidden_execution_leaves_the_visible_book_alone():
    book = _book((1, 10, 100, 5850000, BUY))
    assert book.apply(5, 0, 300, 5850000, BUY) is False
    assert book.top() == (5850000, 100, None, 0)
    assert book.event_counts[5] == 1


def test_order_book_halt_messages_change_only_the_trading_state():
    book = _book((1, 10, 100, 5850000, BUY))
    for code, state in ((-1, "halted"), (0, "quoting"), (1, "trading")):
        assert book.apply(7, 0, 0, code, -1) is False
        assert book.trading_state == state
        assert book.top() == (5850000, 100, None, 0)
    with pytest.raises(BookError, match="unknown price code 5"):
        book.apply(7, 0, 0, 5, -1)


def test_order_book_counts_messages_for_orders_entered_before_the_file():
    book = _book((1, 10, 100, 5850000, BUY))
    assert book.apply(3, 99, 200, 5870000, SELL) is False
    assert book.apply(2, 98, 10, 5840000, BUY) is False
    assert book.apply(4, 98, 10, 5840000, BUY) is False
    assert book.unknown_order_messages == 3
    assert book.unknown_order_ids == {98, 99}
    assert book.top() == (5850000, 100, None, 0)
    assert book.levels(SELL) == {}


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ((1, 10, 5, 5850000, BUY), "reuses the id of a live order"),
        ((4, 10, 101, 5850000, BUY), "takes 101 from order 10, which has 100 left"),
        ((2, 10, 0, 5850000, BUY), "takes 0 from order 10"),
        ((3, 10, 100, 5850000, SELL), "says direction -1 price 5850000"),
        ((4, 10, 1, 5851000, BUY), "says direction 1 price 5851000"),
        ((6, 10, 1, 5850000, BUY), "unknown LOBSTER event type 6"),
        ((1, 11, 5, 5850000, 0), "direction must be 1 .buy. or -1 .sell., got 0"),
        ((1, 11, 0, 5850000, BUY), "non-positive size 0"),
    ],
)
def test_order_book_rejects_contradictory_messages_and_stays_unchanged(message, error):
    book = _book((1, 10, 100, 5850000, BUY))
    with pytest.raises(BookError, match=error):
        book.apply(*message)
    assert book.order(10) == (BUY, 5850000, 100)
    assert book.top() == (5850000, 100, None, 0)
    assert book.event_counts == {1: 1}


# Realtime pacing on a fake clock ----------------------------------------------------------------


class _FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _rows(*times: float) -> list[dict[str, str]]:
    return [{"seconds": repr(t), "n": str(i)} for i, t in enumerate(times)]


def test_pacer_releases_one_due_row_per_cycle_then_the_end_marker():
    clock = _FakeClock()
    pacer = pacing_module.RowPacer(
        "clock", _rows(10.0, 10.0, 14.0), lambda r: float(r["seconds"]), speed=2.0, now=clock
    )
    assert pacer.upstreams() == ["clock"]
    assert pacer.cycle() is True and pacer.peek()["n"] == "0"  # first row anchors the clocks
    assert pacer.cycle() is True and pacer.peek()["n"] == "1"  # same market time: next cycle
    assert pacer.cycle() is False  # due 2 wall seconds later at speed 2
    clock.now = 101.9
    assert pacer.cycle() is False
    clock.now = 102.5
    assert pacer.cycle() is True and pacer.peek()["n"] == "2"
    assert pacer.behind_seconds == pytest.approx(0.5)
    assert pacer.cycle() is True and pacing_module.is_end(pacer.peek())
    assert pacer.cycle() is False
    assert pacer.released == 3


def test_pacer_rejects_rows_that_go_back_in_time_and_bad_speeds():
    with pytest.raises(ValueError, match="speed must be a positive number"):
        pacing_module.RowPacer("clock", [], float, speed=0)
    pacer = pacing_module.RowPacer(
        "clock", _rows(5.0, 4.0), lambda r: float(r["seconds"]), speed=1.0, now=_FakeClock()
    )
    with pytest.raises(ValueError, match="data row 2 goes back in time"):
        pacer.cycle()


def test_progress_line_names_messages_market_time_and_lag():
    out = io.StringIO()
    progress = progress_module.Progress(200, interval=0.0, out=out, behind=lambda: 0.25)
    progress.update(50, "34200.5")
    line = out.getvalue()
    assert line.startswith("[replay] 50/200 (25%) messages, market time 09:30:00.500, ")
    assert line.rstrip().endswith(", 0.250 s behind schedule")
    assert progress.lines_printed == 1
