"""Workload 5, CSV replay, as a JSON-printing worker for the suite.

The measurement itself is ``bench_csv_replay.py`` (its own command-line tool, kept by the CSV
adapter's owner); this module runs the same cases through that module's functions and prints
one JSON object instead of a table: rows, best and median seconds and rows per second (of the
median run) for each case. The LOBSTER file is decompressed once into a temporary folder that is
removed afterwards.

Run by the current interpreter (this package must be importable). Threading: single-threaded.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import bench_csv_replay as replay_bench

CASES = (
    ("csv_read -> for_each", replay_bench.bench_csv_read),
    ("pandas.read_csv + itertuples", replay_bench.bench_pandas),
    ("csv.DictReader loop", replay_bench.bench_dict_reader),
    ("order-book demo (no plot)", replay_bench.bench_demo),
)


def run(data: Path, repeat: int) -> dict:
    """Measures every case ``repeat`` times on ``data``; returns the JSON-ready summary."""
    day = replay_bench.trading_date(data)
    cases = []
    with tempfile.TemporaryDirectory(prefix="bench_csv_replay_") as work:
        csv_path = replay_bench.prepare_csv(data, Path(work))
        for name, case in CASES:
            rows, best, median = replay_bench.measure(case, csv_path, day, repeat)
            cases.append(
                {
                    "case": name,
                    "rows": rows,
                    "best_s": best,
                    "median_s": median,
                    "rows_per_s": rows / median,
                    "rows_per_s_best": rows / best,
                }
            )
    return {"data": data.name, "repeat": repeat, "cases": cases}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=replay_bench.DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.data, args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
