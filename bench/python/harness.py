"""The worker side of the benchmark suite: what runs inside one library's own Python process.

Defines ``Prepared`` (a built graph: a ``run`` callable and a ``check`` callable), the timing
method shared by every library, and ``worker_main``, the command line every workload module
(``workloads_*.py``) hands its builders to. A worker prints exactly one JSON object as its last
stdout line; ``peers.run_worker`` reads it.

This module uses the standard library only, because it is imported inside each peer's virtual
environment. Threading: single-threaded; a worker process measures one thing at a time.

Timing method. A measurement of workload W at N cycles is: build W's graph, run it, stop the clock
(``time.perf_counter``, and ``time.process_time`` beside it), repeated ``repeat`` times with a
fresh graph each time (node state carries over between runs of one graph, so a graph is never
reused). The same is done at 1 cycle. The reported cost per cycle is the marginal one,
``(median(T_N) - median(T_1)) / (N - 1)``: building and starting a graph costs different libraries
very different fixed amounts (csp wires its graph in Python inside ``csp.run``), and a per-cycle
figure should not depend on how long the run was. The fixed cost is reported beside it as
``setup_s``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import sys
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import shapes


@dataclass
class Prepared:
    """A graph ready to run. ``run()`` executes it to the end; ``check()`` afterwards returns what
    it computed: ``{"count": <cycles the source ticked>, "result": <final output value>}``. A
    library whose result is not the same computation as the others' (different operators)
    reports it under another key than ``result`` so that it is not compared."""

    run: Callable[[], object]
    check: Callable[[], dict]


Builder = Callable[[int], Prepared]
ScalingBuilder = Callable[[int, int], Prepared]


CLOCKS = ("wall", "cpu")


def _timed(build: Builder, cycles: int) -> tuple[float, float, dict]:
    """(wall seconds, process CPU seconds, check) of building and running one graph."""
    wall, cpu = time.perf_counter(), time.process_time()
    prepared = build(cycles)
    prepared.run()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return wall, cpu, prepared.check()


def _marginal_ns(runs: list[float], setup_runs: list[float], cycles: int) -> float:
    return (statistics.median(runs) - statistics.median(setup_runs)) / (cycles - 1) * 1e9


def _summarise(wall_runs, cpu_runs, wall_setup, cpu_setup, cycles: int, clock: str, check: dict):
    marginal = {
        "wall": _marginal_ns(wall_runs, wall_setup, cycles),
        "cpu": _marginal_ns(cpu_runs, cpu_setup, cycles),
    }
    return {
        "cycles": cycles,
        "repeat": len(wall_runs),
        "clock": clock,
        "runs_s": wall_runs,
        "setup_runs_s": wall_setup,
        "cpu_runs_s": cpu_runs,
        "cpu_setup_runs_s": cpu_setup,
        "setup_s": statistics.median(wall_setup),
        "ns_per_cycle": marginal[clock],
        "ns_per_cycle_wall": marginal["wall"],
        "ns_per_cycle_cpu": marginal["cpu"],
        "ns_per_cycle_total": statistics.median(wall_runs) / cycles * 1e9,
        "check": check,
    }


def combine(parts: list[dict], clock: str) -> dict:
    """One measurement from several ``measure`` results of the same workload and cycles (taken
    in separate worker processes, interleaved with other libraries' runs): the timings pooled,
    the medians and marginal costs recomputed. Raises ValueError when the parts differ in cycles
    or in what they computed."""
    first = parts[0]
    for part in parts[1:]:
        if part["cycles"] != first["cycles"] or part["check"] != first["check"]:
            raise ValueError(
                f"runs of one workload disagree: {first['cycles']} cycles giving "
                f"{first['check']} against {part['cycles']} cycles giving {part['check']}"
            )
    pooled = {
        key: [x for part in parts for x in part[key]]
        for key in ("runs_s", "cpu_runs_s", "setup_runs_s", "cpu_setup_runs_s")
    }
    out = _summarise(
        pooled["runs_s"],
        pooled["cpu_runs_s"],
        pooled["setup_runs_s"],
        pooled["cpu_setup_runs_s"],
        first["cycles"],
        clock,
        first["check"],
    )
    return {**{k: v for k, v in first.items() if k not in out}, **out, "processes": len(parts)}


def measure(build: Builder, cycles: int, repeat: int, clock: str = "cpu") -> dict:
    """Times ``build`` at ``cycles`` and at 1 cycle, ``repeat`` times each, as the module
    docstring describes, on both clocks: wall time and the process's CPU time (which leaves out
    the time the process waited for a core, so it is the steadier figure on a shared machine;
    every workload here is single-threaded, where the two agree on an idle machine).
    ``ns_per_cycle`` is the marginal cost on ``clock``; both are returned as well, with the raw
    timings and the check of the last full run. Raises ValueError for cycles < 2, repeat < 1
    or an unknown clock."""
    if cycles < 2 or repeat < 1 or clock not in CLOCKS:
        raise ValueError(
            f"need cycles >= 2, repeat >= 1, clock in {CLOCKS}; got {cycles}, {repeat}, {clock!r}"
        )
    # One untimed run first: imports, code caches and allocator pools settle outside the numbers.
    _timed(build, min(cycles, 1000))
    setup = [_timed(build, 1)[:2] for _ in range(repeat)]
    runs, check = [], {}
    for _ in range(repeat):
        gc.collect()
        wall, cpu, check = _timed(build, cycles)
        runs.append((wall, cpu))
    return _summarise(
        [r[0] for r in runs],
        [r[1] for r in runs],
        [r[0] for r in setup],
        [r[1] for r in setup],
        cycles,
        clock,
        check,
    )


def peak_rss_kib() -> int:
    """The process's peak resident set so far, in KiB (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure_rss(build: Builder, cycles: int) -> dict:
    """One run of ``build`` at ``cycles`` in a forked child of this worker: the child's peak RSS
    before building and after running, and the run's check.

    Why a fork: Linux carries ``ru_maxrss`` across ``execve``, so a worker started by a large
    process (the suite's driver, with matplotlib loaded) starts with the driver's peak and would
    hide anything smaller. A forked child gets its own figure, starting at this small worker's
    resident set (interpreter and imports). The worker has run nothing before the fork. Raises
    RuntimeError when the child fails; its traceback is on stderr."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: measure, report through the pipe, never return into the caller
        status = 1
        try:
            os.close(read_end)
            before = peak_rss_kib()
            started = time.perf_counter()
            prepared = build(cycles)
            prepared.run()
            elapsed = time.perf_counter() - started
            answer = {
                "cycles": cycles,
                "peak_rss_before_kib": before,
                "peak_rss_kib": peak_rss_kib(),
                "elapsed_s": elapsed,
                "check": prepared.check(),
            }
            with os.fdopen(write_end, "w") as pipe:
                pipe.write(json.dumps(answer))
            status = 0
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        text = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not text:
        raise RuntimeError(f"the measuring child process failed (wait status {status})")
    return json.loads(text)


def module_origin(module) -> str:
    """Where ``module`` was imported from, relative to this interpreter's prefix (so that a
    result names the environment's layout, not the machine's folders)."""
    return os.path.relpath(module.__file__, sys.prefix)


def worker_main(
    library: str,
    version: str,
    workloads: Mapping[str, Builder],
    scaling: Mapping[str, ScalingBuilder] | None = None,
    argv: list[str] | None = None,
    origin: str | None = None,
) -> int:
    """The command line of a workload module:

    ``--list``: the workload and scaling shape names this library implements, and ``origin``
    (where the library was imported from);
    ``--workload W --cycles N --repeat R [--clock wall|cpu]``: ``measure`` W;
    ``--workload W --cycles N --rss``: ``measure_rss`` W once;
    ``--scaling S --nodes K1,K2,... --repeat R``: ``measure`` scaling shape S at each size, with
    ``shapes.scaling_cycles(S, K)`` cycles (times ``--cycles-scale``);
    ``--pin C`` with any of these: the process runs on CPU C only, so the scheduler cannot move
    it between cores mid-run (each move costs it its warm caches).

    Prints one JSON object and returns 0; an unknown name is an argparse error (exit code 2)."""
    scaling = scaling or {}
    parser = argparse.ArgumentParser(description=f"benchmark worker for {library}")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--workload", choices=sorted(workloads))
    parser.add_argument("--scaling", choices=sorted(scaling) if scaling else None)
    parser.add_argument("--nodes", type=lambda text: [int(k) for k in text.split(",")])
    parser.add_argument("--cycles-scale", type=float, default=1.0)
    parser.add_argument("--cycles", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rss", action="store_true")
    parser.add_argument("--clock", choices=CLOCKS, default="cpu")
    parser.add_argument("--pin", type=int, help="run on this CPU only (sched_setaffinity)")
    args = parser.parse_args(argv)

    if args.pin is not None:
        os.sched_setaffinity(0, {args.pin})
    out: dict = {"library": library, "version": version, "python": platform.python_version()}
    if args.pin is not None:
        out["pinned_cpu"] = args.pin
    if args.list:
        out.update(workloads=sorted(workloads), scaling=sorted(scaling), origin=origin)
    elif args.workload and args.rss:
        out.update(workload=args.workload, **measure_rss(workloads[args.workload], args.cycles))
    elif args.workload:
        out.update(
            workload=args.workload,
            **measure(workloads[args.workload], args.cycles, args.repeat, args.clock),
        )
    elif args.scaling:
        if args.nodes is None:
            parser.error("--scaling needs --nodes")
        shape, points = scaling[args.scaling], []
        for nodes in args.nodes:
            cycles = max(2, int(shapes.scaling_cycles(args.scaling, nodes) * args.cycles_scale))
            point = measure(lambda n, k=nodes: shape(k, n), cycles, args.repeat, args.clock)
            points.append({"nodes": nodes, **point})
        out.update(scaling=args.scaling, points=points)
    else:
        parser.error("one of --list, --workload or --scaling is required")
    print(json.dumps(out))
    sys.stdout.flush()
    return 0
