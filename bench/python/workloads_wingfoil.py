"""The workloads written against the wingfoil Python API, run by this package and by wingfoil 1.0.0.

Both expose the same API (``ticker``, ``Stream.map``/``filter``/``distinct``/``difference``/
``average``/``not``/``sample``, ``bimap``); the code below uses only what 1.0.0 also has, and
passes ``realtime=False`` explicitly because 1.0.0's ``run()`` defaults to realtime.

Run as a worker (see ``harness.worker_main``) by the interpreter whose ``wingfoil`` is measured:
the current environment for this package, the peer's venv for 1.0.0. Threading: single-threaded.
"""

from __future__ import annotations

import importlib.metadata

import harness
import shapes
import wingfoil as wf
from harness import Prepared


def _run(tail, cycles: int):
    return lambda: tail.run(realtime=False, cycles=cycles)


def _checked(count, tail):
    return lambda: {"count": count.peek_value(), "result": tail.peek_value()}


def native_chain(cycles: int) -> Prepared:
    count = wf.ticker(0.001).count()
    tail = count.distinct().difference()
    return Prepared(_run(tail, cycles), _checked(count, tail))


def py_chain(cycles: int) -> Prepared:
    count = wf.ticker(0.001).count()
    tail = count.map(shapes.add_one).filter(shapes.is_even).map(shapes.times_three)
    return Prepared(_run(tail, cycles), _checked(count, tail))


def fan_10x10_py(cycles: int) -> Prepared:
    count = wf.ticker(0.001).count()
    tail = shapes.fan(
        count,
        lambda stream, _: stream.map(shapes.add_one),
        lambda acc, other: wf.bimap(acc, other, shapes.add),
    )
    return Prepared(_run(tail, cycles), _checked(count, tail))


def native_fan_10x10(cycles: int) -> Prepared:
    count = wf.ticker(0.001).count()
    tail = shapes.fan(
        count,
        lambda stream, step: getattr(stream, shapes.NATIVE_BRANCH_OPS[step])(),
        lambda acc, other: acc.sample(other),
    )
    return Prepared(_run(tail, cycles), _checked(count, tail))


def scaling_native(nodes: int, cycles: int) -> Prepared:
    """ticker -> count -> (nodes - 2) x average(): every node ticks every cycle."""
    count = wf.ticker(0.001).count()
    tail = count
    for _ in range(nodes - 2):
        tail = tail.average()
    return Prepared(_run(tail, cycles), _checked(count, tail))


def scaling_python(nodes: int, cycles: int) -> Prepared:
    """ticker -> count -> (nodes - 2) x map(add_one)."""
    count = wf.ticker(0.001).count()
    tail = count
    for _ in range(nodes - 2):
        tail = tail.map(shapes.add_one)
    return Prepared(_run(tail, cycles), _checked(count, tail))


WORKLOADS = {
    "native_chain": native_chain,
    "py_chain": py_chain,
    "fan_10x10_py": fan_10x10_py,
    "native_fan_10x10": native_fan_10x10,
}
SCALING = {"native": scaling_native, "python": scaling_python}


def version() -> str:
    return getattr(wf, "__version__", None) or importlib.metadata.version("wingfoil")


if __name__ == "__main__":
    raise SystemExit(
        harness.worker_main(
            "wingfoil", version(), WORKLOADS, SCALING, origin=harness.module_origin(wf)
        )
    )
