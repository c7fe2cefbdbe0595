"""Workloads 1 to 4 side by side: ns per cycle of every peer, the cross-checks, and the ratios.

``run`` asks each peer's worker (``workloads_*.py`` in the peer's interpreter) for each workload it
implements, then checks that every run did what the workload says: the counter ticked exactly
``cycles`` times in every library, and every library that reports a comparable ``result`` got
the same one. A library that computed something else is a broken benchmark, not a slow library,
so a mismatch raises instead of being reported as a number.

Driver side (run by ``bench/run_all.py``). Threading: runs its workers one at a time, so no two
measurements share the machine's two cores.
"""

from __future__ import annotations

import math
import statistics
from pathlib import Path

import harness
import peers
import shapes


class CheckError(RuntimeError):
    """A worker's run did not compute what its workload defines."""


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def verify(workload: str, cycles: int, runs: dict[str, dict]) -> None:
    """Raises CheckError when a library's counter did not tick ``cycles`` times or when two
    libraries' comparable results differ; the message names the libraries and values."""
    reference = None
    for name, result in runs.items():
        check = result["check"]
        if check.get("count") != cycles:
            raise CheckError(
                f"{workload}: {name} counted {check.get('count')} cycles, expected {cycles}"
            )
        if "result" not in check:
            continue
        if reference is None:
            reference = (name, check["result"])
        elif not _same(reference[1], check["result"]):
            raise CheckError(
                f"{workload}: {name} computed {check['result']!r} but {reference[0]} computed "
                f"{reference[1]!r}"
            )


def paired_ratios(
    parts: dict[str, list[dict]], this: str = peers.THIS.name
) -> dict[str, dict[str, float]]:
    """This package's ns per cycle divided by each other library's (below 1: this is faster),
    pairing the runs of the same round: ``ratio`` is the median of the per-round ratios, with
    their ``low`` and ``high``. Pairing runs taken seconds apart cancels slow changes in the
    machine's load, which a ratio of two medians taken minutes apart would not."""
    if this not in parts:
        return {}
    out = {}
    for name, answers in parts.items():
        if name == this:
            continue
        per_round = [
            mine["ns_per_cycle"] / theirs["ns_per_cycle"]
            for mine, theirs in zip(parts[this], answers)
            if theirs["ns_per_cycle"] > 0
        ]
        if per_round:
            out[name] = {
                "ratio": statistics.median(per_round),
                "low": min(per_round),
                "high": max(per_round),
                "per_round": per_round,
            }
    return out


def run(
    interpreters: dict[str, Path],
    cycles: int = shapes.DEFAULT_CYCLES,
    rounds: int = 5,
    clock: str = "cpu",
    pin: int | None = None,
    log=print,
) -> dict:
    """Measures every workload on every peer in ``interpreters`` (peer name -> interpreter),
    ns per cycle read on ``clock`` ("wall" or "cpu", see ``harness.measure``), every worker
    pinned to CPU ``pin`` when it is given.

    Each workload is measured in ``rounds`` rounds; a round runs every peer once (one timed run
    in a fresh worker process), starting with a different peer each round. Interleaving keeps a
    change in the machine's load (other jobs on a shared machine) from landing on one library
    only; the runs of all rounds are pooled (``harness.combine``) and their median taken, and
    the ratios are the medians of per-round ratios (``paired_ratios``).
    Returns ``{workload: {"runs": {peer: combined result}, "ratios": {peer: ratio},
    "ratio_spread": {peer: paired_ratios entry}}}``."""
    offered = {}
    for peer in peers.PEERS:
        if peer.name in interpreters:
            listing = peers.run_worker(interpreters[peer.name], peer.module, ["--list"])
            offered[peer.name] = set(listing["workloads"])
    results = {}
    args = [f"--cycles={cycles}", "--repeat=1", f"--clock={clock}"]
    if pin is not None:
        args.append(f"--pin={pin}")
    for workload in shapes.WORKLOADS:
        taking = [p for p in peers.PEERS if workload in offered.get(p.name, ())]
        parts: dict[str, list[dict]] = {p.name: [] for p in taking}
        for round_index in range(rounds):
            shift = round_index % len(taking)
            for peer in taking[shift:] + taking[:shift]:
                answer = peers.run_worker(
                    interpreters[peer.name], peer.module, ["--workload", workload, *args]
                )
                parts[peer.name].append(answer)
        runs = {name: harness.combine(answers, clock) for name, answers in parts.items()}
        for name, result in runs.items():
            log(f"  {workload:<18} {name:<16} {result['ns_per_cycle']:>10.1f} ns")
        verify(workload, cycles, runs)
        paired = paired_ratios(parts)
        results[workload] = {
            "runs": runs,
            "ratios": {name: entry["ratio"] for name, entry in paired.items()},
            "ratio_spread": paired,
        }
    return results
