"""The libraries compared in the benchmark suite, and how each one's workloads are run.

Defines ``Peer`` (one library in one Python environment), ``PEERS`` (this package, wingfoil 1.0.0,
csp and the bare Python loop), ``ensure_venv`` (creates a peer's virtual environment once, under a
cache folder, and installs the peer from PyPI into it) and ``run_worker`` (runs a workload module in
a fresh subprocess of the right interpreter and parses the JSON it prints).

Every measurement runs in its own subprocess, so one library's imports, caches and heap never
affect another's numbers. Threading: none; the functions block until their subprocess ends.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parents[1]
DEFAULT_CACHE = REPO_ROOT / "build" / "bench-venvs"

# Seconds a single worker may take before the run is declared stuck. Generous: the slowest worker
# (csp running 100 Python nodes for 200,000 cycles, several times) takes well under a minute here.
WORKER_TIMEOUT_S = 900.0


@dataclass(frozen=True)
class Peer:
    """One library under test.

    ``name`` labels results; ``module`` is the workload module (a file in this folder) that
    implements the workloads in that library's API; ``requirements`` are pip requirement strings
    installed into the peer's own venv, or empty for a peer that runs in the current interpreter
    (this package, installed by the user; the bare loop, which needs nothing)."""

    name: str
    module: str
    requirements: tuple[str, ...] = ()
    description: str = ""

    @property
    def needs_venv(self) -> bool:
        return bool(self.requirements)


THIS = Peer(
    "wingfoil (this)",
    "workloads_wingfoil.py",
    description="this package, C++ engine, from the current environment",
)
WINGFOIL_1 = Peer(
    "wingfoil 1.0.0",
    "workloads_wingfoil.py",
    ("wingfoil==1.0.0",),
    "published wheel on PyPI, Rust engine, same Python API",
)
CSP = Peer("csp", "workloads_csp.py", ("csp==0.19.1",), "Point72 csp, C++ engine, Python DSL")
LOOP = Peer("python loop", "workloads_loop.py", description="bare Python loop, same lambdas")

PEERS: tuple[Peer, ...] = (THIS, WINGFOIL_1, CSP, LOOP)


class PeerError(RuntimeError):
    """A peer could not be installed, or one of its workers failed."""


def venv_dir(peer: Peer, cache: Path = DEFAULT_CACHE) -> Path:
    """The folder of ``peer``'s virtual environment inside ``cache``."""
    slug = "".join(c if c.isalnum() else "-" for c in peer.name).strip("-")
    return cache / slug


def venv_python(peer: Peer, cache: Path = DEFAULT_CACHE) -> Path:
    return venv_dir(peer, cache) / "bin" / "python"


def ensure_venv(peer: Peer, cache: Path = DEFAULT_CACHE, log=print) -> Path:
    """Returns the interpreter that runs ``peer``'s workers, creating and filling its venv first
    if needed. A venv is reused when its marker file lists exactly the same requirements, so a
    second run installs nothing. The venv does not see the system site-packages, so this
    package (which may be installed there) cannot shadow wingfoil 1.0.0.

    Raises PeerError naming the peer and quoting pip's output when the install fails."""
    if not peer.needs_venv:
        return Path(sys.executable)
    folder = venv_dir(peer, cache)
    python = venv_python(peer, cache)
    marker = folder / "bench-requirements.txt"
    wanted = "\n".join(peer.requirements) + "\n"
    if python.exists() and marker.exists() and marker.read_text() == wanted:
        return python
    log(f"creating venv for {peer.name} in {display_path(folder)} ({', '.join(peer.requirements)})")
    folder.parent.mkdir(parents=True, exist_ok=True)
    venv.EnvBuilder(clear=True, with_pip=True, symlinks=True).create(folder)
    command = [str(python), "-m", "pip", "install", "-q", *peer.requirements]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise PeerError(
            f"installing {peer.name} ({' '.join(peer.requirements)}) into {display_path(folder)} "
            f"failed with exit code {done.returncode}:\n{done.stdout}{done.stderr}"
        )
    marker.write_text(wanted)
    return python


def display_path(path: Path | str) -> str:
    """``path`` relative to the repository when it is inside it, else the interpreter's name
    only: results and messages that may be committed carry no machine-specific folders."""
    path = Path(path)
    try:
        return str(path.relative_to(REPO_ROOT))
    except ValueError:
        return path.name


def run_worker(python: Path, script: str, args: list[str], timeout: float = WORKER_TIMEOUT_S):
    """Runs ``bench/python/<script>`` with ``args`` under ``python`` in a fresh process and
    returns the JSON object it printed on its last stdout line.

    The worker runs in this folder with ``PYTHONPATH`` removed, so a ``wingfoil`` folder in the
    caller's current directory cannot be imported by mistake. Raises PeerError with the
    command and the worker's stderr when it exits non-zero, prints no JSON, or times out."""
    command = [str(python), str(BENCH_DIR / script), *args]
    shown = " ".join([display_path(python), display_path(BENCH_DIR / script), *args])
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, cwd=BENCH_DIR, env=env
        )
    except subprocess.TimeoutExpired as exc:
        raise PeerError(f"{shown} did not finish within {timeout:.0f} s") from exc
    if done.returncode != 0:
        raise PeerError(f"{shown} failed with exit code {done.returncode}:\n{done.stderr[-4000:]}")
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if not lines:
        raise PeerError(f"{shown} printed nothing; stderr:\n{done.stderr[-4000:]}")
    try:
        return json.loads(lines[-1])
    except json.JSONDecodeError as exc:
        raise PeerError(f"{shown} did not end with a JSON line: {lines[-1][:200]!r}") from exc
