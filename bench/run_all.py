"""Runs the whole Python benchmark suite and writes bench/results/.

    python bench/run_all.py [--repeat N] [--cycles N] [--quick] [--clock cpu|wall] [--pin CPU]
                            [--skip SECTION ...] [--peers NAME ...] [--cache DIR] [--out DIR]

Run it with the interpreter whose ``wingfoil`` is this package (installed from the repository
with pip). The peers (wingfoil 1.0.0 and csp from PyPI) are installed on first use into their own
virtual environments under ``build/bench-venvs/`` (reused afterwards); the bare Python loop runs
in the current interpreter. Sections, in order: throughput (workloads 1-4) and targets, scaling,
memory, csv_replay (workload 5), ingress (workload 6). Writes ``results.json``, ``summary.md`` and
the plots into ``--out`` and prints the tables. Exits 1 if a section or a peer failed (what did
run is still written), 0 otherwise; missed targets are reported, not failures.

Method and results: bench/README.md. Threading: runs one measurement process at a time.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "python"))

import csv_replay as csv_replay_section  # noqa: E402
import memory  # noqa: E402
import peers  # noqa: E402
import plots  # noqa: E402
import report  # noqa: E402
import scaling  # noqa: E402
import shapes  # noqa: E402
import targets  # noqa: E402
import throughput  # noqa: E402

SECTIONS = ("throughput", "scaling", "memory", "csv_replay", "ingress")
DEFAULT_OUT = Path(__file__).resolve().parent / "results"


def _interpreters(names: list[str], cache: Path, errors: list[str]) -> dict[str, Path]:
    """Each selected peer's interpreter, installing venvs as needed. A peer that cannot be
    installed is left out and its error recorded."""
    found = {}
    for peer in peers.PEERS:
        if peer.name not in names:
            continue
        try:
            found[peer.name] = peers.ensure_venv(peer, cache)
        except (peers.PeerError, OSError) as exc:
            errors.append(f"peer {peer.name} unavailable: {exc}")
    return found


def _versions(interpreters: dict[str, Path]) -> dict[str, dict]:
    versions = {}
    for peer in peers.PEERS:
        if peer.name in interpreters:
            listing = peers.run_worker(interpreters[peer.name], peer.module, ["--list"])
            versions[peer.name] = {
                "version": listing["version"],
                "origin": listing.get("origin"),
                "description": peer.description,
                "interpreter": peers.display_path(interpreters[peer.name]),
            }
    return versions


def _worker_json(script: str, args: list[str]) -> dict:
    return peers.run_worker(Path(sys.executable), script, args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="timed runs per measurement (median); for workloads 1-4, rounds of one run of "
        "every library each, interleaved",
    )
    parser.add_argument("--cycles", type=int, default=shapes.DEFAULT_CYCLES)
    parser.add_argument("--quick", action="store_true", help="smoke run: few cycles, 2 repeats")
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="cpu",
        help="what ns per cycle is read from: process CPU time (the default: steadier when other "
        "work shares the machine; every measured run is single-threaded) or wall time; both are "
        "recorded in results.json",
    )
    parser.add_argument(
        "--pin",
        type=int,
        default=max(os.sched_getaffinity(0)),
        help="CPU that every throughput and scaling worker is pinned to (default: the "
        "highest-numbered one available); -1 leaves placement to the scheduler",
    )
    parser.add_argument("--skip", nargs="*", default=[], choices=SECTIONS)
    parser.add_argument("--peers", nargs="*", default=[p.name for p in peers.PEERS])
    parser.add_argument("--cache", type=Path, default=peers.DEFAULT_CACHE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if peers.THIS.name not in args.peers:
        parser.error(f"--peers must include {peers.THIS.name!r}: ratios are relative to it")
    if args.quick:
        args.cycles, args.repeat = min(args.cycles, 20_000), 2
    scale = 0.05 if args.quick else 1.0
    memory_cycles = (100_000, 1_000_000) if args.quick else memory.CYCLES
    pin = None if args.pin < 0 else args.pin

    started = time.monotonic()
    errors: list[str] = []
    results: dict = {
        "machine": report.machine(),
        "settings": f"{args.cycles:,} cycles, median of {args.repeat} runs, {args.clock} clock, "
        + ("unpinned" if pin is None else f"pinned to CPU {pin}")
        + (" (quick smoke run)" if args.quick else ""),
        "errors": errors,
    }
    interpreters = _interpreters(args.peers, args.cache, errors)
    if peers.THIS.name not in interpreters:
        print("\n".join(errors), file=sys.stderr)
        return 1
    results["libraries"] = _versions(interpreters)
    print(f"libraries: {json.dumps(results['libraries'], indent=1)}")

    def section(name: str, action) -> None:
        if name in args.skip:
            return
        print(f"[{time.monotonic() - started:6.0f} s] {name}", flush=True)
        try:
            results[name] = action()
        except Exception as exc:  # a failed section is recorded; the others still run
            errors.append(f"section {name} failed: {exc}")
            traceback.print_exc()

    section(
        "throughput",
        lambda: throughput.run(
            interpreters, cycles=args.cycles, rounds=args.repeat, clock=args.clock, pin=pin
        ),
    )
    if "throughput" in results:
        results["targets"] = targets.evaluate(results["throughput"])
    section(
        "scaling",
        lambda: scaling.run(interpreters, cycles_scale=scale, clock=args.clock, pin=pin),
    )
    section("memory", lambda: memory.run(interpreters, cycles=memory_cycles))
    section(
        "csv_replay",
        lambda: _worker_json(csv_replay_section.__name__ + ".py", [f"--repeat={args.repeat}"]),
    )
    section(
        "ingress",
        lambda: _worker_json("ingress.py", ["--messages=300"] if args.quick else []),
    )

    args.out.mkdir(parents=True, exist_ok=True)
    results["elapsed_s"] = time.monotonic() - started
    results["machine"]["load_average_at_end"] = os.getloadavg()
    written = []
    for name, plot in (
        ("throughput", plots.throughput),
        ("scaling", plots.scaling),
        ("ingress", plots.ingress),
    ):
        if results.get(name):
            path = plot(results[name], args.out / f"{name}.png")
            if path is not None:
                written.append(path.name)
    results["plots"] = written
    (args.out / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    (args.out / "summary.md").write_text(report.markdown_summary(results))
    print(report.text_summary(results))
    print(
        f"\nwrote {args.out}/results.json, summary.md, {', '.join(written)} "
        f"in {results['elapsed_s']:.0f} s"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
