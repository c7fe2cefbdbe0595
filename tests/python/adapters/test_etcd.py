"""etcd_sub and Stream.etcd_pub against a real etcd (started by the fixtures in conftest.py):
round trips, the snapshot then live changes without gaps or duplicates (also under concurrent
writes from another process and across an etcd restart), leases revoked after clean and failed
runs, put-if-absent, and the errors for bad input and unreachable servers."""

from __future__ import annotations

import math
import textwrap
import threading
import time

import pytest
import wingfoil as wf

pytestmark = pytest.mark.integration

FIELDS = ["kind", "key", "value", "revision"]


def flat(ticks):
    return [event for tick in ticks for event in tick]


def follow(sub, done, on_tick=None, limit=20.0):
    """Runs a real-time graph on the etcd_sub stream `sub` until `done(events)` holds for the
    events seen so far (or `limit` seconds pass, which the assertions then catch). `on_tick(n)`
    runs on the engine thread after the n-th tick. Returns the ticks."""
    ticks = []

    def record(tick):
        ticks.append(tick)
        if on_tick is not None:
            on_tick(len(ticks))

    stopper = sub.inspect(record).filter(lambda _: done(flat(ticks))).limit(0)
    wf.Graph([stopper]).run(realtime=True, duration=limit)
    return ticks


def run_once(node):
    node.run(realtime=False, cycles=1)


# ---- etcd_pub then etcd_sub ----


def test_etcd_pub_writes_a_dict_that_etcd_sub_then_reads(etcd_server, etcd_prefix):
    key = etcd_prefix + "a"
    run_once(wf.constant({"key": key, "value": b"hello"}).etcd_pub(etcd_server.endpoint))
    assert etcd_server.get(key)["value"] == b"hello"

    ticks = follow(wf.etcd_sub(etcd_server.endpoint, etcd_prefix), lambda ev: len(ev) >= 1)
    assert ticks == [[{"kind": "put", "key": key, "value": b"hello",
                       "revision": ticks[0][0]["revision"]}]]  # fmt: skip
    assert list(ticks[0][0]) == FIELDS


def test_etcd_pub_writes_a_list_of_dicts_in_order(etcd_server, etcd_prefix):
    entries = [
        {"key": etcd_prefix + "b", "value": b"1"},
        {"key": etcd_prefix + "a", "value": bytearray(b"2")},
        {"key": etcd_prefix + "b", "value": [0, 255, 7]},
    ]
    run_once(wf.constant(entries).etcd_pub(etcd_server.endpoint))
    assert etcd_server.get(etcd_prefix + "a")["value"] == b"2"
    assert etcd_server.get(etcd_prefix + "b")["value"] == b"\x00\xff\x07"
    history = etcd_server.history(etcd_prefix, 1)
    assert [e["key"] for e in history] == [etcd_prefix + k for k in ("b", "a", "b")]


def test_etcd_sub_snapshot_is_one_tick_in_key_order_at_the_snapshot_revision(
    etcd_server, etcd_prefix
):
    etcd_server.put(etcd_prefix + "b", b"2")
    etcd_server.put(etcd_prefix + "a", b"1")
    etcd_server.put(etcd_prefix + "c", b"")
    etcd_server.put(etcd_prefix[:-1] + "x", b"outside the prefix")
    before = etcd_server.revision()

    ticks = follow(wf.etcd_sub(etcd_server.endpoint, etcd_prefix), lambda ev: len(ev) >= 3)

    assert len(ticks) == 1
    revision = ticks[0][0]["revision"]
    assert revision >= before
    assert ticks[0] == [
        {"kind": "put", "key": etcd_prefix + "a", "value": b"1", "revision": revision},
        {"kind": "put", "key": etcd_prefix + "b", "value": b"2", "revision": revision},
        {"kind": "put", "key": etcd_prefix + "c", "value": b"", "revision": revision},
    ]
    for event in ticks[0]:
        assert list(event) == FIELDS
        assert type(event["key"]) is str
        assert type(event["value"]) is bytes
        assert type(event["revision"]) is int


def test_etcd_sub_with_no_matching_keys_does_not_tick(etcd_server, etcd_prefix):
    ticks = []
    stream = wf.etcd_sub(etcd_server.endpoint, etcd_prefix).inspect(ticks.append).collect()
    stream.run(realtime=True, duration=0.3)
    assert ticks == []


