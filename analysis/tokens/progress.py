"""A progress bar (tqdm) for long token counts: on a terminal or in a notebook, off otherwise.

Counting 50 MB of text takes about a second on two cores and a minute on a slow laptop; below
``PROGRESS_CHARS`` characters no bar is shown. The bar is shown only where a person watches:
stderr is a terminal, or the code runs in a Jupyter kernel (a notebook widget). In a pipe, a
log file, pytest, a Dask worker or CI it stays off. ``TQDM_DISABLE=1`` turns it off everywhere.
It counts characters: those found in the cache and those counted.
"""

from __future__ import annotations

import os
import sys

#: Counts of at least this many characters (~50 MB of mostly ASCII text) get a progress bar.
PROGRESS_CHARS = 50_000_000


def in_notebook() -> bool:
    """Whether this runs in a Jupyter kernel (IPython's ZMQ shell)."""
    if "ipykernel" not in sys.modules:
        return False
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None and hasattr(ipython, "get_ipython") else None
    return type(shell).__name__ == "ZMQInteractiveShell"


def _on_terminal() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed stderr
        return False


def bar(total_chars: int):
    """A tqdm bar over ``total_chars`` characters, or None (small count, nobody watching)."""
    if total_chars < PROGRESS_CHARS or os.environ.get("TQDM_DISABLE", "").lower() in ("1", "true"):
        return None
    notebook = in_notebook()
    if not notebook and not _on_terminal():
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # tqdm missing: no bar, counting goes on
        return None
    options = dict(total=total_chars, desc="counting tokens", unit="char", unit_scale=True, leave=False,
                   mininterval=0.2)
    if notebook:
        try:
            from tqdm.notebook import tqdm as widget

            return widget(**options)
        except Exception:  # no ipywidgets: the text bar, on the notebook's stderr
            pass
    return tqdm(**options)
