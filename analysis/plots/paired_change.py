"""``plot_paired_change``: arrows from a base setting to its compressed version.

Takes the output of :func:`analysis.compare_paired` (per-item paired comparison) or of
:func:`analysis.pair_points` (published Points of a method against its source's base): both
have ``base_tokens, base_accuracy, candidate_tokens, candidate_accuracy``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from ..errors import DataError, Problem
from .style import SMALL_TEXT, color_for, styled
from ._common import finish_axes, get_ax, tokens_accuracy_axes
from ._legend import place_legend
from ._labels import place_labels

_COLUMNS = ("base_tokens", "base_accuracy", "candidate_tokens", "candidate_accuracy")


@styled
def plot_paired_change(
    changes: pd.DataFrame,
    *,
    ax: Axes | None = None,
    label: str | None = None,
    hue: str | None = None,
    ci: bool = True,
    fontsize: float = SMALL_TEXT,
    xlabel: str | None = None,
    title: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    legend: bool = True,
) -> Axes:
    """One arrow per row, from (base_tokens, base_accuracy) to (candidate_tokens, candidate_accuracy).

    The base is an open circle, the candidate a filled one; an arrow pointing left and level is
    a saving at no loss. With ``ci`` and ``delta_acc_low``/``delta_acc_high`` present (from
    ``compare_paired``), a vertical bar at the candidate shows base accuracy + the interval of
    the paired change. ``label`` names each candidate (placed so labels do not collide);
    ``hue`` colours arrows by a column (legend); ``xlabel`` default "output tokens per answer".
    Returns the Axes; computes nothing.
    """
    what = "plot_paired_change"
    for col in _COLUMNS:
        if col not in changes.columns:
            raise DataError(Problem(what, None, col, f"no {col!r} column: pass the output of compare_paired or pair_points"))
    ax = get_ax(ax)
    bx, by_, cx, cy = (pd.to_numeric(changes[c], errors="coerce").to_numpy(float, na_value=np.nan) for c in _COLUMNS)
    ok = np.isfinite(bx) & np.isfinite(by_) & np.isfinite(cx) & np.isfinite(cy)
    hues = list(pd.unique(changes[hue])) if hue else [None]
    hue_color = {h: color_for(i) for i, h in enumerate(hues)}
    colors = [hue_color[h] for h in changes[hue]] if hue else [color_for(0)] * len(changes)
    for i in np.flatnonzero(ok):
        ax.annotate("", xy=(cx[i], cy[i]), xytext=(bx[i], by_[i]), zorder=2,
                    arrowprops=dict(arrowstyle="-|>", color=colors[i], lw=1.0, shrinkA=3, shrinkB=3, mutation_scale=9),
                    gid="change")
    ax.scatter(bx[ok], by_[ok], s=26, facecolor="white", edgecolor="0.3", linewidth=0.9, zorder=3, gid="base")
    ax.scatter(cx[ok], cy[ok], s=22, color=[colors[i] for i in np.flatnonzero(ok)], edgecolor="white",
               linewidth=0.5, zorder=4, gid="candidate")
    if ci and {"delta_acc_low", "delta_acc_high"} <= set(changes.columns):
        lo = pd.to_numeric(changes["delta_acc_low"], errors="coerce").to_numpy(float, na_value=np.nan)
        hi = pd.to_numeric(changes["delta_acc_high"], errors="coerce").to_numpy(float, na_value=np.nan)
        m = ok & np.isfinite(lo) & np.isfinite(hi)
        ax.vlines(cx[m], by_[m] + lo[m], by_[m] + hi[m], colors=[colors[i] for i in np.flatnonzero(m)],
                  lw=0.8, alpha=0.6, zorder=2, gid="ci")
    ax.update_datalim(np.column_stack([np.r_[bx[ok], cx[ok]], np.r_[by_[ok], cy[ok]]]))
    ax.autoscale_view()
    tokens_accuracy_axes(ax, xlabel=xlabel)
    handles = [Line2D([], [], marker="o", ls="none", mfc="white", mec="0.3", label="base"),
               Line2D([], [], marker="o", ls="none", color="0.3", label="compressed")]
    if hue:
        handles += [Line2D([], [], color=hue_color[h], lw=1.2, label=str(h)) for h in hues]
    if legend:
        place_legend(ax, handles)
    finish_axes(ax, title=title, synthetic=synthetic, source=source)
    if label is not None:
        if label not in changes.columns:
            raise DataError(Problem(what, None, label, f"label column {label!r} is missing"))
        idx = np.flatnonzero(ok)
        ax.figure.canvas.draw()
        place_labels(ax, cx[idx], cy[idx], [str(changes[label].iloc[i]) for i in idx], fontsize=fontsize,
                     color=[colors[i] for i in idx], avoid=(bx[ok], by_[ok]),
                     lines=[(np.r_[bx[i], cx[i]], np.r_[by_[i], cy[i]]) for i in idx])
    return ax
