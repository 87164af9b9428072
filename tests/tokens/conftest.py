"""Fixtures for tests that run scripts counting tokens in other processes: nothing outlives a test."""

import os
import signal
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def processes_with(marker: str) -> list[int]:
    """Live (not zombie) processes whose environment holds ``marker`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker.encode() not in (entry / "environ").read_bytes():
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state not in ("Z", "X"):
            found.append(int(entry.name))
    return found


@pytest.fixture
def script_env(tmp_path):
    """Environment for a child Python: this checkout first on PYTHONPATH, a fresh token cache,
    and a unique marker inherited by every process it starts, so the teardown can find and kill
    any process left behind (and the tests can check that none is)."""
    marker = f"RTE_TEST_MARKER={uuid.uuid4().hex}"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env["RTE_TOKEN_CACHE"] = str(tmp_path / "token-cache")
    env["RTE_TEST_MARKER_FILE"] = str(tmp_path / "top-level-runs.txt")
    env["PYTHONWARNINGS"] = "default"  # every warning shows (on stderr, which tests check is empty)
    key, value = marker.split("=")
    env[key] = value
    env.pop("MPLBACKEND", None)
    yield env
    if sys.platform.startswith("linux"):
        for pid in processes_with(marker):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


@pytest.fixture
def our_processes(script_env):
    """A function: the live processes started from ``script_env`` (the marker in their environment)."""
    marker = f"RTE_TEST_MARKER={script_env['RTE_TEST_MARKER']}"
    return lambda: processes_with(marker)
