"""The GIL and Ctrl-C during run() (core spec 2.9, STYLE 2.10).

Progress of another thread is checked with a generous lower bound: the helper thread sleeps 1 ms
per step, so it takes hundreds of steps during a 0.5 s run when the engine releases the GIL while
it waits, and only about one step per Python callback when it does not.

The Ctrl-C tests run in a child interpreter: an engine that misses the signal would otherwise hang
the whole suite, while here it only makes the child time out.
"""

import threading
import time

from wingfoil import ticker

# Far below the hundreds of steps expected, far above the ~11 a GIL-holding engine allows.
MIN_THREAD_STEPS = 50


def _thread_steps_during(run):
    stop = threading.Event()
    steps = [0]

    def spin():
        while not stop.is_set():
            steps[0] += 1
            time.sleep(0.001)

    worker = threading.Thread(target=spin, daemon=True)
    worker.start()
    try:
        before = steps[0]
        run()
        return steps[0] - before
    finally:
        stop.set()
        worker.join()


def test_other_thread_progresses_during_realtime_run_with_python_callable():
    ticks = []

    def run():
        ticker(0.05).count().for_each(lambda v, t: ticks.append(v)).run(realtime=True, duration=0.5)

    steps = _thread_steps_during(run)

    assert ticks[:3] == [1, 2, 3]
    assert steps >= MIN_THREAD_STEPS


def test_other_thread_progresses_during_native_realtime_run():
    counted = ticker(0.05).count()

    steps = _thread_steps_during(lambda: counted.run(realtime=True, duration=0.5))

    assert counted.peek_value() >= 3
    assert steps >= MIN_THREAD_STEPS


INTERRUPT_PROGRAM = """
import signal
import threading
from wingfoil import ticker

# A parent started in the background may leave SIGINT ignored; use Python's default handler.
signal.signal(signal.SIGINT, signal.default_int_handler)
graph = {graph}
threading.Timer(0.3, signal.raise_signal, args=(signal.SIGINT,)).start()
try:
    graph.run(realtime={realtime})
except KeyboardInterrupt:
    print("KeyboardInterrupt")
else:
    print("returned")
"""


def _interrupt(run_python, graph, realtime):
    return run_python(INTERRUPT_PROGRAM.format(graph=graph, realtime=realtime))


def test_ctrl_c_stops_unbounded_realtime_run_with_python_callable(run_python):
    result = _interrupt(
        run_python, "ticker(0.01).count().for_each(lambda v, t: None)", realtime=True
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "KeyboardInterrupt\n"


def test_ctrl_c_stops_unbounded_native_realtime_run(run_python):
    result = _interrupt(run_python, "ticker(0.01).count()", realtime=True)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "KeyboardInterrupt\n"


def test_ctrl_c_stops_unbounded_native_historical_run(run_python):
    result = _interrupt(run_python, "ticker(0.001).count()", realtime=False)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "KeyboardInterrupt\n"
