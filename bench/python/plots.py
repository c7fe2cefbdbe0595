"""PNG plots of one run's results (matplotlib, Agg backend, no display needed).

* ``throughput.png``: ns per cycle by workload and library, log scale, value on each bar;
* ``scaling.png``: ns per node-cycle against graph size, one panel per shape;
* ``ingress.png``: ingress latency p50 / p99 per mode, when any mode was measured.

Each function takes the corresponding part of ``results.json`` and a target path, and returns
the path it wrote. Threading: matplotlib's pyplot state is global: call from one thread.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import peers  # noqa: E402

COLORS = {
    peers.THIS.name: "#1f77b4",
    peers.WINGFOIL_1.name: "#ff7f0e",
    peers.CSP.name: "#2ca02c",
    peers.LOOP.name: "#7f7f7f",
}


def _label(ns: float) -> str:
    return f"{ns / 1000:.1f}k" if ns >= 10_000 else f"{ns:.0f}"


def throughput(results: dict, path: Path) -> Path:
    workloads = list(results)
    libraries = [p.name for p in peers.PEERS if any(p.name in results[w]["runs"] for w in results)]
    width = 0.8 / max(1, len(libraries))
    fig, ax = plt.subplots(figsize=(10, 5.5))
    for i, library in enumerate(libraries):
        xs, ys = [], []
        for j, workload in enumerate(workloads):
            run = results[workload]["runs"].get(library)
            if run is not None:
                xs.append(j + (i - (len(libraries) - 1) / 2) * width)
                ys.append(run["ns_per_cycle"])
        bars = ax.bar(xs, ys, width, label=library, color=COLORS.get(library))
        for bar, value in zip(bars, ys):
            ax.annotate(
                _label(value),
                (bar.get_x() + bar.get_width() / 2, value),
                ha="center",
                va="bottom",
                fontsize=7,
            )
    ax.set_yscale("log")
    ax.set_xticks(range(len(workloads)), workloads)
    ax.set_ylabel("ns per cycle (marginal, median; log scale)")
    ax.set_title("Cost per engine cycle, historical mode (lower is better)")
    ax.legend()
    ax.grid(axis="y", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def scaling(results: dict, path: Path) -> Path:
    kinds = list(results)
    fig, axes = plt.subplots(1, len(kinds), figsize=(11, 4.5), squeeze=False)
    for ax, kind in zip(axes[0], kinds):
        for library, points in results[kind].items():
            # A marginal cost at or below zero (setup noise larger than the run) has no place on a
            # log axis; it stays in results.json and the tables.
            good = [p for p in points if "error" not in p and p["ns_per_node_cycle"] > 0]
            ax.plot(
                [p["nodes"] for p in good],
                [p["ns_per_node_cycle"] for p in good],
                marker="o",
                label=library,
                color=COLORS.get(library),
            )
            failed = [p for p in points if "error" in p]
            for p in failed:
                ax.annotate(
                    f"{library}: failed at {p['nodes']:,} nodes",
                    (0.02, 0.02),
                    xycoords="axes fraction",
                    fontsize=7,
                    color=COLORS.get(library),
                )
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("nodes in the graph (a chain from one counter)")
        ax.set_ylabel("ns per node-cycle")
        ax.set_title(f"{kind} operators")
        ax.grid(which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle("Cost per node per cycle against graph size (lower is better)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def ingress(results: dict, path: Path) -> Path | None:
    measured = {k: v for k, v in results["modes"].items() if v.get("status") == "measured"}
    if not measured:
        return None
    fig, ax = plt.subplots(figsize=(10, 5))
    names = list(measured)
    for offset, key, color in ((-0.2, "p50_us", "#1f77b4"), (0.2, "p99_us", "#d62728")):
        values = [measured[n][key] for n in names]
        bars = ax.bar([i + offset for i in range(len(names))], values, 0.4, label=key, color=color)
        for bar, value in zip(bars, values):
            ax.annotate(
                f"{value:.0f}",
                (bar.get_x() + bar.get_width() / 2, value),
                ha="center",
                va="bottom",
                fontsize=8,
            )
    ax.set_xticks(range(len(names)), names, rotation=20, ha="right", fontsize=8)
    ax.set_yscale("log")
    ax.set_ylabel("microseconds from push/send to the callable (log scale)")
    ax.set_title(f"Realtime ingress latency, one message every {results['interval_ms']:g} ms")
    ax.legend()
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