def test_etcd_sub_sees_live_puts_and_deletes_after_the_snapshot(etcd_server, etcd_prefix):
    etcd_server.put(etcd_prefix + "a", b"1")
    written = {}

    def write_after_snapshot(n):
        if n == 1:
            written["b"] = etcd_server.put(etcd_prefix + "b", b"2")
            written["a"] = etcd_server.put(etcd_prefix + "a", b"3")
            written["del"] = etcd_server.delete(etcd_prefix + "b")

    ticks = follow(
        wf.etcd_sub(etcd_server.endpoint, etcd_prefix),
        lambda ev: len(ev) >= 4,
        on_tick=write_after_snapshot,
    )
    events = flat(ticks)
    assert ticks[0] == [events[0]]
    assert events[1:] == [
        {"kind": "put", "key": etcd_prefix + "b", "value": b"2", "revision": written["b"]},
        {"kind": "put", "key": etcd_prefix + "a", "value": b"3", "revision": written["a"]},
        {"kind": "delete", "key": etcd_prefix + "b", "value": b"", "revision": written["del"]},
    ]


def test_etcd_sub_delivers_the_events_of_one_transaction_in_the_same_tick(etcd_server, etcd_prefix):
    etcd_server.put(etcd_prefix + "seed", b"")
    txn = {}

    def write_after_snapshot(n):
        if n == 1:
            txn["rev"] = etcd_server.put_many({etcd_prefix + "x": b"1", etcd_prefix + "y": b"2"})

    ticks = follow(
        wf.etcd_sub(etcd_server.endpoint, etcd_prefix),
        lambda ev: len(ev) >= 3,
        on_tick=write_after_snapshot,
    )
    assert len(ticks) == 2
    assert [(e["key"], e["revision"]) for e in ticks[1]] == [
        (etcd_prefix + "x", txn["rev"]),
        (etcd_prefix + "y", txn["rev"]),
    ]


def test_etcd_sub_decodes_invalid_utf8_in_keys_as_replacement_characters(etcd_server, etcd_prefix):
    etcd_server.put(etcd_prefix.encode() + b"\xff\xfeend", b"v")
    ticks = follow(wf.etcd_sub(etcd_server.endpoint, etcd_prefix), lambda ev: len(ev) >= 1)
    assert flat(ticks)[0]["key"] == etcd_prefix + "\ufffd\ufffdend"


def test_etcd_sub_snapshot_then_watch_has_no_gaps_or_duplicates_under_concurrent_writes(
    etcd_server, etcd_prefix, spawn_python, read_child_line
):
    count = 300
    writer = spawn_python(
        f"""
        import base64, json, sys, urllib.request
        def put(key, value):
            body = json.dumps({{"key": base64.b64encode(key.encode()).decode(),
                                "value": base64.b64encode(value.encode()).decode()}}).encode()
            request = urllib.request.Request({etcd_server.endpoint!r} + "/v3/kv/put", data=body)
            urllib.request.urlopen(request, timeout=5).read()
        for i in range({count}):
            put({etcd_prefix!r} + f"k{{i:04d}}", str(i))
            if i == 49:
                print("50 written", flush=True)
        print("done", flush=True)
        """
    )
    # Start following while the other process is still writing, so the snapshot and the watch
    # both get some of the keys.
    assert read_child_line(writer, 30) == "50 written\n"
    ticks = follow(
        wf.etcd_sub(etcd_server.endpoint, etcd_prefix),
        lambda ev: len({e["key"] for e in ev}) >= count,
        limit=60,
    )
    assert read_child_line(writer, 30) == "done\n"

    events = flat(ticks)
    keys = [e["key"] for e in events]
    assert len(keys) == count, "every key exactly once"
    assert sorted(keys) == [etcd_prefix + f"k{i:04d}" for i in range(count)]
    assert all(e["value"] == str(int(e["key"][-4:])).encode() for e in events)
    snapshot, live = ticks[0], events[len(ticks[0]) :]
    assert len({e["revision"] for e in snapshot}) == 1
    revisions = [e["revision"] for e in live]
    assert revisions == sorted(revisions)
    assert all(r > snapshot[0]["revision"] for r in revisions)


