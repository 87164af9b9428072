"""Saving figures reproducibly.

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

#: the checkout's root (for an installed package: the folder holding it, not a checkout)
ROOT = Path(__file__).resolve().parents[2]
#: the checkout's figures/ (the committed figures)
FIGURES = ROOT / "figures"


def in_checkout() -> bool:
    """Whether the package runs from a checkout of the project (not an installed copy)."""
    return (ROOT / "pyproject.toml").is_file() and (ROOT / "notebooks").is_dir()


def figures_dir() -> Path:
    """Where figures are written: ``$RTE_FIGURES_DIR`` if set (tests use it); else the checkout's
    figures/; for an installed package, figures/ in the working directory (never site-packages)."""
    env = os.environ.get("RTE_FIGURES_DIR")
    if env:
        return Path(env)
    return FIGURES if in_checkout() else Path.cwd() / "figures"


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
