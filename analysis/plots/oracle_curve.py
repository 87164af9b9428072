"""``plot_oracle_curve``: the length-penalty oracle bound against the model's actual point.

Takes the output of :func:`analysis.length_penalty_oracle` (kind 'oracle bound' rows, one per
lambda, and kind 'actual' rows). The oracle picks, per item, the sample maximising
correct - lambda x tokens: it knows which sample is correct, so its curve is a ceiling on
what a length penalty could reach with behaviour the model already shows, never a policy.
The figure says so: every curve is labelled "oracle bound".
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from ..errors import DataError, Problem
from .style import MAX_WIDTH, SMALL_TEXT, color_for, styled
from ._labels import place_labels
from ._common import accuracy_axis, finish_axes, get_ax, token_axis
from ._legend import place_legend

ORACLE = "oracle bound"
ACTUAL = "actual"
_NEED = ("kind", "lambda", "accuracy", "mean_tokens")


@styled
def plot_oracle_curve(
    curve: pd.DataFrame,
    *,
    ax: Axes | None = None,
    by: str = "model",
    highlight: Sequence | None = None,
    others: bool = True,
    saved: pd.DataFrame | None = None,
    xlabel: str | None = None,
    title: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    legend: bool = True,
) -> Axes:
    """Oracle-bound lines (ordered by lambda) and actual points, one colour per group.

    Groups are the values of the column ``by`` (one column: the group's name). ``highlight``
    lists the groups drawn in colour and named in the legend (default: all groups, when there
    are at most 8); with ``others`` the remaining groups are drawn thin and grey for context.
    ``saved`` (the output of :func:`analysis.oracle_tokens_saved` with the same ``by`` column)
    adds, for each highlighted group, an arrow from the actual point to the oracle's cheapest
    point at equal or higher accuracy, marked with the share of tokens saved. Token axis
    logarithmic (``xlabel`` default "mean output tokens per item"), accuracy in percent. The
    legend always names the lines "oracle bound". Returns the Axes.
    """
    what = "plot_oracle_curve"
    for col in (*_NEED, by):
        if col not in curve.columns:
            raise DataError(Problem(what, None, col, f"no {col!r} column: pass the output of length_penalty_oracle"))
    kinds = set(curve["kind"].astype(str))
    if ORACLE not in kinds or ACTUAL not in kinds:
        raise DataError(Problem(what, None, "kind", "need both 'oracle bound' and 'actual' rows "
                                                    "(length_penalty_oracle(..., include_actual=True))"))
    groups = list(pd.unique(curve[by]))
    if highlight is None:
        highlight = groups if len(groups) <= 8 else []
    highlight = list(highlight)
    missing = [h for h in highlight if h not in groups]
    if missing:
        raise DataError(Problem(what, None, by, f"highlighted groups not in the curve: {missing}"))
    if saved is not None:
        for col in (by, "actual_tokens", "actual_accuracy", "oracle_tokens", "oracle_accuracy", "saved_share"):
            if col not in saved.columns:
                raise DataError(Problem(what, None, col, f"saved: no {col!r} column: pass oracle_tokens_saved's output"))

    ax = get_ax(ax, figsize=(MAX_WIDTH, 5.6))
    data = curve.copy()
    data["_lam"] = pd.to_numeric(data["lambda"], errors="coerce")
    oracle = data[data["kind"] == ORACLE].sort_values([by, "_lam"], kind="stable")
    actual = data[data["kind"] == ACTUAL]
    colour = {h: color_for(i) for i, h in enumerate(highlight)}

    if others:
        for g in groups:
            if g in colour:
                continue
            o = oracle[oracle[by] == g]
            ax.plot(o["mean_tokens"], o["accuracy"], color="0.72", lw=0.8, zorder=1, gid=f"oracle:{g}")
        rest = actual[~actual[by].isin(highlight)]
        ax.scatter(rest["mean_tokens"], rest["accuracy"], s=14, color="0.6", zorder=2, gid="actual:others")
    for g in highlight:
        o = oracle[oracle[by] == g]
        a = actual[actual[by] == g]
        ax.plot(o["mean_tokens"], o["accuracy"], color=colour[g], lw=1.6, marker="o", ms=2.2,
                zorder=3, gid=f"oracle:{g}")
        ax.scatter(a["mean_tokens"], a["accuracy"], s=48, marker="D", color=colour[g], edgecolor="black",
                   linewidth=0.8, zorder=5, gid=f"actual:{g}")
    savings = []  # (tokens, accuracy, "−20%", group): the saving written by the actual point, placed last
    if saved is not None:
        for g in highlight:
            s = saved[saved[by] == g]
            if len(s) != 1 or not np.isfinite(float(s["oracle_tokens"].iloc[0])):
                continue
            s = s.iloc[0]
            ax.annotate("", xy=(s["oracle_tokens"], s["oracle_accuracy"]),
                        xytext=(s["actual_tokens"], s["actual_accuracy"]), zorder=4,
                        arrowprops=dict(arrowstyle="-|>", color=colour[g], lw=1.0, shrinkA=5, shrinkB=2,
                                        mutation_scale=9, linestyle="--"), gid=f"saved:{g}")
            savings.append((float(s["actual_tokens"]), float(s["actual_accuracy"]), f"−{s['saved_share']:.0%}", g))

    token_axis(ax, axis="x", label=xlabel or "mean output tokens per item")
    accuracy_axis(ax)
    handles = [Line2D([], [], color="0.2", lw=1.6, marker="o", ms=2.2,
                      label="oracle bound (per item, the model's own sample\nmaximising correct − λ·tokens; λ grows ←)"),
               Line2D([], [], color="0.2", marker="D", ls="none", mec="black", label="actual: mean per prompt over its runs, then over prompts")]
    if saved is not None:
        handles.append(Line2D([], [], color="0.2", lw=1.0, ls="--", label="oracle's saving at ≥ actual accuracy\n(share of the actual tokens under ◆)"))
    if others and len(groups) > len(highlight):
        handles.append(Line2D([], [], color="0.72", lw=0.8, marker="o", ms=3, mfc="0.6", mec="0.6",
                              label=f"other {by}s ({len(groups) - len(highlight)})"))
    handles += [Line2D([], [], color=colour[h], lw=3, label=str(h)) for h in highlight]
    if legend:
        place_legend(ax, handles)
    finish_axes(ax, title=title or "Oracle bound from the model's own samples (a ceiling, not a policy)",
                synthetic=synthetic, source=source)
    if savings:  # once the axes and the legend are final: clear of each other, the marks, the curves and the legend
        ax.figure.canvas.draw()
        sx, sy, texts, gs = zip(*savings)
        lines = [(oracle.loc[oracle[by] == g, "mean_tokens"].to_numpy(float), oracle.loc[oracle[by] == g, "accuracy"].to_numpy(float))
                 for g in highlight]
        avoid = (actual["mean_tokens"].to_numpy(float), actual["accuracy"].to_numpy(float))
        for text, g in zip(place_labels(ax, sx, sy, texts, color=[colour[g] for g in gs], avoid=avoid, lines=lines), gs):
            text.set_gid(f"saved_label:{g}")
    return ax
