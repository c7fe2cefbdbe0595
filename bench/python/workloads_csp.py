"""The workloads written in csp (Point72's C++ engine with a Python DSL), run in csp's own venv.

How each workload maps onto csp:

* the source is ``csp.count(csp.timer(1 ms))``, run from ``START`` to ``START + cycles ms`` so the
  counter ticks exactly ``cycles`` times;
* a Python callable is one ``@csp.node`` that calls it (``_map``, ``_filter``, ``_bimap``): one
  node per wingfoil operator, the way a csp user writes a custom step;
* built-in operators are csp's C++ nodes. csp 0.19 has no C++ ``drop_dups`` for ints (it is a
  Python node), so native_chain casts to float first and uses the C++ float version:
  ``count -> cast_int_to_float -> drop_dups -> diff`` (diff is two C++ nodes, a one-tick delay and
  a subtraction): five C++ nodes where wingfoil has three;
* native_fan_10x10 branches are ``CSP_NATIVE_BRANCH`` (ten C++ nodes, all ticking every cycle),
  folded with C++ ``csp.sample``;
* csp only runs nodes that lead to an output, so each graph ends in ``csp.add_graph_output`` with
  ``tick_count=1`` (the final value, and the counter for the check): two C++ output adapters more
  than wingfoil's graphs have;
* csp memoizes identical node calls (ten identical branches would collapse into one), so graphs
  are built with ``csp.memoize(False)``.

Run as a worker (``harness.worker_main``) by the csp venv's interpreter. Threading:
single-threaded.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import csp
import harness
import shapes
from csp import ts
from harness import Prepared

START = datetime(2020, 1, 1)
TICK = timedelta(milliseconds=1)

CSP_NATIVE_BRANCH = (
    "cast_int_to_float",
    "abs",
    "drop_dups",
    "sqrt",
    "drop_dups",
    "abs",
    "drop_dups",
    "sqrt",
    "drop_dups",
    "abs",
)
_NATIVE_OPS = {
    "cast_int_to_float": csp.cast_int_to_float,
    "abs": csp.math.abs,
    "sqrt": csp.math.sqrt,
    "drop_dups": csp.drop_dups,
}


@csp.node
def _map(x: ts[int], fn: object) -> ts[int]:
    if csp.ticked(x):
        return fn(x)


@csp.node
def _filter(x: ts[int], keep: object) -> ts[int]:
    if csp.ticked(x):
        if keep(x):
            return x


@csp.node
def _bimap(a: ts[int], b: ts[int], fn: object) -> ts[int]:
    if csp.valid(a, b):
        return fn(a, b)


def _prepared(wire, cycles: int, result_key: str = "result") -> Prepared:
    """Wraps ``wire(count) -> tail`` in a csp graph with the two outputs and a run of
    ``cycles`` ticks; the check reads the outputs' last values."""
    outputs: dict = {}

    def graph() -> None:
        with csp.memoize(False):
            count = csp.count(csp.timer(TICK))
            tail = wire(count)
            csp.add_graph_output("count", count, tick_count=1)
            csp.add_graph_output("tail", tail, tick_count=1)

    def run() -> None:
        outputs.update(csp.run(graph, starttime=START, endtime=START + cycles * TICK))

    def check() -> dict:
        def last(key):
            return outputs[key][-1][1] if outputs.get(key) else None

        return {"count": last("count"), result_key: last("tail")}

    return Prepared(run, check)


def native_chain(cycles: int) -> Prepared:
    def wire(count):
        return csp.diff(csp.drop_dups(csp.cast_int_to_float(count)), 1)

    return _prepared(wire, cycles)


def py_chain(cycles: int) -> Prepared:
    def wire(count):
        mapped = _map(count, shapes.add_one)
        return _map(_filter(mapped, shapes.is_even), shapes.times_three)

    return _prepared(wire, cycles)


def fan_10x10_py(cycles: int) -> Prepared:
    def wire(count):
        return shapes.fan(
            count,
            lambda stream, _: _map(stream, shapes.add_one),
            lambda acc, other: _bimap(acc, other, shapes.add),
        )

    return _prepared(wire, cycles)


def native_fan_10x10(cycles: int) -> Prepared:
    def wire(count):
        return shapes.fan(
            count,
            lambda stream, step: _NATIVE_OPS[CSP_NATIVE_BRANCH[step]](stream),
            lambda acc, other: csp.sample(other, acc),
        )

    # Different operators from wingfoil's, so the value is reported but not compared.
    return _prepared(wire, cycles, result_key="csp_result")


def scaling_native(nodes: int, cycles: int) -> Prepared:
    """timer -> count -> cast_int_to_float -> (nodes - 3) x C++ abs: all C++ nodes."""

    def wire(count):
        tail = csp.cast_int_to_float(count)
        for _ in range(nodes - 3):
            tail = csp.math.abs(tail)
        return tail

    return _prepared(wire, cycles, result_key="csp_result")


def scaling_python(nodes: int, cycles: int) -> Prepared:
    """timer -> count -> (nodes - 2) x _map(add_one)."""

    def wire(count):
        tail = count
        for _ in range(nodes - 2):
            tail = _map(tail, shapes.add_one)
        return tail

    return _prepared(wire, cycles)


WORKLOADS = {
    "native_chain": native_chain,
    "py_chain": py_chain,
    "fan_10x10_py": fan_10x10_py,
    "native_fan_10x10": native_fan_10x10,
}
SCALING = {"native": scaling_native, "python": scaling_python}

if __name__ == "__main__":
    raise SystemExit(
        harness.worker_main(
            "csp", csp.__version__, WORKLOADS, SCALING, origin=harness.module_origin(csp)
        )
    )