def test_etcd_sub_resumes_after_etcd_restarts_without_gaps_or_duplicates(etcd_server_factory):
    server = etcd_server_factory()
    server.put("r/0", b"seed")
    written = {}

    def crash_and_restart(n):
        if n == 1:
            # The watch may or may not deliver r/1 before etcd dies; it must appear once anyway.
            written["r/1"] = server.put("r/1", b"before the crash")
            # While the subscriber cannot reach etcd, write more: only a watch resumed from its
            # last revision finds these.
            with server.detour():
                written["r/2"] = server.put("r/2", b"while away")
                written["r/3"] = server.put("r/3", b"while away")
            written["r/4"] = server.put("r/4", b"after")

    ticks = follow(
        wf.etcd_sub(server.endpoint, "r/"),
        lambda ev: len(ev) >= 5,
        on_tick=crash_and_restart,
        limit=30,
    )
    events = flat(ticks)
    assert [e["key"] for e in events] == ["r/0", "r/1", "r/2", "r/3", "r/4"]
    assert [e["revision"] for e in events[1:]] == [written[f"r/{i}"] for i in range(1, 5)]


def test_etcd_sub_fails_with_connection_error_when_etcd_does_not_come_back(
    etcd_server_factory,
):
    server = etcd_server_factory()
    server.put("gone/0", b"seed")

    def crash(n):
        server.kill()

    sub = wf.etcd_sub(server.endpoint, "gone/", reconnect_window=0.5)
    with pytest.raises(ConnectionError, match="could not re-open it within 0.5 s") as info:
        follow(sub, lambda ev: False, on_tick=crash, limit=30)
    assert server.endpoint in str(info.value)


def test_etcd_sub_unreachable_endpoint_fails_the_run_with_connection_error(closed_endpoint):
    sub = wf.etcd_sub(closed_endpoint, "x/")
    with pytest.raises(
        ConnectionError, match=f"etcd range at {closed_endpoint}: connection refused"
    ):
        sub.collect().run(realtime=True, duration=1.0)


def test_etcd_sub_historical_run_raises_mentioning_real_time(etcd_server, etcd_prefix):
    sub = wf.etcd_sub(etcd_server.endpoint, etcd_prefix)
    with pytest.raises(ValueError, match="real-time"):
        sub.collect().run(realtime=False, cycles=1)


def test_etcd_sub_checks_its_arguments_when_called():
    with pytest.raises(TypeError, match="prefix must be str"):
        wf.etcd_sub("http://127.0.0.1:2379", 5)
    with pytest.raises(TypeError, match="endpoint must be str"):
        wf.etcd_sub(None, "x")
    with pytest.raises(ValueError, match="https is not supported"):
        wf.etcd_sub("https://127.0.0.1:2379", "x")
    with pytest.raises(ValueError, match="no port"):
        wf.etcd_sub("localhost", "x")
    with pytest.raises(ValueError, match="reconnect_window"):
        wf.etcd_sub("127.0.0.1:2379", "x", reconnect_window=-1)


def test_py_etcd_sub_is_the_native_etcd_sub(etcd_server, etcd_prefix):
    etcd_server.put(etcd_prefix + "k", b"v")
    ticks = follow(wf.py_etcd_sub(etcd_server.endpoint, etcd_prefix), lambda ev: len(ev) >= 1)
    assert flat(ticks)[0]["value"] == b"v"


# ---- etcd_pub: leases ----


def test_etcd_pub_leased_keys_are_written_under_the_lease_and_gone_after_a_clean_run(
    etcd_server, etcd_prefix
):
    before = etcd_server.revision()
    entries = [{"key": etcd_prefix + "a", "value": b"1"}, {"key": etcd_prefix + "b", "value": b"2"}]
    run_once(wf.constant(entries).etcd_pub(etcd_server.endpoint, lease_ttl=60))

    assert etcd_server.keys(etcd_prefix) == []  # revoked, long before the 60 s TTL
    history = etcd_server.history(etcd_prefix, before + 1)
    assert [(e["type"], e["key"]) for e in history] == [
        ("PUT", etcd_prefix + "a"),
        ("PUT", etcd_prefix + "b"),
        ("DELETE", etcd_prefix + "a"),
        ("DELETE", etcd_prefix + "b"),
    ]
    assert history[0]["lease"] != 0 and history[0]["lease"] == history[1]["lease"]


