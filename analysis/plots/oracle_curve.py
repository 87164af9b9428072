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
from .style import color_for, styled
from ._common import accuracy_axis, get_ax, mark_synthetic, source_note, token_axis

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

    ax = get_ax(ax, figsize=(9.0, 5.0))
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
            ax.annotate(f"−{s['saved_share']:.0%}", xy=(s["actual_tokens"], s["actual_accuracy"]), xytext=(0, -8),
                        textcoords="offset points", ha="center", va="top", fontsize=7.5, color=colour[g],
                        fontweight="bold", gid=f"saved_label:{g}")

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
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    ax.set_title(title or "Oracle bound from the model's own samples (a ceiling, not a policy)")
    if synthetic:
        mark_synthetic(ax)
    if source:
        source_note(ax, source)
    return ax
