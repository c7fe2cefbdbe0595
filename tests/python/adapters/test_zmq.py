"""The ZeroMQ adapter (adapters-net spec sections 0 and 1) against real peers on loopback.

pyzmq is the independent peer in both directions: a raw SUB reads the frames of a wingfoil
publisher byte for byte, and a raw XPUB feeds a wingfoil subscriber. The XPUB reports each
subscription, so the tests send only once the subscriber is known to be listening: nothing
depends on sleeping long enough. Two wingfoil processes are also run against each other, with the
publisher stopped cleanly (end of stream) or killed.

Every realtime run is bounded by `duration`; runs normally end much earlier, when the subscriber's
status becomes "disconnected" (a `filter(...).limit(0)` root stops the graph). Ports come from the
OS: pyzmq binds port "*", and a wingfoil publisher gets a port just released by a socket bound to
port 0, retried if someone else takes it first.
"""

from __future__ import annotations

import signal
import socket
import struct
import subprocess
import sys
import textwrap
import threading
import time

import pytest
import wingfoil
from wingfoil import Graph, ticker, zmq_sub

zmq = pytest.importorskip("zmq")

# Upper bound of every realtime run; runs end earlier on end of stream or on an error.
RUN_BOUND_S = 20.0
# Upper bound of any wait for a peer or a child process.
PEER_TIMEOUT_S = 20.0
EOS = b"\x01\x00\x00\x00"


def frame(payload: bytes) -> bytes:
    """A RealtimeValue frame, as any ZeroMQ peer can build it."""
    return struct.pack("<IQ", 3, len(payload)) + payload


