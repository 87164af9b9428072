"""A real browser: headless Chromium (the system's, never a downloaded one) driven by Playwright,
and JupyterLab serving a copy of the notebooks on 127.0.0.1 with a token.

The browser is ``$RTE_CHROMIUM`` or ``chromium`` on PATH (Debian's package; ``.ci/run`` installs it).
Without one, or without Playwright, these tests are skipped, unless ``RTE_REQUIRE_BROWSER=1``
(set by ``.ci/run``) makes that a failure.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from analysis.run_notebooks import KERNEL_NAME, NOTEBOOKS, this_python_kernel_spec
from analysis.plots.save import ROOT

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _missing(reason: str):
    if os.environ.get("RTE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser test required (RTE_REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(reason)


def chromium_path() -> str | None:
    return os.environ.get("RTE_CHROMIUM") or shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """A browser context (``.new_page()``) of a headless Chromium with a fresh profile; no GPU, no sandbox (CI runs as root), no network
    services of its own."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed (pip install '.[test]')")
    exe = chromium_path()
    if not exe:
        _missing("no Chromium found (apt-get install chromium, or set RTE_CHROMIUM)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        # a persistent context is how Playwright takes a --user-data-dir: here a fresh, empty one
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=exe, args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1280, "height": 900})
        yield context
        context.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A running JupyterLab: ``url(path)`` opens a file with the token; ``log()`` is its output."""

    def __init__(self, port: int, token: str, root: Path, log_path: Path):
        self.port, self.token, self.root, self.log_path = port, token, root, log_path

    def url(self, path: str = "") -> str:
        """``path`` opened alone (``reset``: no layout restored from an earlier page)."""
        return f"http://127.0.0.1:{self.port}/lab/tree/{path}?reset&token={self.token}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def api(self, path: str, method: str = "GET"):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_sessions(self) -> None:
        """Close every notebook session (and its kernel) the browser opened."""
        for session in self.api("sessions"):
            self.api(f"sessions/{session['id']}", method="DELETE")


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """JupyterLab on a free port of 127.0.0.1 with a random token, serving a copy of notebooks/
    (runs never touch the committed files); every Jupyter folder (config, data, runtime,
    settings, workspaces) is temporary, and the project's kernel (:data:`KERNEL_NAME`) is this
    interpreter with the checkout on PYTHONPATH. Figures go to a temporary folder."""
    base = tmp_path_factory.mktemp("lab")
    root = base / "notebooks"
    shutil.copytree(NOTEBOOKS, root)
    kernel_dir = base / "data" / "kernels" / KERNEL_NAME
    kernel_dir.mkdir(parents=True)
    (kernel_dir / "kernel.json").write_text(json.dumps(this_python_kernel_spec()))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "MPLBACKEND"))}
    env.update(
        JUPYTER_CONFIG_DIR=str(base / "config"), JUPYTER_DATA_DIR=str(base / "data"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(base / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"), JUPYTER_PLATFORM_DIRS="1",
        RTE_FIGURES_DIR=str(base / "figures"),
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
    )
    # every cell in the page (no virtual scrolling), so the test sees every output
    tracker = base / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    port, token = _free_port(), secrets.token_hex(16)
    log_path = base / "lab.log"
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={root}", "--KernelManager.transport_encryption=auto",
           "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "getuid") and os.getuid() == 0:
        cmd.append("--allow-root")
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=base)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start:\n{log_path.read_text(errors='replace')[-3000:]}")
                time.sleep(0.3)
        yield Lab(port, token, root, log_path)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
