"""Workload 6, realtime ingress latency: from a value pushed by another thread until a Python
callable in a running graph sees it. p50 / p99 / p99.9 / max in microseconds per mode.

    python bench/python/ingress.py [--messages N] [--interval-us US] [--zmq-repeat R]

Two ingress paths, each with the engine's wait strategy sleeping (the default) and
busy-polling (``wingfoil._run.run_graph(..., busy_poll=True)``), each beside a floor that does
the same hand-off without wingfoil:

* ``push_source``: a Python producer thread calls ``push(time.perf_counter_ns())`` on a
  ``wingfoil.push_source()``; the graph is ``source.stream.for_each(f)`` and ``f`` reads
  ``time.perf_counter_ns()`` for every value of the burst. The figure covers the lock-free queue,
  the engine's wake-up, taking the GIL back from the producer, the cycle and the Python call.
  Floor: the same producer putting stamps on a ``queue.SimpleQueue`` read by a consumer thread
  blocked in ``get()``: Python's own thread-to-thread hand-off.
* ``zmq_sub``: measured by ``bench_zmq_ingress.py`` (kept by the ZMQ adapter's owner): a pyzmq
  publisher in another process, ``zmq_sub(address)[0].for_each(f)``, and a bare pyzmq SUB loop as
  the transport's floor. This module runs it and reshapes its JSON.

Values are paced (one every ``--interval-us``), so each one finds the consumer idle and the
wake-up is part of the figure. A path whose API is not in this build (``push_source`` or
``zmq_sub``) is reported as ``"pending"`` with the reason. Prints one JSON object.

Run by the current interpreter. Threading: the graph runs on the main thread, the producer on a
thread started and joined here; the ZMQ measurement runs as a subprocess.
"""

from __future__ import annotations

import argparse
import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

ZMQ_SCRIPT = Path(__file__).resolve().parent / "bench_zmq_ingress.py"
ZMQ_MODES = {
    "wingfoil": "zmq_sub, sleeping",
    "wingfoil_busy_poll": "zmq_sub, busy-poll",
    "pyzmq_floor": "pyzmq recv loop (zmq floor)",
}
PUSH_MODES = ("push_source, sleeping", "push_source, busy-poll", "SimpleQueue hand-off (floor)")
# The producer starts pushing this long after the run starts, so the graph is idle and waiting.
SETTLE_S = 0.3


def percentiles(latencies_ns: list[int], sent: int) -> dict:
    if not latencies_ns:
        return {"status": "failed", "reason": "nothing arrived", "sent": sent, "received": 0}
    ordered = sorted(latencies_ns)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] / 1e3

    return {
        "status": "measured",
        "sent": sent,
        "received": len(ordered),
        "p50_us": at(0.50),
        "p99_us": at(0.99),
        "p99.9_us": at(0.999),
        "max_us": ordered[-1] / 1e3,
    }


def _produce(push, messages: int, interval_ns: int) -> None:
    """Pushes ``messages`` stamps, one per ``interval_ns``: sleeps to just short of each
    deadline (releasing the GIL), then pushes the current time."""
    time.sleep(SETTLE_S)
    deadline = time.perf_counter_ns()
    for _ in range(messages):
        deadline += interval_ns
        pause = deadline - time.perf_counter_ns()
        if pause > 0:
            time.sleep(pause / 1e9)
        push(time.perf_counter_ns())


def measure_push(messages: int, interval_ns: int, busy_poll: bool) -> dict:
    import wingfoil
    from wingfoil._run import run_graph

    latencies: list[int] = []
    clock = time.perf_counter_ns

    def on_batch(batch, _t=None) -> None:
        now = clock()
        for stamp in batch:
            latencies.append(now - stamp)

    source = wingfoil.push_source()
    producer = threading.Thread(target=_produce, args=(source.push, messages, interval_ns))
    producer.start()
    try:
        duration = SETTLE_S + messages * interval_ns / 1e9 + 0.5
        run_graph([source.stream.for_each(on_batch)], True, duration=duration, busy_poll=busy_poll)
    finally:
        producer.join()
    return percentiles(latencies, messages)


def measure_queue_floor(messages: int, interval_ns: int) -> dict:
    handoff: queue.SimpleQueue = queue.SimpleQueue()
    producer = threading.Thread(target=_produce, args=(handoff.put, messages, interval_ns))
    latencies: list[int] = []
    producer.start()
    try:
        for _ in range(messages):
            stamp = handoff.get(timeout=SETTLE_S + 5.0)
            latencies.append(time.perf_counter_ns() - stamp)
    finally:
        producer.join()
    return percentiles(latencies, messages)


def _missing(attribute: str) -> str | None:
    try:
        import wingfoil
    except ImportError as exc:
        return f"wingfoil is not importable: {exc}"
    if not hasattr(wingfoil, attribute):
        return f"wingfoil.{attribute} is not available in this build"
    return None


def push_modes(messages: int, interval_ns: int) -> dict:
    reason = _missing("push_source")
    if reason is not None:
        return {label: {"status": "pending", "reason": reason} for label in PUSH_MODES}
    sleeping, busy, floor = PUSH_MODES
    return {
        sleeping: measure_push(messages, interval_ns, busy_poll=False),
        busy: measure_push(messages, interval_ns, busy_poll=True),
        floor: measure_queue_floor(messages, interval_ns),
    }


def zmq_modes(messages: int, interval_ns: int, repeat: int) -> dict:
    """Runs bench_zmq_ingress.py (or reports why not). Raises RuntimeError when it fails or does
    not print its JSON report."""
    reason = _missing("zmq_sub")
    if reason is None and not ZMQ_SCRIPT.is_file():
        reason = f"{ZMQ_SCRIPT.name} is not present"
    if reason is None:
        try:
            import zmq  # noqa: F401
        except ImportError:
            reason = "pyzmq is not installed (the publisher and the floor need it)"
    if reason is not None:
        return {label: {"status": "pending", "reason": reason} for label in ZMQ_MODES.values()}
    command = [
        sys.executable,
        str(ZMQ_SCRIPT),
        f"--messages={messages}",
        f"--interval-us={interval_ns // 1000}",
        f"--repeat={repeat}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(
            f"{ZMQ_SCRIPT.name} failed with exit code {done.returncode}:\n{done.stderr[-4000:]}"
        )
    try:
        results = json.loads(done.stdout)["results"]
    except (json.JSONDecodeError, KeyError) as exc:
        raise RuntimeError(f"{ZMQ_SCRIPT.name} did not print its JSON report") from exc
    modes = {}
    for key, label in ZMQ_MODES.items():
        if key in results:
            modes[label] = {"status": "measured", "sent": messages, **results[key]}
        else:
            modes[label] = {"status": "failed", "reason": f"{ZMQ_SCRIPT.name} gave no {key}"}
    return modes


def run(messages: int, interval_us: int, zmq_repeat: int) -> dict:
    interval_ns = interval_us * 1000
    return {
        "messages": messages,
        "interval_ms": interval_us / 1000,
        "modes": {
            **push_modes(messages, interval_ns),
            **zmq_modes(messages, interval_ns, zmq_repeat),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--interval-us", type=int, default=1000)
    parser.add_argument(
        "--zmq-repeat", type=int, default=1, help="runs per ZMQ mode (the best p50 is kept)"
    )
    args = parser.parse_args(argv)
    print(json.dumps(run(args.messages, args.interval_us, args.zmq_repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
