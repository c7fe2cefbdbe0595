"""The cross-host path: a publisher and a subscriber on two different network hosts, simulated
with two network namespaces joined by a veth pair. etcd and the publisher run on host A at an
address of their own; the subscriber on host B finds the publisher through etcd
(zmq_pub_etcd_on / zmq_sub_etcd) and receives its data over the veth link. Skipped, with the
reason, only where namespaces cannot be created (not root, or no CAP_SYS_ADMIN)."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import textwrap
import time

import pytest

pytest.importorskip("zmq")

CHILD_TIMEOUT_S = 60


def _ip(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["ip", *args], capture_output=True, text=True, timeout=10)


class TwoHosts:
    """Namespaces A and B joined by a veth pair, on a random private /30."""

    def __init__(self) -> None:
        tag = f"{os.getpid() % 10000}{random.randrange(1000):03d}"
        self.ns_a, self.ns_b = f"wfa{tag}", f"wfb{tag}"
        self.if_a, self.if_b = f"wfva{tag}", f"wfvb{tag}"
        net = f"10.{random.randrange(200, 250)}.{random.randrange(256)}"
        self.addr_a, self.addr_b = f"{net}.1", f"{net}.2"
        self.created: list[str] = []

    def create(self) -> str | None:
        """Builds the namespaces; returns why not, or None on success."""
        if shutil.which("ip") is None:
            return "the ip command (iproute2) is not installed"
        steps = [
            ("netns", "add", self.ns_a),
            ("netns", "add", self.ns_b),
            ("link", "add", self.if_a, "type", "veth", "peer", "name", self.if_b),
            ("link", "set", self.if_a, "netns", self.ns_a),
            ("link", "set", self.if_b, "netns", self.ns_b),
            ("-n", self.ns_a, "addr", "add", f"{self.addr_a}/30", "dev", self.if_a),
            ("-n", self.ns_b, "addr", "add", f"{self.addr_b}/30", "dev", self.if_b),
            ("-n", self.ns_a, "link", "set", self.if_a, "up"),
            ("-n", self.ns_b, "link", "set", self.if_b, "up"),
            ("-n", self.ns_a, "link", "set", "lo", "up"),
            ("-n", self.ns_b, "link", "set", "lo", "up"),
        ]
        for step in steps:
            result = _ip(*step)
            if result.returncode != 0:
                return f"'ip {' '.join(step)}' failed: {result.stderr.strip()}"
            if step[:2] == ("netns", "add"):
                self.created.append(step[2])
        return None

    def run_in(self, ns: str, argv: list[str], **kwargs) -> subprocess.Popen:
        return subprocess.Popen(["ip", "netns", "exec", ns, *argv], **kwargs)

    def remove(self) -> None:
        for ns in self.created:  # deleting a namespace deletes its end of the veth pair
            _ip("netns", "del", ns)


@pytest.fixture
def two_hosts():
    hosts = TwoHosts()
    reason = hosts.create()
    if reason is not None:
        hosts.remove()
        pytest.skip(f"network namespaces cannot be created here: {reason}")
    yield hosts
    hosts.remove()


PUBLISHER = """
from wingfoil import ticker
ticker(0.02).count().map(lambda i: str(i).encode()).zmq_pub_etcd_on(
    "cross-host/quotes", {addr!r}, 7001, {etcd!r}).run(realtime=True, duration={duration})
"""

SUBSCRIBER = """
import json, time
from wingfoil import Graph, zmq_sub_etcd
deadline = time.monotonic() + 20
while True:
    try:
        data, status = zmq_sub_etcd("cross-host/quotes", {etcd!r})
        break
    except RuntimeError:
        if time.monotonic() > deadline:
            raise
        time.sleep(0.1)
received, statuses = data.collect(), status.collect()
Graph([received, statuses]).run(realtime=True, duration=1.5)
print(json.dumps({{
    "payloads": [int(p) for burst in received.peek_value() or [] for p in burst],
    "statuses": statuses.peek_value() or [],
}}))
"""


def test_zmq_pub_etcd_on_reaches_a_subscriber_on_another_host(two_hosts, tmp_path):
    if shutil.which("etcd") is None:
        pytest.skip("the etcd binary is not installed (Debian package etcd-server)")
    etcd_url = f"http://{two_hosts.addr_a}:2379"
    peer_url = f"http://{two_hosts.addr_a}:2380"
    etcd = two_hosts.run_in(
        two_hosts.ns_a,
        ["etcd", "--name", "a", "--data-dir", str(tmp_path / "etcd"),
         "--listen-client-urls", etcd_url, "--advertise-client-urls", etcd_url,
         "--listen-peer-urls", peer_url, "--initial-advertise-peer-urls", peer_url,
         "--initial-cluster", f"a={peer_url}", "--initial-cluster-state", "new"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    children = [etcd]
    try:
        time.sleep(1.0)
        publisher = two_hosts.run_in(
            two_hosts.ns_a,
            [sys.executable, "-c", textwrap.dedent(PUBLISHER).format(
                addr=two_hosts.addr_a, etcd=etcd_url, duration=6.0)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        children.append(publisher)
        subscriber = two_hosts.run_in(
            two_hosts.ns_b,
            [sys.executable, "-c", textwrap.dedent(SUBSCRIBER).format(etcd=etcd_url)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        children.append(subscriber)
        out, err = subscriber.communicate(timeout=CHILD_TIMEOUT_S)
        assert subscriber.returncode == 0, err
        _, pub_err = publisher.communicate(timeout=CHILD_TIMEOUT_S)
        assert publisher.returncode == 0, pub_err
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()

    result = json.loads(out)
    payloads = result["payloads"]
    assert len(payloads) >= 10
    assert payloads == list(range(payloads[0], payloads[0] + len(payloads)))
    assert "connected" in result["statuses"]
