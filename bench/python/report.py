"""The words and tables of a run: the machine it ran on, a terminal table, and Markdown tables.

``machine()`` collects what a result needs beside it to mean anything (CPU from ``lscpu``, load,
Python, the repository revision). ``text_summary`` is what ``bench/run_all.py`` prints;
``markdown_summary`` is written next to ``results.json`` as ``summary.md`` and is what
``bench/README.md``'s dated results section is pasted from.

Pure functions over the results dictionary, apart from ``machine()`` reading the system.
Threading: none.
"""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from pathlib import Path

import peers


def _command(args: list[str], cwd: Path | None = None) -> str:
    try:
        done = subprocess.run(args, capture_output=True, text=True, cwd=cwd, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def machine() -> dict:
    """The machine and software a run measured on."""
    lscpu = _command(["lscpu"])
    fields = dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in lscpu.splitlines())
    )
    revision = _command(["git", "rev-parse", "--short", "HEAD"], cwd=peers.REPO_ROOT)
    dirty = _command(["git", "status", "--porcelain", "--untracked-files=no"], cwd=peers.REPO_ROOT)
    return {
        "date": datetime.date.today().isoformat(),
        "cpu_model": fields.get("Model name", platform.processor()),
        "cpus": os.cpu_count(),
        "lscpu": lscpu,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "repository_revision": revision + ("+local changes" if dirty else ""),
        "load_average_at_start": os.getloadavg(),
    }


def _spread(entry: dict | None) -> str:
    """A paired ratio with its per-round range: ``0.59 (0.45-0.70)``."""
    if entry is None:
        return "-"
    return f"{entry['ratio']:.2f} ({entry['low']:.2f}-{entry['high']:.2f})"


def _libraries(throughput: dict) -> list[str]:
    return [p.name for p in peers.PEERS if any(p.name in w["runs"] for w in throughput.values())]


def throughput_rows(throughput: dict) -> tuple[list[str], list[list[str]]]:
    """Header and rows: workload, ns per cycle per library, then this package's ratios."""
    libraries = _libraries(throughput)
    others = [name for name in libraries if name != peers.THIS.name]
    header = ["workload"] + [f"{n} ns/cycle" for n in libraries] + [f"ratio vs {n}" for n in others]
    rows = []
    for workload, entry in throughput.items():
        row = [workload]
        for name in libraries:
            run = entry["runs"].get(name)
            row.append("-" if run is None else f"{run['ns_per_cycle']:.1f}")
        row += [_spread(entry.get("ratio_spread", {}).get(name)) for name in others]
        rows.append(row)
    return header, rows


def _markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _text_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    lines = ["  ".join(cell.rjust(w) for cell, w in zip(header, widths))]
    lines += ["  ".join(str(cell).rjust(w) for cell, w in zip(row, widths)) for row in rows]
    return "\n".join(lines)


def _verdict(met: bool | None) -> str:
    return {True: "met", False: "MISSED", None: "not measured"}[met]


def targets_rows(evaluated: list[dict]) -> tuple[list[str], list[list[str]]]:
    header = ["target", "measured ratio (per-round range)", "verdict"]
    rows = [[t["target"], _spread(t.get("spread")), _verdict(t["met"])] for t in evaluated]
    return header, rows


def scaling_rows(scaling: dict) -> tuple[list[str], list[list[str]]]:
    sizes = sorted({p["nodes"] for kind in scaling.values() for pts in kind.values() for p in pts})
    header = ["shape", "library"] + [f"{n:,} nodes" for n in sizes]
    rows = []
    for kind, libraries in scaling.items():
        for library, points in libraries.items():
            by_size = {p["nodes"]: p for p in points}
            cells = []
            for n in sizes:
                point = by_size.get(n)
                if point is None:
                    cells.append("-")
                elif "error" in point:
                    cells.append("failed")
                else:
                    cells.append(f"{point['ns_per_node_cycle']:.1f}")
            rows.append([kind, library] + cells)
    return header, rows


