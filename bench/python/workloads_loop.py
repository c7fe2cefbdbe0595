"""The workloads as bare Python loops: the floor for graphs whose nodes are Python callables.

Each loop does per cycle what the graph does: the counter is the loop variable, and every map,
filter and bimap is one call of the same function object the graphs call. native_chain is written
out in Python too (distinct and difference as comparisons and a subtraction), as a reference for
what the engine saves when no Python runs; native_fan_10x10 has no loop form (its operators would
be Python code, which is what fan_10x10_py already measures).

Run as a worker (``harness.worker_main``) by the current interpreter. Threading: single-threaded.
"""

from __future__ import annotations

import platform

import harness
import shapes
from harness import Prepared


class _State:
    def __init__(self) -> None:
        self.count = 0
        self.result = None

    def check(self) -> dict:
        return {"count": self.count, "result": self.result}


def native_chain(cycles: int) -> Prepared:
    state = _State()

    def run() -> None:
        last = previous = result = None
        count = 0
        for count in range(1, cycles + 1):
            if count != last:
                last = count
                if previous is not None:
                    result = count - previous
                previous = count
        state.count, state.result = count, result

    return Prepared(run, state.check)


def py_chain(cycles: int) -> Prepared:
    state = _State()
    add_one, is_even, times_three = shapes.add_one, shapes.is_even, shapes.times_three

    def run() -> None:
        result = None
        count = 0
        for count in range(1, cycles + 1):
            x = add_one(count)
            if is_even(x):
                result = times_three(x)
        state.count, state.result = count, result

    return Prepared(run, state.check)


def fan_10x10_py(cycles: int) -> Prepared:
    state = _State()
    branches = [[shapes.add_one] * shapes.FAN_DEPTH for _ in range(shapes.FAN_BRANCHES)]
    folds = [shapes.add] * (shapes.FAN_BRANCHES - 1)

    def run() -> None:
        acc = None
        count = 0
        for count in range(1, cycles + 1):
            tails = []
            for branch in branches:
                x = count
                for fn in branch:
                    x = fn(x)
                tails.append(x)
            acc = tails[0]
            for fold, other in zip(folds, tails[1:]):
                acc = fold(acc, other)
        state.count, state.result = count, acc

    return Prepared(run, state.check)


WORKLOADS = {
    "native_chain": native_chain,
    "py_chain": py_chain,
    "fan_10x10_py": fan_10x10_py,
}

if __name__ == "__main__":
    raise SystemExit(harness.worker_main("python loop", platform.python_version(), WORKLOADS))