def test_etcd_pub_leased_keys_are_gone_after_a_failed_run(etcd_server, etcd_prefix):
    before = etcd_server.revision()

    def entry(n):
        if n == 3:
            raise ZeroDivisionError("the third value fails")
        return {"key": etcd_prefix + str(n), "value": b"v"}

    node = wf.ticker(0.01).count().map(entry).etcd_pub(etcd_server.endpoint, lease_ttl=60)
    with pytest.raises(ZeroDivisionError, match="the third value fails"):
        node.run(realtime=False, cycles=10)

    assert etcd_server.keys(etcd_prefix) == []
    history = etcd_server.history(etcd_prefix, before + 1)
    assert [(e["type"], e["key"]) for e in history] == [
        ("PUT", etcd_prefix + "1"),
        ("PUT", etcd_prefix + "2"),
        ("DELETE", etcd_prefix + "1"),
        ("DELETE", etcd_prefix + "2"),
    ]


def test_etcd_pub_lease_ttl_is_rounded_up_to_whole_seconds(etcd_server, etcd_prefix):
    key = etcd_prefix + "k"
    granted = {}

    def watch_lease():
        # Runs while the graph does: find the key, then ask etcd about its lease.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            entry = etcd_server.get(key)
            if entry is not None:
                granted["ttl"] = etcd_server.lease_granted_ttl(entry["lease"])
                return
            time.sleep(0.02)

    node = (
        wf.ticker(0.05)
        .count()
        .map(lambda n: {"key": key, "value": str(n).encode()})
        .etcd_pub(etcd_server.endpoint, lease_ttl=2.1)
    )
    observer = threading.Thread(target=watch_lease)
    observer.start()
    stopper = wf.ticker(0.05).count().filter(lambda _: "ttl" in granted).limit(0)
    wf.Graph([node, stopper]).run(realtime=True, duration=10)
    observer.join()
    assert granted == {"ttl": 3}
    assert etcd_server.get(key) is None


def test_etcd_pub_failed_write_still_revokes_the_lease(etcd_server, etcd_prefix):
    etcd_server.put(etcd_prefix + "taken", b"old")
    entries = [
        {"key": etcd_prefix + "new", "value": b"1"},
        {"key": etcd_prefix + "taken", "value": b"2"},
    ]
    node = wf.constant(entries).etcd_pub(etcd_server.endpoint, lease_ttl=60, force=False)
    with pytest.raises(RuntimeError, match="key already exists"):
        run_once(node)
    assert etcd_server.get(etcd_prefix + "taken")["value"] == b"old"
    assert etcd_server.get(etcd_prefix + "new") is None  # written, then revoked with the lease


# ---- etcd_pub: force ----


def test_etcd_pub_force_false_does_not_overwrite_an_existing_key(etcd_server, etcd_prefix):
    key = etcd_prefix + "k"
    etcd_server.put(key, b"first")
    node = wf.constant({"key": key, "value": b"second"}).etcd_pub(etcd_server.endpoint, force=False)
    with pytest.raises(RuntimeError, match=f"key already exists .*: {key}"):
        run_once(node)
    assert etcd_server.get(key)["value"] == b"first"


def test_etcd_pub_force_false_writes_keys_that_do_not_exist(etcd_server, etcd_prefix):
    key = etcd_prefix + "k"
    run_once(wf.constant({"key": key, "value": b"v"}).etcd_pub(etcd_server.endpoint, force=False))
    assert etcd_server.get(key)["value"] == b"v"


def test_etcd_pub_force_true_overwrites(etcd_server, etcd_prefix):
    key = etcd_prefix + "k"
    etcd_server.put(key, b"first")
    run_once(wf.constant({"key": key, "value": b"second"}).etcd_pub(etcd_server.endpoint))
    assert etcd_server.get(key)["value"] == b"second"


# ---- etcd_pub: errors ----


