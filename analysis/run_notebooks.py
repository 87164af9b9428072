"""Regenerating every figure: each notebook executed headless, in reading order (``make figures``).

The notebooks write their figures with :func:`analysis.save_figure`; this module only runs them.

The kernel: notebooks name the project's kernel, :data:`KERNEL_NAME` (the one ``make lab``
installs). Here that name is mapped to the Python running this module, whatever kernelspecs the
machine has (none need be installed, and a stale one elsewhere is never picked up), so
``make figures`` runs the notebooks in the environment it was started from. The kernel's
connection is encrypted (CurveZMQ) where pyzmq and ipykernel support it, which is also what keeps
ipykernel from printing "Kernel is running over TCP without encryption" once per notebook.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from .plots.save import ROOT

NOTEBOOKS = ROOT / "notebooks"

#: the kernel the notebooks name (their metadata) and ``make lab`` installs
KERNEL_NAME = "reasoning-token-efficiency"
KERNEL_DISPLAY_NAME = "Python (reasoning-token-efficiency)"


def notebook_paths(folder: Path = NOTEBOOKS) -> list[Path]:
    """The notebooks ``NN_topic.ipynb`` in reading order."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def this_python_kernel_spec() -> dict[str, Any]:
    """kernel.json for a kernel running this interpreter (``sys.executable -m ipykernel_launcher``),
    with the metadata of the installed ipykernel (debugger, supported transport encryption)."""
    from ipykernel.kernelspec import get_kernel_dict

    return {**get_kernel_dict(), "display_name": KERNEL_DISPLAY_NAME}


def _kernel_manager_class() -> type:
    """An AsyncKernelManager whose every kernel name resolves to :func:`this_python_kernel_spec`,
    with CurveZMQ transport encryption where the kernel declares support for it."""
    import zmq
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from traitlets import default

    class ThisPythonSpecs(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            return KernelSpec(name=kernel_name, resource_dir="", **this_python_kernel_spec())

    class ThisPythonKernelManager(AsyncKernelManager):
        @default("kernel_spec_manager")
        def _this_python_specs(self) -> KernelSpecManager:
            return ThisPythonSpecs()

        @default("transport_encryption")
        def _encrypt_if_possible(self) -> str:
            return "auto" if zmq.has("curve") else "disabled"

    return ThisPythonKernelManager


def execute_notebook(path: Path, *, timeout: int = 600, notebook: Any = None,
                     env: dict[str, str] | None = None) -> Any:
    """Run one notebook headless (Agg backend) in its own folder; returns the executed notebook
    (an ``nbformat.NotebookNode`` with its outputs); the file is not changed.

    The kernel is this interpreter (see the module docstring) and imports ``analysis`` from this
    checkout (its root is put first on PYTHONPATH). ``notebook``: a (modified) copy of the
    notebook at ``path`` to run instead of the file; ``env``: more environment variables for the
    kernel (e.g. ``RTE_FIGURES_DIR``), set for the run only.
    """
    import nbformat
    from nbclient import NotebookClient

    nb = notebook if notebook is not None else nbformat.read(path, as_version=4)
    extra = dict(env or {})
    saved = {k: os.environ.get(k) for k in ("MPLBACKEND", "PYTHONPATH", *extra)}
    os.environ["MPLBACKEND"] = "Agg"
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), saved["PYTHONPATH"]) if p)
    os.environ.update(extra)
    try:
        return NotebookClient(
            nb, timeout=timeout, kernel_name=KERNEL_NAME, kernel_manager_class=_kernel_manager_class(),
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def regenerate(folder: Path = NOTEBOOKS, *, verbose: bool = True) -> list[Path]:
    """Execute every notebook; they write their figures into figures/. Returns the notebooks run."""
    paths = notebook_paths(folder)
    if verbose and not paths:
        print(f"no notebooks in {folder}: nothing to regenerate")
    for path in paths:
        start = time.perf_counter()
        execute_notebook(path)
        if verbose:
            print(f"{path.name}: {time.perf_counter() - start:.1f} s")
    return paths
