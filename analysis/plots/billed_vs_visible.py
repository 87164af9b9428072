"""``plot_billed_vs_visible``: how much of the billed thinking each model's provider shows.

Takes the output of :func:`analysis.billed_vs_visible_thinking`: one row per model with
``visible_share_implied`` (visible-thinking tokens / billed thinking tokens) and its CI, the
naive ``visible_share`` (over the reported reasoning tokens) and ``thinking_class``. Draws one
row per model, sorted by share, coloured by class, with the class thresholds as lines.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from ..errors import DataError, Problem
from .style import color_for, styled
from ._common import finish_axes, get_ax
from ._legend import place_legend

_CLASS_COLOUR = {"full": 2, "summarised": 1, "hidden": 3}
_NEED = ("visible_share_implied", "visible_share_implied_low", "visible_share_implied_high", "thinking_class")


@styled
def plot_billed_vs_visible(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    label: str = "model",
    thresholds: dict | None = None,
    naive: bool = True,
    xlabel: str | None = None,
    title: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    legend: bool = True,
) -> Axes:
    """Visible thinking as a share of billed thinking, one row per ``label`` value.

    Points: ``visible_share_implied`` with its CI (bars), coloured by ``thinking_class``; with
    ``naive`` also ``visible_share`` (visible / the reported reasoning tokens) as hollow
    marks, to show where that count misleads. ``thresholds`` (``THINKING_CLASSES`` of
    :mod:`analysis.measures.billed_vs_visible`) draws the class boundaries. Linear x axis of
    the ratio (0.5 = half), not percent: values above 1 occur (the naive ratio, tokenizer
    differences), and a percent axis is kept to [0, 100%]; ``xlabel`` None gives the default
    text. Returns the Axes.
    """
    what = "plot_billed_vs_visible"
    for col in (*_NEED, label):
        if col not in table.columns:
            raise DataError(Problem(what, None, col, f"no {col!r} column: pass the output of billed_vs_visible_thinking"))
    data = table.sort_values(["visible_share_implied", label], kind="stable").reset_index(drop=True)
    ax = get_ax(ax, figsize=(8.0, 0.28 * len(data) + 1.6))
    y = np.arange(len(data))
    share = data["visible_share_implied"].to_numpy(float)
    err = np.vstack([share - data["visible_share_implied_low"].to_numpy(float),
                     data["visible_share_implied_high"].to_numpy(float) - share])
    colours = [color_for(_CLASS_COLOUR.get(str(c), 7)) for c in data["thinking_class"]]
    ax.errorbar(share, y, xerr=err, fmt="none", ecolor="0.4", elinewidth=1, capsize=2, zorder=2)
    ax.scatter(share, y, c=colours, s=28, zorder=3)
    handles = [Line2D([], [], ls="", marker="o", color=color_for(i), label=f"{c} thinking")
               for c, i in _CLASS_COLOUR.items() if c in set(data["thinking_class"].astype(str))]
    if naive and "visible_share" in data.columns:
        v = data["visible_share"].to_numpy(float)
        ok = np.isfinite(v)
        ax.scatter(v[ok], y[ok], facecolors="none", edgecolors="0.3", s=22, marker="D", zorder=3)
        handles.append(Line2D([], [], ls="", marker="D", mfc="none", color="0.3",
                              label="visible / reported reasoning tokens (naive)"))
    for lo, _hi in (thresholds or {}).values():
        if lo > 0:
            ax.axvline(lo, color="0.6", lw=0.8, ls="--", zorder=1)
    ax.set_yticks(y)
    ax.set_yticklabels(data[label].astype(str))
    # a ratio, not a share: the naive ratio runs above 1 (written 1.2, as the text does), so no percent axis
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:g}"))
    ax.set_xlabel(xlabel if xlabel is not None else "visible-thinking tokens / billed thinking tokens (billed completion - answer)")
    ax.set_xlim(-0.03, max(1.05, float(np.nanmax(np.r_[share, data.get("visible_share", pd.Series([0])).to_numpy(float)])) + 0.05))
    if legend:
        place_legend(ax, handles, prefer="lower right", fontsize=8)
    finish_axes(ax, title=title, synthetic=synthetic, source=source)
    return ax
