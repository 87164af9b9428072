"""Saving figures reproducibly, and regenerating them all: every notebook executed headless.

``save_figure`` writes PNG and SVG that are byte-identical when rerun on the same data: Agg
rendering, a fixed ``svg.hashsalt`` (stable SVG ids), and no dates or software versions in the
files' metadata.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
FIGURES = ROOT / "figures"


def figures_dir() -> Path:
    """Where figures are written: ``$RTE_FIGURES_DIR`` if set (tests use it), else figures/."""
    return Path(os.environ.get("RTE_FIGURES_DIR") or FIGURES)


def save_figure(fig: Figure, name: str, *, folder: Path | str | None = None, formats: tuple[str, ...] = ("png", "svg")) -> list[Path]:
    """Write ``fig`` to ``<folder>/<name>.png`` and ``.svg`` (folder defaults to :func:`figures_dir`).

    Files are written atomically (temporary file, then rename) and are byte-identical across
    runs. Returns the paths written.
    """
    import matplotlib as mpl

    from .style import RC

    folder = Path(folder) if folder is not None else figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    metadata = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
    }
    written = []
    with mpl.rc_context({"svg.hashsalt": RC["svg.hashsalt"], "svg.fonttype": "path"}):
        for fmt in formats:
            path = folder / f"{name}.{fmt}"
            tmp = folder / f".{name}.{os.getpid()}.tmp.{fmt}"
            fig.savefig(tmp, format=fmt, metadata=metadata.get(fmt), bbox_inches="tight", dpi=RC["savefig.dpi"])
            os.replace(tmp, path)
            written.append(path)
    return written


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
