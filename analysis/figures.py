"""Regenerating figures: every notebook in notebooks/ executed headless, in reading order."""

from __future__ import annotations

import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
FIGURES = ROOT / "figures"


def notebook_paths(folder: Path = NOTEBOOKS) -> list[Path]:
    """The notebooks ``NN_topic.ipynb`` in reading order."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def execute_notebook(path: Path, *, timeout: int = 600) -> None:
    """Run one notebook headless (Agg backend) in its own folder; outputs are not saved."""
    import nbformat
    from nbclient import NotebookClient

    os.environ.setdefault("MPLBACKEND", "Agg")
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()


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