def memory_rows(memory: dict) -> tuple[list[str], list[list[str]]]:
    entries = [entry for workloads in memory.values() for entry in workloads.values()]
    counts = sorted({point["cycles"] for entry in entries for point in entry["points"]})
    first, last = (counts[0], counts[-1]) if counts else (0, 0)
    header = [
        "library",
        "workload",
        "before run",
        f"peak at {first:,} cycles",
        f"peak at {last:,} cycles",
        "growth",
        "flat",
    ]
    rows = []
    for library, workloads in memory.items():
        for workload, entry in workloads.items():
            low, high = entry["points"][0], entry["points"][-1]
            rows.append(
                [
                    library,
                    workload,
                    f"{low['peak_rss_before_kib'] / 1024:.1f} MiB",
                    f"{low['peak_rss_kib'] / 1024:.1f} MiB",
                    f"{high['peak_rss_kib'] / 1024:.1f} MiB",
                    f"{entry['growth_kib']} KiB",
                    "yes" if entry["flat"] else "NO",
                ]
            )
    return header, rows


def csv_rows(csv_replay: dict) -> tuple[list[str], list[list[str]]]:
    header = ["case", "rows", "median s", "rows/s (median)", "rows/s (best)"]
    rows = [
        [
            c["case"],
            f"{c['rows']:,}",
            f"{c['median_s']:.3f}",
            f"{c['rows_per_s']:,.0f}",
            f"{c['rows_per_s_best']:,.0f}",
        ]
        for c in csv_replay["cases"]
    ]
    return header, rows


def ingress_rows(ingress: dict) -> tuple[list[str], list[list[str]]]:
    header = ["mode", "received/sent", "p50 us", "p99 us", "p99.9 us", "max us"]
    rows = []
    for mode, entry in ingress["modes"].items():
        if entry.get("status") != "measured":
            rows.append([mode, "-", "-", "-", "-", f"{entry.get('status')}: {entry.get('reason')}"])
            continue
        rows.append(
            [
                mode,
                f"{entry['received']}/{entry['sent']}",
                f"{entry['p50_us']:.1f}",
                f"{entry['p99_us']:.1f}",
                f"{entry['p99.9_us']:.1f}",
                f"{entry['max_us']:.1f}",
            ]
        )
    return header, rows


SECTIONS = (
    (
        "throughput",
        "Workloads 1-4: marginal ns per cycle (median of the pooled runs); ratio = this / peer, "
        "median of per-round ratios (range over rounds)",
        throughput_rows,
    ),
    ("targets", "Targets", targets_rows),
    ("scaling", "Scaling: ns per node-cycle", scaling_rows),
    ("memory", "Memory: peak RSS (ru_maxrss) in a fresh process", memory_rows),
    ("csv_replay", "Workload 5: CSV replay", csv_rows),
    ("ingress", "Workload 6: realtime ingress latency", ingress_rows),
)


def _sections(results: dict):
    for key, title, rows in SECTIONS:
        if results.get(key):
            yield title, *rows(results[key])


def text_summary(results: dict) -> str:
    parts = [f"settings: {results['settings']}"]
    for title, header, rows in _sections(results):
        parts += ["", title, _text_table(header, rows)]
    for error in results.get("errors", []):
        parts.append(f"ERROR: {error}")
    return "\n".join(parts)


def markdown_summary(results: dict) -> str:
    info = results["machine"]
    parts = [
        f"Run of {info['date']} on {info['cpu_model']} ({info['cpus']} CPUs), Python "
        f"{info['python']}, revision {info['repository_revision']}, load average at start "
        + ", ".join(f"{x:.2f}" for x in info["load_average_at_start"])
        + f"; {results['settings']}.",
    ]
    for title, header, rows in _sections(results):
        parts += ["", f"**{title}**", "", _markdown_table(header, rows)]
    for error in results.get("errors", []):
        parts += ["", f"Error: {error}"]
    return "\n".join(parts) + "\n"
