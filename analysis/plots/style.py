"""The one shared figure style: colour-blind-safe palette, readable sizes, light grid.

Used by every plot function and notebook, so figures look alike and render identically on
every machine (fixed fonts and hash salt; no dates in files).
"""

from __future__ import annotations

import functools
from typing import Callable, TypeVar

import matplotlib as mpl

F = TypeVar("F", bound=Callable)

#: the widest figure, in inches at ``figure.dpi`` (100), that JupyterLab shows at its own size: its
#: output area is 848 CSS px wide at a 1280-px browser window, less ``bbox_inches="tight"``'s
#: 0.1-in padding on each side. A wider figure is scaled down, and its text with it.
MAX_WIDTH = 8.2
#: the smallest text a figure writes (points): names next to marks, counts, source notes
SMALL_TEXT = 8.0

#: Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

RC = {
    "figure.figsize": (7.0, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "legend.fontsize": 8,
    "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "svg.hashsalt": "reasoning-token-efficiency",
    "svg.fonttype": "path",
    "path.simplify": True,
}


def use_style() -> None:
    """Apply the shared style to matplotlib's global settings (notebooks call it once; plot
    functions never do: they draw inside :func:`styled`)."""
    mpl.rcParams.update(RC)


def styled(func: F) -> F:
    """Run a plot function inside ``matplotlib.rc_context(RC)``: what it draws has the shared
    style, and the caller's global rcParams are as they were afterwards (a plot that makes its
    own figure no longer restyles the user's later plots)."""

    @functools.wraps(func)
    def draw(*args, **kwargs):
        with mpl.rc_context(RC):
            return func(*args, **kwargs)

    return draw  # type: ignore[return-value]


def color_for(i: int) -> str:
    """The i-th colour of the palette (cycling)."""
    return PALETTE[i % len(PALETTE)]
