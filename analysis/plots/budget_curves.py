"""Accuracy under a token cap: one line per group, budget on a log axis."""

from __future__ import annotations

from typing import Sequence

import pandas as pd
from matplotlib.axes import Axes

from .._groups import group_labels
from .style import color_for
from ._common import accuracy_axis, get_ax, source_note, token_axis


def plot_budget_curves(
    curve: pd.DataFrame,
    *,
    ax: Axes | None = None,
    hue: str | Sequence[str] = "model",
    budget: str = "budget",
    accuracy: str = "accuracy",
    order: Sequence[str] | None = None,
    step: bool = True,
    markers: bool = False,
    label_suffix: str = "",
    linestyle: str = "-",
    error_bars: bool = False,
    colors: dict[str, str] | None = None,
    color: str | None = None,
    xlabel: str = "token budget B (answers over B count as wrong)",
    title: str | None = None,
    source: str | None = None,
    legend: bool = True,
) -> Axes:
    """Draw accuracy against a token budget, one line per ``hue`` group.

    ``curve`` is :func:`analysis.budget_curve`'s output (``budget``, ``accuracy`` fraction 0..1)
    or any table with one accuracy per budget, e.g. :func:`analysis.summarize` of runs capped at
    generation (pass ``budget="max_tokens"``). ``step`` draws a post-step line (accuracy is
    constant between budgets when the cap is applied after the fact); set ``step=False,
    markers=True`` for measured points such as generation caps. Lines are drawn in ``order`` of
    their labels (default: sorted); ``label_suffix`` is appended to each legend label and
    ``colors`` maps a label to a colour, so two calls on one Axes can share colours. ``color``
    draws every line in one colour, thin and without legend entries (a grey background of all
    groups, to highlight a few with a second call). ``error_bars`` draws each point's interval
    from ``acc_low`` / ``acc_high`` (e.g. summarize's Wilson or bootstrap interval).
    """
    ax = get_ax(ax)
    hue = [hue] if isinstance(hue, str) else list(hue)
    df = curve.assign(_label=group_labels(curve, hue).to_numpy())
    labels = list(order) if order is not None else sorted(df["_label"].unique())
    for i, lab in enumerate(labels):
        part = df[df["_label"] == lab].sort_values(budget)
        if part.empty:
            continue
        line_color = color or (colors or {}).get(lab, color_for(i))
        ax.plot(part[budget].to_numpy(float), part[accuracy].to_numpy(float), color=line_color,
                drawstyle="steps-post" if step else "default", marker="o" if markers else None,
                markersize=4, linestyle=linestyle, linewidth=0.8 if color else None,
                label=f"_{lab}" if color else f"{lab}{label_suffix}", zorder=1 if color else 2)
        if error_bars:
            y = part[accuracy].to_numpy(float)
            err = [y - part["acc_low"].to_numpy(float), part["acc_high"].to_numpy(float) - y]
            ax.errorbar(part[budget].to_numpy(float), y, yerr=err, fmt="none", ecolor=line_color, alpha=0.5,
                        capsize=2)
    token_axis(ax, label=xlabel)
    accuracy_axis(ax)
    ax.set_ylim(-0.02, 1.02)
    if title:
        ax.set_title(title)
    if legend:
        ax.legend(loc="best")
    if source:
        source_note(ax, source)
    return ax
