"""Plotting best bid/ask over the session with trades overlaid, from the replay's CSV outputs.

The plot reads ``top_of_book.csv`` and ``trades.csv`` back, so it shows exactly what the graph
wrote. The x axis is the market time carried in each record (the ``seconds`` column, New York local
time), which is the same for historical and realtime replays.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402  (the backend must be chosen first)
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def _read_columns(path: Path, names: tuple[str, ...]) -> dict[str, list[str]]:
    columns: dict[str, list[str]] = {name: [] for name in names}
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            for name in names:
                columns[name].append(row[name])
    return columns


def _prices(texts: list[str]) -> np.ndarray:
    # An empty side is written as an empty price; it becomes a gap in the line.
    return np.array([float(t) if t else np.nan for t in texts], dtype=float)


def _times(day: date, seconds: list[str]) -> np.ndarray:
    offsets = np.array([round(float(s) * 1e6) for s in seconds], dtype="int64")
    return np.datetime64(day.isoformat(), "us") + offsets.astype("timedelta64[us]")


def plot_bid_ask(top_csv: Path, trades_csv: Path, png: Path, day: date, title: str) -> Path:
    """Draw bid/ask step lines and trade markers into ``png``; return its path."""
    top = _read_columns(top_csv, ("seconds", "bid", "ask"))
    trades = _read_columns(trades_csv, ("seconds", "price", "size", "aggressor", "hidden"))
    fig, ax = plt.subplots(figsize=(13, 6.5), dpi=110)

    when = _times(day, top["seconds"])
    bid, ask = _prices(top["bid"]), _prices(top["ask"])
    ax.step(when, ask, where="post", color="tab:red", linewidth=0.6, label="best ask", zorder=3)
    ax.step(when, bid, where="post", color="tab:blue", linewidth=0.6, label="best bid", zorder=3)

    trade_when = _times(day, trades["seconds"])
    trade_px = _prices(trades["price"])
    area = 2 + np.sqrt(np.array([int(s) for s in trades["size"]], dtype=float))
    buyer = np.array([a == "buy" for a in trades["aggressor"]])
    hidden = np.array([h == "True" for h in trades["hidden"]])
    groups = (
        (buyer & ~hidden, "^", "tab:green", "buyer-initiated"),
        (~buyer & ~hidden, "v", "tab:orange", "seller-initiated"),
        (buyer & hidden, "^", "none", "buyer-initiated, hidden"),
        (~buyer & hidden, "v", "none", "seller-initiated, hidden"),
    )
    for mask, marker, face, label in groups:
        edge = "tab:green" if marker == "^" else "tab:orange"
        ax.scatter(
            trade_when[mask],
            trade_px[mask],
            s=area[mask],
            marker=marker,
            facecolors=face,
            edgecolors=edge,
            linewidths=0.5,
            alpha=0.6,
            label=f"{label} ({int(mask.sum()):,})",
        )

    # A single far-away quote at the open would flatten the chart, so the y range follows the bulk
    # of the quotes and every trade.
    quoted = np.concatenate([bid[~np.isnan(bid)], ask[~np.isnan(ask)]])
    if quoted.size:
        low = min(np.percentile(quoted, 0.5), np.nanmin(trade_px, initial=np.inf))
        high = max(np.percentile(quoted, 99.5), np.nanmax(trade_px, initial=-np.inf))
        margin = max(0.05, 0.05 * (high - low))
        ax.set_ylim(low - margin, high + margin)

    ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M"))
    ax.set_xlabel(f"New York time, {day.isoformat()}")
    ax.set_ylabel("price (USD)")
    ax.set_title(title)
    ax.grid(True, linewidth=0.3, alpha=0.5)
    ax.legend(loc="best", fontsize=8, markerscale=1.5)
    fig.tight_layout()
    fig.savefig(png)
    plt.close(fig)
    return Path(png)
