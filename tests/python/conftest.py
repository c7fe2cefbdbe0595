"""Shared fixtures for the Python test suite.

wingfoil reads ``RUST_LOG`` once, when it is imported. The suite expects the default level (INFO),
so a ``RUST_LOG`` inherited from the developer's shell is removed here, before any test module
imports wingfoil. Tests that need another level start a subprocess with its own environment.
"""

import os
import select
import subprocess
import sys
import textwrap

import pytest

os.environ.pop("RUST_LOG", None)

# Generous bound for a child interpreter to import wingfoil and finish a short program.
SUBPROCESS_TIMEOUT_S = 60.0


def _child_env(extra):
    env = dict(os.environ)
    env.pop("RUST_LOG", None)
    env["PYTHONPATH"] = os.pathsep.join(entry for entry in sys.path if entry)
    env.update(extra or {})
    return env


@pytest.fixture
def run_python():
    """Run a Python program in a child interpreter that sees the same ``sys.path``.

    Returns a function ``(code, env=None, timeout=...) -> subprocess.CompletedProcess`` with text
    ``stdout``/``stderr``. ``env`` adds or overrides environment variables.
    """

    def run(code, env=None, timeout=SUBPROCESS_TIMEOUT_S):
        return subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code)],
            env=_child_env(env),
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run


@pytest.fixture
def spawn_python():
    """Start a Python program in a child interpreter without waiting for it.

    Returns a function ``(code, env=None) -> subprocess.Popen`` (text pipes). Every child still
    alive when the test ends is killed.
    """
    children = []

    def spawn(code, env=None):
        child = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(code)],
            env=_child_env(env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        children.append(child)
        return child

    yield spawn
    for child in children:
        if child.poll() is None:
            child.kill()
        child.communicate()


def read_line(child, timeout):
    """Read one line from ``child.stdout``, or return None if none arrives within ``timeout``."""
    ready, _, _ = select.select([child.stdout], [], [], timeout)
    if not ready:
        return None
    return child.stdout.readline()


@pytest.fixture
def read_child_line():
    """The ``read_line`` helper, as a fixture so test modules need not import conftest."""
    return read_line
