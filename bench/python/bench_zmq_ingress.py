"""Realtime ingress latency of zmq_sub: from a pyzmq publisher in another process to a Python
callable inside a running wingfoil graph.

    python bench/python/bench_zmq_ingress.py [--messages N] [--interval-us US] [--repeat R]

Path measured: the publisher process stamps each frame with CLOCK_MONOTONIC (``time.monotonic_ns``,
system-wide on Linux, so comparable across processes) and sends it as a wingfoil RealtimeValue
frame over loopback TCP; the graph is ``zmq_sub(address)[0].for_each(f)``, and ``f`` reads the
clock for every payload of the burst it is given. The figure therefore covers the libzmq transfer,
the receiver thread's decode and queue push, the engine's wake-up, the cycle, the lazy
conversion to ``list[bytes]`` and the Python call.

Modes, each run against a fresh publisher process:

* ``wingfoil``: the engine waits in the kernel between messages (the default);
* ``wingfoil_busy_poll``: the engine spins instead of sleeping (``busy_poll=True``, a private
  option of the run helper), one core at 100 %;
* ``pyzmq_floor``: a bare pyzmq SUB socket read in a Python loop, no wingfoil: the transport's own
  cost on this machine, the baseline.

Messages are paced (one every ``--interval-us``), so every message finds the receiver idle and
the wake-up is part of the figure. The publisher is an XPUB that starts sending only once the
subscription has arrived, so nothing is lost to the slow-joiner effect; ``received`` shows it.
Prints one JSON object with p50, p99, p99.9 and max in microseconds per mode (the best p50 of
``--repeat`` runs is kept with its run's other figures). Nothing is asserted: numbers depend on
the machine and belong in bench/README.md next to a description of it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import struct
import subprocess
import sys
import textwrap
import time

import wingfoil
import zmq
from wingfoil._run import run_graph

HEAD = struct.Struct("<IQ")  # RealtimeValue: variant 3, u64 payload length
STAMP = struct.Struct("<Qq")  # payload: sequence number, send time (monotonic ns)
EOS = b"\x01\x00\x00\x00"

PUBLISHER = """
    import struct, sys, time
    import zmq

    messages, interval_ns = int(sys.argv[1]), int(sys.argv[2])
    head, stamp = struct.Struct("<IQ"), struct.Struct("<Qq")
    context = zmq.Context()
    sock = context.socket(zmq.XPUB)
    sock.setsockopt(zmq.LINGER, 2000)
    sock.setsockopt(zmq.SNDHWM, 0)
    sock.bind("tcp://127.0.0.1:*")
    print(sock.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)
    while sock.recv()[:1] != b"\\x01":  # wait for the subscription
        pass
    time.sleep(0.2)  # let the subscriber settle into its idle wait
    deadline = time.monotonic_ns()
    for seq in range(messages):
        deadline += interval_ns
        while time.monotonic_ns() < deadline - 200_000:
            time.sleep(0.0001)
        while time.monotonic_ns() < deadline:
            pass
        sock.send(head.pack(3, stamp.size) + stamp.pack(seq, time.monotonic_ns()))
    sock.send(b"\\x01\\x00\\x00\\x00")
    sock.close()
    context.term()
"""


def start_publisher(messages: int, interval_us: int) -> tuple[subprocess.Popen, str]:
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(PUBLISHER), str(messages), str(interval_us * 1000)],
        stdout=subprocess.PIPE,
        text=True,
    )
    address = child.stdout.readline().strip()
    if not address.startswith("tcp://"):
        child.kill()
        raise RuntimeError("the publisher process did not start")
    return child, address


def percentiles(latencies_ns: list[int]) -> dict[str, float]:
    ordered = sorted(latencies_ns)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] / 1000.0

    return {
        "p50_us": round(at(0.50), 1),
        "p99_us": round(at(0.99), 1),
        "p99.9_us": round(at(0.999), 1),
        "max_us": round(ordered[-1] / 1000.0, 1),
    }


def measure_wingfoil(messages: int, interval_us: int, busy_poll: bool) -> dict:
    child, address = start_publisher(messages, interval_us)
    latencies: list[int] = []
    clock = time.monotonic_ns
    unpack = STAMP.unpack

    def on_batch(batch, _t):
        now = clock()
        for payload in batch:
            latencies.append(now - unpack(payload)[1])

    data, status = wingfoil.zmq_sub(address)
    stop = status.filter(lambda s: s == "disconnected").limit(0)
    bound = 30.0 + messages * interval_us / 1e6
    try:
        run_graph([data.for_each(on_batch), stop], True, duration=bound, busy_poll=busy_poll)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
    return {"received": len(latencies), **percentiles(latencies)}


def measure_pyzmq_floor(messages: int, interval_us: int) -> dict:
    child, address = start_publisher(messages, interval_us)
    context = zmq.Context()
    sock = context.socket(zmq.SUB)
    sock.setsockopt(zmq.LINGER, 0)
    sock.setsockopt(zmq.SUBSCRIBE, b"")
    sock.connect(address)
    latencies: list[int] = []
    try:
        while True:
            raw = sock.recv()
            now = time.monotonic_ns()
            if raw == EOS:
                break
            latencies.append(now - STAMP.unpack_from(raw, HEAD.size)[1])
    finally:
        sock.close()
        context.term()
        child.wait()
    return {"received": len(latencies), **percentiles(latencies)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--interval-us", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    modes = {
        "wingfoil": lambda: measure_wingfoil(args.messages, args.interval_us, False),
        "wingfoil_busy_poll": lambda: measure_wingfoil(args.messages, args.interval_us, True),
        "pyzmq_floor": lambda: measure_pyzmq_floor(args.messages, args.interval_us),
    }
    results = {}
    for name, measure in modes.items():
        runs = [measure() for _ in range(args.repeat)]
        results[name] = min(runs, key=lambda r: r["p50_us"])
    print(
        json.dumps(
            {
                "bench": "zmq_ingress",
                "messages": args.messages,
                "interval_us": args.interval_us,
                "repeat": args.repeat,
                "python": platform.python_version(),
                "pyzmq": zmq.__version__,
                "libzmq": zmq.zmq_version(),
                "cpus": os.cpu_count(),
                "results": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