def test_etcd_pub_unreachable_endpoint_fails_the_run_with_connection_error(closed_endpoint):
    node = wf.constant({"key": "k", "value": b"v"}).etcd_pub(closed_endpoint)
    with pytest.raises(ConnectionError, match=f"etcd put at {closed_endpoint}"):
        run_once(node)
    leased = wf.constant({"key": "k", "value": b"v"}).etcd_pub(closed_endpoint, lease_ttl=5)
    with pytest.raises(ConnectionError, match=f"etcd lease_grant at {closed_endpoint}"):
        run_once(leased)


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        ({"key": "k", "value": "text"}, TypeError, "must be bytes, got str"),
        ({"key": "k", "value": 5}, TypeError, "must be bytes, bytearray or a sequence"),
        ({"key": "k", "value": [1, 256]}, TypeError, "item 1 is not"),
        ({"key": 5, "value": b"v"}, TypeError, "'key' must be a str, got int"),
        ({"value": b"v"}, KeyError, "has no 'key'"),
        ({"key": "k"}, KeyError, "has no 'value'"),
        ({"key": "", "value": b"v"}, ValueError, "empty key"),
        ("not a dict", TypeError, "expects a dict .* got str"),
        ([{"key": "k", "value": b"v"}, 3], TypeError, "list item 1 is a int"),
    ],
)
def test_etcd_pub_bad_values_fail_the_run_with_a_clear_error(
    etcd_server, etcd_prefix, value, error, match
):
    if isinstance(value, dict) and isinstance(value.get("key"), str) and value["key"]:
        value = dict(value, key=etcd_prefix + value["key"])
    node = wf.constant(value).etcd_pub(etcd_server.endpoint)
    with pytest.raises(error, match=match):
        run_once(node)
    assert etcd_server.keys(etcd_prefix) == []


def test_etcd_pub_checks_its_arguments_when_called():
    s = wf.constant({"key": "k", "value": b"v"})
    for bad in (-1, -0.5, math.nan, math.inf):
        with pytest.raises(ValueError, match="lease_ttl must be a finite number"):
            s.etcd_pub("127.0.0.1:2379", lease_ttl=bad)
    with pytest.raises(TypeError, match="lease_ttl must be a number"):
        s.etcd_pub("127.0.0.1:2379", lease_ttl="5")
    with pytest.raises(TypeError, match="force must be bool"):
        s.etcd_pub("127.0.0.1:2379", force=1)
    with pytest.raises(ValueError, match="https is not supported"):
        s.etcd_pub("https://127.0.0.1:2379")
    with pytest.raises(TypeError, match="stream of dicts"):
        wf.ticker(1).count().etcd_pub("127.0.0.1:2379")


def test_etcd_pub_accepts_a_lease_ttl_of_zero_as_one_second(etcd_server, etcd_prefix):
    # Rounded up to the 1 s minimum (etcd itself may grant more).
    run_once(wf.constant({"key": etcd_prefix + "k", "value": b"v"}).etcd_pub(
        etcd_server.endpoint, lease_ttl=0
    ))  # fmt: skip
    assert etcd_server.keys(etcd_prefix) == []


def test_etcd_pub_in_a_real_time_run_has_written_everything_when_run_returns(
    etcd_server, etcd_prefix
):
    node = (
        wf.ticker(0.01)
        .count()
        .map(lambda n: {"key": etcd_prefix + f"{n:03d}", "value": str(n).encode()})
        .etcd_pub(etcd_server.endpoint)
    )
    node.run(realtime=True, duration=0.5)
    keys = etcd_server.keys(etcd_prefix)
    assert keys, "the ticker ticked"
    assert keys == [etcd_prefix + f"{n:03d}" for n in range(1, len(keys) + 1)]


def test_etcd_sub_and_etcd_pub_in_separate_processes(etcd_server, etcd_prefix, run_python):
    code = textwrap.dedent(
        f"""
        import wingfoil as wf
        values = [{{"key": {etcd_prefix!r} + str(i), "value": bytes([i])}} for i in range(5)]
        wf.constant(values).etcd_pub({etcd_server.endpoint!r}).run(realtime=False, cycles=1)
        """
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    ticks = follow(wf.etcd_sub(etcd_server.endpoint, etcd_prefix), lambda ev: len(ev) >= 5)
    assert [(e["key"], e["value"]) for e in flat(ticks)] == [
        (etcd_prefix + str(i), bytes([i])) for i in range(5)
    ]
