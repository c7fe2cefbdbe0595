"""Scaling: cost per node-cycle against graph size, from 10 to 10,000 nodes.

Two shapes, each a single chain from one counter in which every node ticks every cycle:

* ``native``: built-in operators only (wingfoil: ``average()``; csp: C++ ``abs``);
* ``python``: ``map(add_one)`` nodes (csp: a ``@csp.node`` calling ``add_one``).

A flat line means the engine's per-node cost does not depend on how big the graph is; a rising
one means per-cycle work that grows with the graph (scans, cache misses). Each point's cycles are
``shapes.scaling_cycles`` (a node-cycle budget, at least ``SCALING_MIN_CYCLES``); the cost per
node-cycle is the marginal ns per cycle divided by the graph's node count.

Driver side (run by ``bench/run_all.py``). Threading: one worker at a time.
"""

from __future__ import annotations

from pathlib import Path

import peers
import shapes

PEERS = (peers.THIS, peers.WINGFOIL_1, peers.CSP)
KINDS = ("native", "python")


def run(
    interpreters: dict[str, Path],
    nodes=shapes.SCALING_NODES,
    repeat: int = 3,
    cycles_scale: float = 1.0,
    clock: str = "cpu",
    pin: int | None = None,
    log=print,
) -> dict:
    """``{kind: {peer: [point, ...]}}`` for the peers of ``PEERS`` present in ``interpreters``:
    each point has ``nodes``, ``cycles``, ``ns_per_cycle`` and ``ns_per_node_cycle`` (on
    ``clock``), or ``nodes`` and ``error`` for a size the peer failed on (larger sizes are then
    not tried)."""
    results: dict = {kind: {} for kind in KINDS}
    for peer in PEERS:
        if peer.name not in interpreters:
            continue
        for kind in KINDS:
            points = []
            for size in nodes:
                point = _point(
                    interpreters[peer.name], peer, kind, size, repeat, cycles_scale, clock, pin
                )
                points.append(point)
                if "error" in point:
                    log(f"  scaling {kind:<6} {peer.name:<16} {size:>6} nodes: {point['error']}")
                    # A graph this size failed; larger ones of the same shape are not attempted.
                    break
            results[kind][peer.name] = points
            costs = ", ".join(
                f"{p['nodes']}:{p['ns_per_node_cycle']:.1f}" for p in points if "error" not in p
            )
            log(f"  scaling {kind:<6} {peer.name:<16} ns/node-cycle {costs}")
    return results


def _point(
    python: Path,
    peer: peers.Peer,
    kind: str,
    size: int,
    repeat: int,
    scale: float,
    clock: str,
    pin: int | None,
):
    """One graph size in its own worker process, so that a peer crashing on a large graph (csp
    0.19 segfaults on a 10,000-node chain) is recorded as that point's error."""
    args = [
        "--scaling",
        kind,
        f"--nodes={size}",
        f"--repeat={repeat}",
        f"--cycles-scale={scale}",
        f"--clock={clock}",
    ] + ([f"--pin={pin}"] if pin is not None else [])
    try:
        point = peers.run_worker(python, peer.module, args)["points"][0]
    except peers.PeerError as exc:
        return {"nodes": size, "error": str(exc).splitlines()[0]}
    if point["check"].get("count") != point["cycles"]:
        raise RuntimeError(
            f"scaling {kind} on {peer.name} at {size} nodes counted "
            f"{point['check'].get('count')} cycles, expected {point['cycles']}"
        )
    expected = point["cycles"] + size - 2
    if kind == "python" and point["check"].get("result") != expected:
        raise RuntimeError(
            f"scaling python on {peer.name} at {size} nodes computed "
            f"{point['check'].get('result')}, expected {expected}"
        )
    point["ns_per_node_cycle"] = point["ns_per_cycle"] / size
    return point
