"""Accuracy under a token cap: one line per group, budget on a log axis."""

from __future__ import annotations

from typing import Sequence

import pandas as pd
from matplotlib.axes import Axes

from .._groups import group_labels
from .style import color_for, styled
from ._common import accuracy_axis, finish_axes, get_ax, token_axis
from ._legend import place_legend


@styled
def plot_budget_curves(
    curve: pd.DataFrame,
    *,
    ax: Axes | None = None,
    x: str = "budget",
    y: str = "accuracy",
    by: str | Sequence[str] = "model",
    order: Sequence[str] | None = None,
    step: bool = True,
    markers: bool = False,
    label_suffix: str = "",
    linestyle: str = "-",
    ci: bool = True,
    colors: dict[str, str] | None = None,
    color: str | None = None,
    xlabel: str | None = None,
    title: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    legend: bool = True,
) -> Axes:
    """Draw accuracy against a token budget, one line per ``by`` group.

    ``curve`` is :func:`analysis.budget_curve`'s output (``budget``, ``accuracy`` fraction 0..1)
    or any table with one accuracy ``y`` per budget ``x``, e.g. :func:`analysis.summarize` of runs
    capped at generation (pass ``x="max_tokens"``). ``step`` draws a post-step line (accuracy is
    constant between budgets when the cap is applied after the fact); set ``step=False,
    markers=True`` for measured points such as generation caps. Lines are drawn in ``order`` of
    their labels (default: sorted); ``label_suffix`` is appended to each legend label and
    ``colors`` maps a label to a colour, so two calls on one Axes can share colours. ``color``
    draws every line in one colour, thin and without legend entries (a grey background of all
    groups, to highlight a few with a second call). ``ci`` draws each point's interval where
    ``acc_low`` / ``acc_high`` are present (e.g. summarize's Wilson or bootstrap interval). ``xlabel``
    default: "token budget B (answers over B count as wrong)".
    """
    ax = get_ax(ax)
    ci = ci and {"acc_low", "acc_high"} <= set(curve.columns)
    hue = [by] if isinstance(by, str) else list(by)  # the group columns (local name kept for the label line)
    df = curve.assign(_label=group_labels(curve, hue).to_numpy())
    labels = list(order) if order is not None else sorted(df["_label"].unique())
    for i, lab in enumerate(labels):
        part = df[df["_label"] == lab].sort_values(x)
        if part.empty:
            continue
        line_color = color or (colors or {}).get(lab, color_for(i))
        ax.plot(part[x].to_numpy(float), part[y].to_numpy(float), color=line_color,
                drawstyle="steps-post" if step else "default", marker="o" if markers else None,
                markersize=4, linestyle=linestyle, linewidth=0.8 if color else None,
                label=f"_{lab}" if color else f"{lab}{label_suffix}", zorder=1 if color else 2)
        if ci:
            acc = part[y].to_numpy(float)
            err = [acc - part["acc_low"].to_numpy(float), part["acc_high"].to_numpy(float) - acc]
            ax.errorbar(part[x].to_numpy(float), acc, yerr=err, fmt="none", ecolor=line_color, alpha=0.5,
                        capsize=2)
    token_axis(ax, label=xlabel or "token budget B (answers over B count as wrong)")
    accuracy_axis(ax)
    ax.set_ylim(-0.02, 1.02)
    if legend:
        place_legend(ax)
    finish_axes(ax, title=title, synthetic=synthetic, source=source)
    return ax
