"""Regenerating every figure: each notebook executed headless, in reading order (``make figures``).

The notebooks write their figures with :func:`analysis.save_figure`; this module only runs them.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from .plots.save import ROOT

NOTEBOOKS = ROOT / "notebooks"


def notebook_paths(folder: Path = NOTEBOOKS) -> list[Path]:
    """The notebooks ``NN_topic.ipynb`` in reading order."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def execute_notebook(path: Path, *, timeout: int = 600) -> None:
    """Run one notebook headless (Agg backend) in its own folder; outputs are not saved.

    The kernel imports ``analysis`` from this checkout (its root is put first on PYTHONPATH).
    """
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    saved = {k: os.environ.get(k) for k in ("MPLBACKEND", "PYTHONPATH")}
    os.environ["MPLBACKEND"] = "Agg"
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), saved["PYTHONPATH"]) if p)
    try:
        NotebookClient(
            nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
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
