"""Memory: the resident set of long historical runs of native_chain and py_chain.

Each point is one run in a fresh worker process that reports ``resource.getrusage``'s peak RSS
(``ru_maxrss``) after the run, and before building the graph. A run whose memory does not grow
with its length has the same peak at 1 million and at 10 million cycles; a leak of even one
byte per cycle would show as about 9 MB between the two.

``FLAT_TOLERANCE_KIB`` is the verdict's criterion: the 10M-cycle peak may exceed the 1M-cycle peak
by at most this much (allocator and page-cache noise), which bounds any per-cycle growth to under
0.25 bytes per cycle.

Driver side (run by ``bench/run_all.py``). Threading: one worker at a time.
"""

from __future__ import annotations

from pathlib import Path

import peers

WORKLOADS = ("native_chain", "py_chain")
CYCLES = (1_000_000, 10_000_000)
FLAT_TOLERANCE_KIB = 2048


def run(interpreters: dict[str, Path], cycles=CYCLES, log=print) -> dict:
    """Peak RSS per peer (those in ``interpreters`` that implement the workloads, the bare loop
    excluded) per workload per cycle count, with the growth between the first and last count
    and whether it is within ``FLAT_TOLERANCE_KIB``."""
    results: dict = {}
    for peer in peers.PEERS:
        if peer.name not in interpreters or peer is peers.LOOP:
            continue
        for workload in WORKLOADS:
            points = []
            for count in cycles:
                args = ["--workload", workload, f"--cycles={count}", "--rss"]
                point = peers.run_worker(interpreters[peer.name], peer.module, args)
                if point["check"].get("count") != count:
                    raise RuntimeError(
                        f"memory run of {workload} on {peer.name} counted "
                        f"{point['check'].get('count')} cycles, expected {count}"
                    )
                points.append(point)
                log(
                    f"  {workload:<14} {peer.name:<16} {count:>11,} cycles: peak RSS "
                    f"{point['peak_rss_kib'] / 1024:8.1f} MiB"
                )
            growth = points[-1]["peak_rss_kib"] - points[0]["peak_rss_kib"]
            results.setdefault(peer.name, {})[workload] = {
                "points": points,
                "growth_kib": growth,
                "flat": growth <= FLAT_TOLERANCE_KIB,
            }
    return results