def free_port() -> int:
    """A loopback port the OS just handed out and released."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RawPublisher:
    """A pyzmq XPUB on a free loopback port, unlimited send queue, every subscription reported."""

    def __init__(self) -> None:
        self.context = zmq.Context()
        self.socket = self.context.socket(zmq.XPUB)
        self.socket.setsockopt(zmq.LINGER, 1000)
        self.socket.setsockopt(zmq.SNDHWM, 0)
        self.socket.setsockopt(zmq.XPUB_VERBOSE, 1)
        self.socket.bind("tcp://127.0.0.1:*")
        self.address = self.socket.getsockopt_string(zmq.LAST_ENDPOINT)

    def wait_for_subscriber(self) -> None:
        deadline = time.monotonic() + PEER_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.socket.poll(100) and self.socket.recv()[:1] == b"\x01":
                return
        raise AssertionError("no subscriber reached the pyzmq publisher")

    def send(self, raw: bytes) -> None:
        self.socket.send(raw)

    def close(self) -> None:
        self.socket.close()
        self.context.term()


class Subscription:
    """zmq_sub(address) wired to recorders; the run stops when status says "disconnected"."""

    def __init__(self, address: str) -> None:
        self.data, self.status = zmq_sub(address)
        self.batches: list[list[bytes]] = []
        self.statuses: list[str] = []
        self.connected = threading.Event()
        self.on_data = None

        def record_data(batch, _t):
            self.batches.append(batch)
            if self.on_data is not None:
                self.on_data(self)

        def record_status(status, _t):
            self.statuses.append(status)
            if status == "connected":
                self.connected.set()

        self.graph = Graph(
            [
                self.data.for_each(record_data),
                self.status.for_each(record_status),
                self.status.filter(lambda s: s == "disconnected").limit(0),
            ]
        )

    @property
    def payloads(self) -> list[bytes]:
        return [payload for batch in self.batches for payload in batch]

    def run(self, duration: float = RUN_BOUND_S) -> None:
        self.graph.run(realtime=True, duration=duration)


def run_with_peer(
    subscription: Subscription, peer_script, run_over: threading.Event | None = None
) -> None:
    """Runs the subscription while `peer_script()` drives a peer on another thread; a failure in
    the peer is re-raised here. `run_over`, if given, is set when the run has returned."""
    failures = []

    def guarded():
        try:
            peer_script()
        except BaseException as e:  # noqa: B036 - handed to the test thread
            failures.append(e)

    peer = threading.Thread(target=guarded, daemon=True)
    peer.start()
    try:
        subscription.run()
    finally:
        if run_over is not None:
            run_over.set()
        peer.join(PEER_TIMEOUT_S)
    assert not peer.is_alive(), "the peer thread did not finish"
    if failures:
        raise failures[0]


@pytest.fixture
def publisher():
    pub = RawPublisher()
    yield pub
    pub.close()


def run_note(excinfo) -> str:
    return "\n".join(getattr(excinfo.value, "__notes__", []))


# ---- zmq_sub fed by a raw pyzmq publisher ---------------------------------------------------


def test_zmq_sub_delivers_lists_of_bytes_in_order_then_ends_cleanly(publisher):
    sent = [b"0", b"", bytes(range(256)), b"last"]
    sub = Subscription(publisher.address)

    def peer():
        publisher.wait_for_subscriber()
        # Waiting for "connected" first keeps it out of the data's batch, so it must tick.
        assert sub.connected.wait(PEER_TIMEOUT_S)
        for payload in sent:
            publisher.send(frame(payload))
        publisher.send(EOS)

    run_with_peer(sub, peer)

    assert sub.payloads == sent
    assert all(type(batch) is list for batch in sub.batches)
    assert all(type(p) is bytes for p in sub.payloads)
    assert sub.statuses[0] == "connected"
    assert sub.statuses[-1] == "disconnected"


def test_zmq_sub_burst_of_100000_messages_arrives_complete_and_in_order(publisher):
    count = 100_000
    sub = Subscription(publisher.address)

    def peer():
        publisher.wait_for_subscriber()
        for i in range(count):
            publisher.send(frame(struct.pack("<Q", i)))
        publisher.send(EOS)

    run_with_peer(sub, peer)

    received = [struct.unpack("<Q", p)[0] for p in sub.payloads]
    assert len(received) == count
    assert received == list(range(count))
    assert sub.statuses[-1] == "disconnected"


def test_zmq_sub_ignores_checkpoint_and_historical_messages(publisher):
    sub = Subscription(publisher.address)

    def peer():
        publisher.wait_for_subscriber()
        publisher.send(struct.pack("<IQ", 0, 123))  # CheckPoint
        publisher.send(struct.pack("<IQ", 2, 3) + b"old" + struct.pack("<Q", 5))  # Historical
        publisher.send(struct.pack("<IQ", 4, 0))  # an empty HistoricalBatch
        publisher.send(frame(b"live"))
        publisher.send(EOS)

    run_with_peer(sub, peer)

    assert sub.payloads == [b"live"]


def test_zmq_sub_garbage_frame_fails_the_run_with_a_decoding_error(publisher):
    sub = Subscription(publisher.address)

    def peer():
        publisher.wait_for_subscriber()
        publisher.send(frame(b"fine"))
        publisher.send(b"not valid bincode")

    with pytest.raises(ValueError, match=r"frame 2 could not be decoded") as excinfo:
        run_with_peer(sub, peer)

    message = str(excinfo.value)
    assert publisher.address in message
    assert "6e 6f 74 20" in message
    assert "unknown Message variant index 544501614" in message
    if sys.version_info >= (3, 11):
        assert "ZmqReceiverStream" in run_note(excinfo)


def test_zmq_sub_truncated_frame_fails_the_run(publisher):
    sub = Subscription(publisher.address)

    def peer():
        publisher.wait_for_subscriber()
        publisher.send(struct.pack("<IQ", 3, 10) + b"short")

    with pytest.raises(ValueError, match=r"length is 10 bytes but only 5 follow"):
        run_with_peer(sub, peer)


def test_zmq_sub_error_message_fails_the_run_with_the_publishers_text(publisher):
    sub = Subscription(publisher.address)

    def peer():
        publisher.wait_for_subscriber()
        text = b"upstream exploded"
        publisher.send(struct.pack("<IQ", 5, len(text)) + text)

    with pytest.raises(RuntimeError, match=r"the publisher sent an error: upstream exploded"):
        run_with_peer(sub, peer)


def test_zmq_sub_status_reports_a_crash_and_the_reconnect_after_a_rebind():
    first = RawPublisher()
    address = first.address
    sub = Subscription(address)
    sub.graph = Graph(
        [
            sub.data.for_each(lambda batch, _t: sub.batches.append(batch)),
            sub.status.for_each(lambda s, _t: sub.statuses.append(s)),
            sub.data.filter(lambda batch: batch[-1] == b"after").limit(0),
        ]
    )
    run_over = threading.Event()

    def peer():
        first.wait_for_subscriber()
        first.send(frame(b"before"))
        first.close()  # no end of stream: a crash, as far as the subscriber can tell
        deadline = time.monotonic() + PEER_TIMEOUT_S
        while "disconnected" not in sub.statuses:
            assert time.monotonic() < deadline, "no 'disconnected' after the crash"
            time.sleep(0.005)
        context = zmq.Context()
        second = context.socket(zmq.XPUB)
        second.setsockopt(zmq.XPUB_VERBOSE, 1)
        second.setsockopt(zmq.LINGER, 1000)
        try:
            while True:  # the port was just released; a rebind can race the kernel briefly
                try:
                    second.bind(address)
                    break
                except zmq.ZMQError:
                    assert time.monotonic() < deadline, f"could not rebind {address}"
                    time.sleep(0.01)
            while second.poll(PEER_TIMEOUT_S * 1000) and second.recv()[:1] != b"\x01":
                pass
            second.send(frame(b"after"))
            # Stay up until the run is over: closing now could put a second "disconnected"
            # in the same batch as the reconnect, and only a batch's last status ticks.
            run_over.wait(PEER_TIMEOUT_S)
        finally:
            second.close()
            context.term()

    try:
        run_with_peer(sub, peer, run_over)
    finally:
        if not first.socket.closed:
            first.close()

    assert sub.payloads == [b"before", b"after"]
    crash = sub.statuses.index("disconnected")
    assert "connected" in sub.statuses[crash:]


def test_zmq_sub_status_does_not_tick_while_no_publisher_exists(tmp_path):
    # An IPC path nobody binds: libzmq keeps retrying in the background.
    data, status = zmq_sub(f"ipc://{tmp_path}/nobody")
    seen_status = status.collect()
    seen_data = data.collect()

    Graph([seen_status, seen_data]).run(realtime=True, duration=0.3)

    assert seen_status.peek_value() is None
    assert seen_data.peek_value() is None


def test_zmq_sub_interrupted_run_raises_keyboard_interrupt_and_releases_its_threads(run_python):
    # In a child interpreter: a missed Ctrl-C would hang it, not the suite.
    result = run_python(
        """
        import os, signal, threading
        from wingfoil import Graph, zmq_sub

        def threads():
            return len(os.listdir("/proc/self/task"))

        before = threads()
        data, status = zmq_sub("tcp://127.0.0.1:9")  # nobody listens: libzmq keeps retrying
        threading.Timer(0.3, signal.raise_signal, (signal.SIGINT,)).start()
        try:
            Graph([data.collect(), status.collect()]).run(realtime=True, duration=60.0)
        except KeyboardInterrupt:
            print("interrupted")
        threading.Event().wait(0.1)  # let the timer thread finish
        print("threads", before, threads())
        """,
        timeout=PEER_TIMEOUT_S,
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[0] == "interrupted"
    _label, before, after = lines[1].split()
    assert after == before


def test_zmq_sub_in_a_historical_run_raises_mentioning_real_time():
    data, _status = zmq_sub("tcp://127.0.0.1:1")
    with pytest.raises(ValueError, match="real-time"):
        data.collect().run(realtime=False, duration=1.0)


@pytest.mark.parametrize("address", ["foo", "tcp://127.0.0.1", "nosuch://x:1"])
def test_zmq_sub_malformed_address_is_rejected_when_the_run_starts(address):
    data, _status = zmq_sub(address)  # no I/O yet, so no error

    with pytest.raises(ValueError, match=f"invalid address '{address}'") as excinfo:
        data.collect().run(realtime=True, duration=RUN_BOUND_S)

    if sys.version_info >= (3, 11):
        assert "during start" in run_note(excinfo)


def test_zmq_sub_address_must_be_str():
    with pytest.raises(TypeError, match="zmq_sub address must be str, got int"):
        zmq_sub(5570)


# ---- zmq_pub read by a raw pyzmq subscriber --------------------------------------------------


def publish_in_thread(build, wanted_frames: int, run_bound: float = RUN_BOUND_S):
    """Runs `build(port)` (a node graph ending in zmq_pub) in a thread on a free port, reads its
    frames with a raw pyzmq SUB until end of stream, and stops the publisher once `wanted_frames`
    data frames arrived. Returns the raw frames, end of stream included."""
    for _attempt in range(5):
        port = free_port()
        stop = threading.Event()
        errors = []

        def run_publisher(port=port, stop=stop, errors=errors):
            stopper = ticker(0.005).count().filter(lambda _n, stop=stop: stop.is_set()).limit(0)
            try:
                Graph([build(port), stopper]).run(realtime=True, duration=run_bound)
            except Exception as e:
                errors.append(e)

        context = zmq.Context()
        sub = context.socket(zmq.SUB)
        sub.setsockopt(zmq.LINGER, 0)
        sub.setsockopt(zmq.RECONNECT_IVL, 10)
        sub.setsockopt(zmq.SUBSCRIBE, b"")
        sub.connect(f"tcp://127.0.0.1:{port}")
        thread = threading.Thread(target=run_publisher, daemon=True)
        thread.start()
        frames = []
        try:
            while sub.poll(PEER_TIMEOUT_S * 1000):
                raw = sub.recv()
                frames.append(raw)
                if raw == EOS:
                    break
                if len(frames) >= wanted_frames:
                    stop.set()
        finally:
            stop.set()
            thread.join(PEER_TIMEOUT_S)
            sub.close()
            context.term()
        assert not thread.is_alive(), "the publisher's run did not end"
        if errors and "Address already in use" in str(errors[0]):
            continue  # someone took the port between free_port() and the bind
        if errors:
            raise errors[0]
        return frames
    raise AssertionError("no free port could be bound in 5 attempts")


def decode_payloads(frames: list[bytes]) -> list[bytes]:
    """Checks every frame byte for byte and returns the payloads: data frames are
    03 00 00 00 + u64 LE length + payload, and the stream ends with exactly one EOS frame."""
    assert frames[-1] == EOS
    payloads = []
    for raw in frames[:-1]:
        assert raw[:4] == b"\x03\x00\x00\x00", raw[:16]
        (length,) = struct.unpack("<Q", raw[4:12])
        assert len(raw) == 12 + length
        payloads.append(raw[12:])
        assert raw == frame(raw[12:])
    return payloads


def test_zmq_pub_frames_are_byte_exact_for_a_pyzmq_subscriber():
    frames = publish_in_thread(
        lambda port: ticker(0.002).count().map(lambda n: str(n).encode()).zmq_pub(port), 100
    )

    payloads = decode_payloads(frames)
    assert len(payloads) >= 100
    first = int(payloads[0])
    assert payloads == [str(first + i).encode() for i in range(len(payloads))]


def test_zmq_pub_accepts_bytearray_and_sequences_of_ints():
    values = [bytearray(b"ab"), [0, 255, 7], (1, 2), memoryview(b"mv"), b"", [True, False]]
    expected = [b"ab", b"\x00\xff\x07", b"\x01\x02", b"mv", b"", b"\x01\x00"]

    def build(port):
        return ticker(0.002).count().map(lambda n: values[n % len(values)]).zmq_pub(port)

    payloads = decode_payloads(publish_in_thread(build, 3 * len(values)))

    assert len(payloads) >= 3 * len(values)
    offset = expected.index(payloads[0])
    assert payloads == [expected[(offset + i) % len(expected)] for i in range(len(payloads))]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("text", r"got str"),
        (7, r"got int"),
        (None, r"got NoneType"),
        ({1: 2}, r"got dict"),
        ([1, 300], r"item 1 of the list value is 300, outside 0-255"),
        ([1, "a"], r"item 1 of the list value is a str, not an int"),
        ((-1,), r"item 0 of the tuple value is -1, outside 0-255"),
    ],
)
def test_zmq_pub_value_that_is_not_bytes_raises_type_error_naming_it(value, message):
    node = ticker(0.01).count().map(lambda _n: value).zmq_pub(free_port())

    with pytest.raises(TypeError, match=message) as excinfo:
        node.run(realtime=True, duration=RUN_BOUND_S)

    if sys.version_info >= (3, 11):
        assert "ZmqPublisherNode" in run_note(excinfo)


def test_zmq_pub_on_a_numeric_stream_raises_type_error_at_call_time():
    with pytest.raises(TypeError, match="this stream carries int values"):
        ticker(0.1).count().zmq_pub(free_port())


@pytest.mark.parametrize("port", [-1, 65536, 2**70])
def test_zmq_pub_port_out_of_range_raises_overflow_error(port):
    stream = ticker(0.1).count().map(lambda n: b"x")
    with pytest.raises(OverflowError, match="zmq_pub port must be 0 to 65535"):
        stream.zmq_pub(port)


def test_zmq_pub_port_must_be_an_int():
    stream = ticker(0.1).count().map(lambda n: b"x")
    with pytest.raises(TypeError, match="zmq_pub port must be an int, got str"):
        stream.zmq_pub("5570")


def test_zmq_pub_in_a_historical_run_raises_before_binding():
    # The port is taken: a publisher that tried to bind would raise ConnectionError instead.
    with zmq.Context() as context, context.socket(zmq.PUB) as holder:
        port = holder.bind_to_random_port("tcp://127.0.0.1")
        node = ticker(0.1).count().map(lambda n: b"x").zmq_pub(port)
        with pytest.raises(ValueError, match="real-time"):
            node.run(realtime=False, duration=1.0)


def test_zmq_pub_port_in_use_raises_connection_error():
    with zmq.Context() as context, context.socket(zmq.PUB) as holder:
        port = holder.bind_to_random_port("tcp://127.0.0.1")
        node = ticker(0.1).count().map(lambda n: b"x").zmq_pub(port)
        with pytest.raises(ConnectionError, match=f"cannot bind tcp://127.0.0.1:{port}: Address"):
            node.run(realtime=True, duration=RUN_BOUND_S)


# ---- wingfoil to wingfoil ---------------------------------------------------------------------


def test_wingfoil_publisher_and_subscriber_in_one_process():
    """Two graphs on two threads, as in the reference's round-trip test."""
    for _attempt in range(5):
        port = free_port()
        sub = Subscription(f"tcp://127.0.0.1:{port}")
        stop = threading.Event()
        errors = []
        sub.on_data = lambda s, stop=stop: stop.set() if len(s.payloads) >= 20 else None

        def publish(port=port, stop=stop, errors=errors):
            values = ticker(0.005).count().map(lambda n: str(n).encode())
            stopper = ticker(0.005).count().filter(lambda _n, stop=stop: stop.is_set()).limit(0)
            try:
                Graph([values.zmq_pub(port), stopper]).run(realtime=True, duration=RUN_BOUND_S)
            except Exception as e:
                errors.append(e)
                stop.set()

        run_with_peer(sub, publish)
        if errors and "Address already in use" in str(errors[0]):
            continue
        assert not errors
        payloads = sub.payloads
        assert len(payloads) >= 20
        first = int(payloads[0])
        assert payloads == [str(first + i).encode() for i in range(len(payloads))]
        assert sub.statuses[-1] == "disconnected"
        return
    raise AssertionError("no free port could be bound in 5 attempts")


