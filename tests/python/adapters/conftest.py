"""Fixtures for the adapter tests that need a real service.

``etcd_server`` is one throw-away etcd for the whole session (tests keep to their own key
prefixes, see ``etcd_prefix``); ``etcd_server_factory`` makes private servers that a test may kill
and restart. Each server is Debian's ``etcd`` binary on free loopback ports with a temporary data
directory; it is killed and its directory removed afterwards. Tests that use them are skipped only
when the ``etcd`` binary is not installed.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid

import pytest

ETCD_START_TIMEOUT_S = 15.0
GATEWAY_TIMEOUT_S = 5.0


def _b64(data: str | bytes) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return base64.b64encode(raw).decode()


def _unb64(text: str) -> bytes:
    return base64.b64decode(text)


def _prefix_end(prefix: bytes) -> bytes:
    end = prefix.rstrip(b"\xff")
    if not end:
        return b"\0"
    return end[:-1] + bytes([end[-1] + 1])


def _free_ports(n: int) -> list[int]:
    sockets = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


class EtcdServer:
    """A single-node etcd on loopback, plus helpers that read and write it through its JSON
    gateway (independently of wingfoil)."""

    def __init__(self, data_dir: str) -> None:
        self.data_dir = data_dir
        self.client_port = 0
        self.peer_port = 0
        self.process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.client_port}"

    # ---- lifecycle ----

    def start(self) -> None:
        """Starts etcd (on new free ports the first time, on the same ports afterwards) and
        waits until it reports itself healthy."""
        if self.client_port:
            if not self._launch():
                raise RuntimeError(f"etcd did not restart; see {self._log_path()}")
            return
        for _ in range(3):  # a port picked here may be taken before etcd binds it
            self.client_port, self.peer_port = _free_ports(2)
            if self._launch():
                return
        raise RuntimeError(f"etcd did not start; see {self._log_path()}")

    def kill(self) -> None:
        """Stops etcd at once (SIGKILL), as a crash would. The data stays."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        if self.process is not None:
            self.process.wait()
        self.process = None

    def restart(self) -> None:
        """Kills etcd and starts it again on the same ports with the same data."""
        self.kill()
        self.start()

    @contextlib.contextmanager
    def detour(self):
        """Kills etcd and runs it, with the same data, on another client port for the duration
        of the block (yielding that endpoint), then moves it back to its own port. Clients of
        the usual endpoint cannot reach it during the block, so writes made there happen while
        they are disconnected."""
        home = self.client_port
        self.kill()
        self.client_port = _free_ports(1)[0]
        try:
            if not self._launch():
                raise RuntimeError(f"etcd did not start on a detour port; see {self._log_path()}")
            yield self.endpoint
        finally:
            self.kill()
            self.client_port = home
        self.start()

    def close(self) -> None:
        self.kill()
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def _log_path(self) -> str:
        return os.path.join(self.data_dir, "etcd.log")

    def _launch(self) -> bool:
        client = self.endpoint
        peer = f"http://127.0.0.1:{self.peer_port}"
        args = [
            "etcd", "--name", "wingfoil-test",
            "--data-dir", os.path.join(self.data_dir, "data"),
            "--listen-client-urls", client, "--advertise-client-urls", client,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
            "--initial-cluster", f"wingfoil-test={peer}", "--initial-cluster-state", "new",
        ]  # fmt: skip
        with open(self._log_path(), "ab") as log:
            self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + ETCD_START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.process = None
                return False
            try:
                with urllib.request.urlopen(f"{client}/health", timeout=1) as answer:
                    if json.loads(answer.read()).get("health") == "true":
                        return True
            except (OSError, ValueError):
                pass
            time.sleep(0.05)
        self.kill()
        return False

    # ---- gateway helpers ----

    def call(self, path: str, body: dict) -> dict:
        """POSTs to the gateway and returns the JSON answer; raises on an HTTP error."""
        request = urllib.request.Request(
            self.endpoint + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=GATEWAY_TIMEOUT_S) as answer:
            return json.loads(answer.read())

    def put(self, key: str | bytes, value: bytes, lease: int = 0) -> int:
        """Writes a key; returns the write's revision."""
        body = {"key": _b64(key), "value": _b64(value)}
        if lease:
            body["lease"] = str(lease)
        return int(self.call("/v3/kv/put", body)["header"]["revision"])

    def put_many(self, items: dict[str, bytes]) -> int:
        """Writes several keys in one transaction (one revision); returns that revision."""
        success = [{"request_put": {"key": _b64(k), "value": _b64(v)}} for k, v in items.items()]
        return int(self.call("/v3/kv/txn", {"success": success})["header"]["revision"])

    def delete(self, key: str | bytes) -> int:
        """Deletes a key; returns the revision of the deletion."""
        return int(self.call("/v3/kv/deleterange", {"key": _b64(key)})["header"]["revision"])

    def get(self, key: str | bytes) -> dict | None:
        """The stored entry as {"value": bytes, "lease": int, "mod_revision": int}, or None."""
        kvs = self.call("/v3/kv/range", {"key": _b64(key)}).get("kvs", [])
        if not kvs:
            return None
        kv = kvs[0]
        return {
            "value": _unb64(kv.get("value", "")),
            "lease": int(kv.get("lease", 0)),
            "mod_revision": int(kv["mod_revision"]),
        }

    def keys(self, prefix: str) -> list[str]:
        """The keys under `prefix`, in key order."""
        raw = prefix.encode()
        answer = self.call("/v3/kv/range", {"key": _b64(raw), "range_end": _b64(_prefix_end(raw))})
        return [_unb64(kv["key"]).decode() for kv in answer.get("kvs", [])]

    def revision(self) -> int:
        """The store's current revision."""
        return int(self.call("/v3/kv/range", {"key": _b64(b"\0")})["header"]["revision"])

    def lease_granted_ttl(self, lease: int) -> int:
        """The TTL lease `lease` was granted with; -1 once it no longer exists."""
        answer = self.call("/v3/lease/timetolive", {"ID": str(lease)})
        return int(answer.get("grantedTTL", answer.get("TTL", -1)))

    def history(self, prefix: str, from_revision: int) -> list[dict]:
        """Every change under `prefix` from `from_revision` to now, in order, as
        {"type": "PUT" | "DELETE", "key": str, "lease": int, "mod_revision": int}. Writes a
        marker key under the prefix to know where "now" is, and deletes it afterwards; neither
        change is returned."""
        marker = prefix + "~history-marker~"
        until = self.put(marker, b"")
        try:
            return self._changes_before(prefix, from_revision, until)
        finally:
            self.delete(marker)

    def _changes_before(self, prefix: str, from_revision: int, until: int) -> list[dict]:
        raw = prefix.encode()
        body = {
            "create_request": {
                "key": _b64(raw),
                "range_end": _b64(_prefix_end(raw)),
                "start_revision": str(from_revision),
            }
        }
        request = urllib.request.Request(
            self.endpoint + "/v3/watch",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        events: list[dict] = []
        with urllib.request.urlopen(request, timeout=GATEWAY_TIMEOUT_S) as stream:
            while True:
                line = stream.readline()
                if not line:
                    raise RuntimeError("etcd watch ended before reaching the marker")
                for event in json.loads(line).get("result", {}).get("events", []):
                    kv = event["kv"]
                    revision = int(kv["mod_revision"])
                    if revision >= until:
                        return events
                    events.append({
                        "type": event.get("type", "PUT"),
                        "key": _unb64(kv["key"]).decode(),
                        "lease": int(kv.get("lease", 0)),
                        "mod_revision": revision,
                    })  # fmt: skip


def _require_etcd() -> None:
    if shutil.which("etcd") is None:
        pytest.skip("the etcd binary is not installed (Debian package etcd-server)")


@pytest.fixture(scope="session")
def etcd_server(tmp_path_factory):
    """One etcd for the whole session. Keep to a prefix of your own (``etcd_prefix``)."""
    _require_etcd()
    server = EtcdServer(str(tmp_path_factory.mktemp("etcd")))
    server.start()
    yield server
    server.close()


@pytest.fixture
def etcd_server_factory(tmp_path_factory):
    """Makes private etcd servers (for tests that kill or restart them); all are removed after
    the test."""
    _require_etcd()
    servers = []

    def make() -> EtcdServer:
        server = EtcdServer(str(tmp_path_factory.mktemp("etcd-private")))
        servers.append(server)
        server.start()
        return server

    yield make
    for server in servers:
        server.close()


@pytest.fixture
def etcd_prefix(request) -> str:
    """A key prefix no other test uses: "<test name>/<random>/"."""
    return f"{request.node.name}/{uuid.uuid4().hex[:8]}/"


@pytest.fixture
def closed_endpoint() -> str:
    """An http endpoint on loopback where nothing listens."""
    return f"http://127.0.0.1:{_free_ports(1)[0]}"
