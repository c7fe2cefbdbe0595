"""Throughput of replaying the LOBSTER AAPL sample: csv_read against Python baselines, and the demo.

    python bench/python/bench_csv_replay.py [--data PATH] [--repeat N]

Reports, for the 91,997-row message file (decompressed once into a temporary folder first):

* ``csv_read -> for_each``: rows/s of ``wingfoil.csv_read`` delivering each row dict to a Python
  callable in a historical run;
* ``pandas.read_csv + itertuples``: rows/s of reading the same file with pandas and calling the same
  callable once per row in a Python loop;
* ``csv.DictReader loop``: the standard library producing the same row dicts as ``csv_read``;
* ``order-book demo``: messages/s of the whole demo graph (``examples/order_book/replay.py``
  without the plot): book updates, top-of-book and trade streams, two ``csv_write`` outputs.

Each figure is the best of ``--repeat`` runs, with the median beside it. Nothing is asserted: the
numbers depend on the machine and belong in bench/README.md with the machine they came from.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_DIR = REPO_ROOT / "examples" / "order_book"
sys.path.insert(0, str(DEMO_DIR))

import wingfoil  # noqa: E402
from lobster import (  # noqa: E402
    DEFAULT_DATA,
    EXCHANGE_TZ,
    TIME_COLUMN,
    prepare_csv,
    trading_date,
)
from replay import replay  # noqa: E402


class Sink:
    """The per-row Python callable every variant calls: it only counts, so the cost measured is
    getting the row to Python, not doing something with it."""

    def __init__(self) -> None:
        self.rows = 0

    def __call__(self, row: object, t: float = 0.0) -> None:
        self.rows += 1


def bench_csv_read(csv_path: Path, day) -> int:
    sink = Sink()
    rows = wingfoil.csv_read(str(csv_path), TIME_COLUMN, time_unit="s", date=day, tz=EXCHANGE_TZ)
    rows.for_each(sink).run(realtime=False)
    return sink.rows


def bench_pandas(csv_path: Path, day) -> int:
    import pandas as pd

    sink = Sink()
    frame = pd.read_csv(csv_path, dtype={TIME_COLUMN: str})
    for row in frame.itertuples(index=False):
        sink(row)
    return sink.rows


def bench_dict_reader(csv_path: Path, day) -> int:
    sink = Sink()
    with open(csv_path, newline="") as handle:
        for row in csv.DictReader(handle):
            sink(row)
    return sink.rows


def bench_demo(csv_path: Path, day) -> int:
    with tempfile.TemporaryDirectory(prefix="bench_order_book_") as out:
        result = replay(csv_path, Path(out), day, show_progress=False)
    return result.messages


def measure(run: Callable[[Path, object], int], csv_path: Path, day, repeat: int):
    """(rows per run, best seconds, median seconds) over ``repeat`` runs."""
    timings, rows = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = run(csv_path, day)
        timings.append(time.perf_counter() - started)
    return rows, min(timings), statistics.median(timings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    day = trading_date(args.data)
    cases = (
        ("csv_read -> for_each", bench_csv_read),
        ("pandas.read_csv + itertuples", bench_pandas),
        ("csv.DictReader loop", bench_dict_reader),
        ("order-book demo (no plot)", bench_demo),
    )
    print(f"data: {args.data.name}, best/median of {args.repeat} runs")
    print(
        f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, "
        f"wingfoil {getattr(wingfoil, '__version__', '?')}"
    )
    print(f"{'case':<32}{'rows':>9}{'best s':>10}{'median s':>10}{'rows/s (best)':>16}")
    with tempfile.TemporaryDirectory(prefix="bench_csv_replay_") as work:
        csv_path = prepare_csv(args.data, Path(work))
        for name, run in cases:
            rows, best, median = measure(run, csv_path, day, args.repeat)
            print(f"{name:<32}{rows:>9,}{best:>10.3f}{median:>10.3f}{rows / best:>16,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