PUBLISHER_PROCESS = """
    import sys, threading
    from wingfoil import Graph, ticker

    port = int(sys.argv[1])
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
    values = ticker(0.005).count().map(lambda n: str(n).encode())
    announce = values.filter(lambda v: v == b"1").for_each(
        lambda v, t: print("publishing", flush=True)
    )
    stopper = ticker(0.005).count().filter(lambda _n: stop.is_set()).limit(0)
    Graph([values.zmq_pub(port), announce, stopper]).run(realtime=True, duration=60.0)
    print("stopped cleanly", flush=True)
"""


def start_publisher_process():
    """A wingfoil publisher in a child interpreter on a free port, once it has ticked; returns
    (child, port). Retries on a port collision."""
    for _attempt in range(5):
        port = free_port()
        child = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(PUBLISHER_PROCESS), str(port)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = child.stdout.readline()  # the child's run is bounded, so this returns
        if line.strip() == "publishing":
            return child, port
        _out, err = child.communicate(timeout=PEER_TIMEOUT_S)
        if "Address already in use" not in err:
            raise AssertionError(f"publisher process failed: {err}")
    raise AssertionError("no free port could be bound in 5 attempts")


@pytest.fixture
def publisher_process():
    child, port = start_publisher_process()
    yield child, port
    if child.poll() is None:
        child.kill()
    child.wait(timeout=PEER_TIMEOUT_S)
    for pipe in (child.stdin, child.stdout, child.stderr):
        pipe.close()


