"""What every library computes: the workloads' shapes, sizes and the Python callables they call.

Every ``workloads_*.py`` module builds its graphs from these definitions, so the libraries run the
same computation with the same lambda objects. Standard library only (imported in every peer's
venv). Threading: constants and pure functions only.

Workloads (all in historical mode, one source tick per cycle, every node ticking every cycle):

* ``native_chain``: ``ticker(0.001).count().distinct().difference()``; no Python callable.
* ``py_chain``: ``count -> map(add_one) -> filter(is_even) -> map(times_three)``.
* ``fan_10x10_py``: one ``count`` source, ``FAN_BRANCHES`` branches of ``FAN_DEPTH``
  ``map(add_one)`` each, folded back into one stream by ``FAN_BRANCHES - 1`` ``bimap(add)``.
* ``native_fan_10x10``: the same shape with built-in operators only: each branch is
  ``NATIVE_BRANCH_OPS`` and the fold is ``sample`` (the only built-in two-input operator that
  wingfoil 1.0.0 has; it reads the accumulated stream and ticks when the branch ticks).
"""

from __future__ import annotations

WORKLOADS = ("native_chain", "py_chain", "fan_10x10_py", "native_fan_10x10")

DEFAULT_CYCLES = 200_000
FAN_BRANCHES = 10
FAN_DEPTH = 10

# Built-in operators that wingfoil 1.0.0 and this package both have and that keep ticking every
# cycle on a counter (1.0.0's sum() fails on its first tick, so it is not used). Ending with
# difference() puts a two-value operator in each branch; it ticks from the second cycle on.
NATIVE_BRANCH_OPS = (
    "not",
    "distinct",
    "average",
    "not",
    "distinct",
    "average",
    "not",
    "distinct",
    "average",
    "difference",
)

# Graph sizes (nodes) of the scaling sweep.
SCALING_NODES = (10, 30, 100, 300, 1000, 3000, 10_000)
# Node-cycles per scaling point: cycles = max(SCALING_MIN_CYCLES, budget // nodes).
SCALING_NODE_CYCLES = {"native": 10_000_000, "python": 2_000_000}
SCALING_MIN_CYCLES = 1000


def add_one(x):
    return x + 1


def is_even(x):
    return x % 2 == 0


def times_three(x):
    return x * 3


def add(a, b):
    return a + b


def fan(count, branch, fold):
    """The fan-out shape every library wires: FAN_BRANCHES branches of FAN_DEPTH steps each from
    `count` (`branch(stream, step)` adds one step), folded pairwise with `fold(acc, tail)`."""
    tails = []
    for _ in range(FAN_BRANCHES):
        stream = count
        for step in range(FAN_DEPTH):
            stream = branch(stream, step)
        tails.append(stream)
    acc = tails[0]
    for tail in tails[1:]:
        acc = fold(acc, tail)
    return acc


def scaling_cycles(kind: str, nodes: int) -> int:
    """Cycles to run a scaling graph of ``nodes`` nodes of ``kind`` ("native" or "python")."""
    return max(SCALING_MIN_CYCLES, SCALING_NODE_CYCLES[kind] // nodes)


def py_chain_result(cycles: int) -> int:
    """The last value py_chain emits after ``cycles`` cycles (count runs 1..cycles)."""
    last_even = cycles + 1 if (cycles + 1) % 2 == 0 else cycles
    return last_even * 3


def fan_py_result(cycles: int) -> int:
    """The value fan_10x10_py holds after ``cycles`` cycles."""
    return FAN_BRANCHES * (cycles + FAN_DEPTH)
