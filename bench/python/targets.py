"""The performance targets of this package, and their evaluation against one run's ratios.

A target bounds this package's ns per cycle on a workload relative to a peer's, measured in the
same run on the same machine. ``evaluate`` reports each as met or missed with the measured ratio;
nothing here fails a run (benchmarks report, they do not assert).

Pure functions over the throughput results. Threading: none.
"""

from __future__ import annotations

from dataclasses import dataclass

import peers


@dataclass(frozen=True)
class Target:
    workload: str
    peer: str
    max_ratio: float

    def describe(self) -> str:
        return f"{self.workload}: at most {self.max_ratio:g} x {self.peer}"


TARGETS = (
    Target("native_chain", peers.WINGFOIL_1.name, 0.1),
    Target("native_chain", peers.CSP.name, 0.2),
    Target("py_chain", peers.WINGFOIL_1.name, 0.6),
    Target("py_chain", peers.CSP.name, 0.6),
    Target("py_chain", peers.LOOP.name, 1.3),
    Target("fan_10x10_py", peers.WINGFOIL_1.name, 0.7),
    Target("fan_10x10_py", peers.CSP.name, 0.5),
)


def evaluate(throughput: dict) -> list[dict]:
    """One entry per target: the measured ratio (the median of per-round ratios; None when a
    side was not measured), its per-round spread, and whether it is met."""
    out = []
    for target in TARGETS:
        entry = throughput.get(target.workload, {})
        ratio = entry.get("ratios", {}).get(target.peer)
        out.append(
            {
                "target": target.describe(),
                "workload": target.workload,
                "peer": target.peer,
                "max_ratio": target.max_ratio,
                "ratio": ratio,
                "spread": entry.get("ratio_spread", {}).get(target.peer),
                "met": None if ratio is None else ratio <= target.max_ratio,
            }
        )
    return out
