"""ZeroMQ publishers found through etcd (adapters-net.md section 3), against a real etcd and real
sockets: registration under a lease, lookup at call time, the key vanishing on stop and after a
failed run, and clear errors when the name is absent or etcd is unreachable."""

from __future__ import annotations

import threading
import time

import pytest

from wingfoil import ticker, zmq_sub_etcd

pytest.importorskip("zmq")

WAIT_S = 10.0


def _wait_for(predicate, what):
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def _start_publisher(name, endpoint, duration, fail_after=None):
    """Runs a publisher graph on a thread: payloads b"1", b"2", ... every 20 ms."""
    errors = []

    def payload(i):
        if fail_after is not None and i > fail_after:
            raise RuntimeError("publisher failed on purpose")
        return str(i).encode()

    node = ticker(0.02).count().map(payload).zmq_pub_etcd(name, 0, endpoint)

    def body():
        try:
            node.run(realtime=True, duration=duration)
        except Exception as e:  # reported to the test through `errors`
            errors.append(e)

    thread = threading.Thread(target=body)
    thread.start()
    return thread, errors


def test_zmq_pub_etcd_registers_the_bound_endpoint_and_a_subscriber_finds_it(
    etcd_server, etcd_prefix
):
    name = etcd_prefix + "quotes"
    publisher, errors = _start_publisher(name, etcd_server.endpoint, duration=2.0)
    try:
        _wait_for(lambda: etcd_server.get(name) is not None, "the registration")
        registered = etcd_server.get(name)
        address = registered["value"].decode()
        assert address.startswith("tcp://127.0.0.1:")
        assert int(registered.get("lease", 0)) != 0

        data, status = zmq_sub_etcd(name, etcd_server.endpoint)
        received = data.collect()
        statuses = status.collect()
        from wingfoil import Graph

        Graph([received, statuses]).run(realtime=True, duration=0.8)
    finally:
        publisher.join()
    assert errors == []
    payloads = [int(p) for burst in received.peek_value() or [] for p in burst]
    assert len(payloads) >= 3
    assert payloads == list(range(payloads[0], payloads[0] + len(payloads)))
    assert "connected" in (statuses.peek_value() or [])


def test_zmq_pub_etcd_key_vanishes_after_a_clean_stop(etcd_server, etcd_prefix):
    name = etcd_prefix + "clean"
    publisher, errors = _start_publisher(name, etcd_server.endpoint, duration=0.5)
    _wait_for(lambda: etcd_server.get(name) is not None, "the registration")

    publisher.join()

    assert errors == []
    assert etcd_server.get(name) is None


def test_zmq_pub_etcd_key_vanishes_after_a_failed_run(etcd_server, etcd_prefix):
    name = etcd_prefix + "failing"
    publisher, errors = _start_publisher(name, etcd_server.endpoint, duration=5.0, fail_after=5)

    publisher.join()

    assert len(errors) == 1 and "failed on purpose" in str(errors[0])
    assert etcd_server.get(name) is None


def test_zmq_sub_etcd_raises_when_no_publisher_has_the_name(etcd_server, etcd_prefix):
    with pytest.raises(RuntimeError, match=r'no publisher named ".*nobody" found in etcd'):
        zmq_sub_etcd(etcd_prefix + "nobody", etcd_server.endpoint)


def test_zmq_sub_etcd_raises_when_etcd_is_unreachable(closed_endpoint):
    with pytest.raises(RuntimeError, match="etcd get failed"):
        zmq_sub_etcd("anything", closed_endpoint)


def test_zmq_pub_etcd_rejects_historical_mode_and_registers_nothing(etcd_server, etcd_prefix):
    name = etcd_prefix + "historical"
    node = ticker(0.1).count().map(lambda i: b"x").zmq_pub_etcd(name, 0, etcd_server.endpoint)

    with pytest.raises(ValueError, match="real-time"):
        node.run(realtime=False, cycles=2)
    assert etcd_server.get(name) is None


def test_zmq_pub_etcd_fails_the_start_when_etcd_is_unreachable(closed_endpoint):
    node = ticker(0.1).count().map(lambda i: b"x").zmq_pub_etcd("n", 0, closed_endpoint)

    with pytest.raises(RuntimeError, match="lease_grant failed"):
        node.run(realtime=True, duration=0.2)


def test_zmq_pub_etcd_validates_arguments_at_call_time(etcd_server):
    stream = ticker(0.1).count().map(lambda i: b"x")
    with pytest.raises(OverflowError):
        stream.zmq_pub_etcd("n", 70000, etcd_server.endpoint)
    with pytest.raises(TypeError):
        stream.zmq_pub_etcd(5, 0, etcd_server.endpoint)
    with pytest.raises(ValueError):
        stream.zmq_pub_etcd("", 0, etcd_server.endpoint)
    with pytest.raises(ValueError):
        stream.zmq_pub_etcd("n", 0, "https://127.0.0.1:1")