def run_bounded(sub: Subscription) -> None:
    """Runs the subscription on a thread; fails the test if run() does not return in time."""
    errors = []

    def target():
        try:
            sub.run()
        except Exception as e:
            errors.append(e)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(RUN_BOUND_S + PEER_TIMEOUT_S)
    assert not thread.is_alive(), "the subscriber's run() hung"
    if errors:
        raise errors[0]


def test_publisher_process_stopping_cleanly_ends_the_subscriber_without_error(publisher_process):
    child, port = publisher_process
    sub = Subscription(f"tcp://127.0.0.1:{port}")
    asked = []

    def ask_to_stop(s):
        if len(s.payloads) >= 50 and not asked:
            asked.append(True)
            child.stdin.write("stop\n")
            child.stdin.flush()

    sub.on_data = ask_to_stop
    run_bounded(sub)  # ends on the end-of-stream message, and must not raise

    payloads = sub.payloads
    assert len(payloads) >= 50
    first = int(payloads[0])
    assert payloads == [str(first + i).encode() for i in range(len(payloads))]
    assert sub.statuses[-1] == "disconnected"
    out, err = child.communicate(timeout=PEER_TIMEOUT_S)
    assert child.returncode == 0, err
    assert "stopped cleanly" in out


def test_publisher_process_killed_gives_disconnected_and_no_hang(publisher_process):
    child, port = publisher_process
    sub = Subscription(f"tcp://127.0.0.1:{port}")

    def kill_after_some_data(s):
        if len(s.payloads) >= 10 and child.poll() is None:
            child.send_signal(signal.SIGKILL)

    sub.on_data = kill_after_some_data
    run_bounded(sub)  # ends when the status says "disconnected", and must not raise

    assert child.wait(timeout=PEER_TIMEOUT_S) == -signal.SIGKILL
    assert len(sub.payloads) >= 10
    assert sub.statuses[-1] == "disconnected"


def test_package_exports_the_zmq_names():
    assert wingfoil.zmq_sub is zmq_sub
    assert callable(wingfoil.py_zmq_sub)
    assert {"zmq_sub", "py_zmq_sub"} <= set(wingfoil.__all__)
    assert callable(wingfoil.Stream.zmq_pub)
