"""push_source(): realtime ingress from other Python threads through the engine's queue."""

import threading

import pytest

from wingfoil import push_source


def _run_with_producer(source, node, produce, duration=3.0):
    done = threading.Event()

    def body():
        produce()
        done.set()

    producer = threading.Thread(target=body)
    producer.start()
    node.run(realtime=True, duration=duration)
    producer.join()
    return done.is_set()


def test_push_source_delivers_every_value_in_push_order_from_another_thread():
    source = push_source()
    seen = []
    node = source.stream.for_each(lambda values, t: seen.extend(values))
    count = 100_000

    finished = _run_with_producer(source, node, lambda: [source.push(i) for i in range(count)])

    assert finished
    assert seen == list(range(count))


def test_push_source_ticks_once_per_cycle_with_a_list_burst():
    source = push_source()
    bursts = source.stream.collect()
    barrier = threading.Event()

    def produce():
        for i in range(50):
            source.push(("tick", i))
        barrier.set()

    _run_with_producer(source, bursts, produce, duration=1.0)

    ticks = bursts.peek_value()
    assert all(isinstance(burst, list) and burst for burst in ticks)
    assert [item for burst in ticks for item in burst] == [("tick", i) for i in range(50)]


def test_push_source_values_pushed_before_the_run_arrive_in_its_first_cycle():
    source = push_source()
    source.push("early")
    out = source.stream.collect()

    out.run(realtime=True, duration=0.3)

    assert out.peek_value() == [["early"]]


def test_push_source_rejects_historical_mode():
    source = push_source()

    with pytest.raises(ValueError, match="real-time"):
        source.stream.collect().run(realtime=False, cycles=1)


def test_push_source_keeps_the_same_python_objects():
    source = push_source()
    payload = {"px": 1.5}
    source.push(payload)
    out = source.stream.collect()

    out.run(realtime=True, duration=0.2)

    assert out.peek_value()[0][0] is payload
