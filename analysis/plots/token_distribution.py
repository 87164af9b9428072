"""Tokens per answer, one row per group: quantile boxes from :func:`analysis.token_quantiles`
(passed in, never computed here) and every answer as a dot, right and wrong apart, on a log
axis."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from .._groups import group_labels, require_columns
from ..measures.distribution import answer_outcome
from .style import styled
from ._common import finish_axes, get_ax, token_axis

OUTCOME_STYLE = {  # colour, vertical offset within a group's row
    "correct": ("#0072B2", 0.18),
    "wrong": ("#D55E00", -0.18),
    "partial": ("#E69F00", 0.0),
    "all": ("#0072B2", 0.0),
}


@styled
def plot_token_distribution(
    quantiles: pd.DataFrame,
    responses: pd.DataFrame | None = None,
    *,
    ax: Axes | None = None,
    by: str | Sequence[str] = "model",
    x: str = "output_tokens",
    order: Sequence[str] | None = None,
    seed: int = 0,
    xlabel: str | None = None,
    title: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    legend: bool = True,
) -> Axes:
    """Draw the distribution of tokens per answer for each ``by`` group (one row each).

    ``quantiles`` is the output of :func:`analysis.token_quantiles` with the default quantiles
    0.1, 0.25, 0.5, 0.75, 0.9 and the same ``by``: boxes span the 25th to 75th percentile with
    whiskers from the 10th to the 90th and a bar at the median, one per group and outcome
    (right answers above the row's centre line and wrong ones below, in two colours, when it
    was computed with ``split_correct``). ``responses`` (the Responses the quantiles were taken
    of, optional): each answer drawn as a dot at its ``x`` tokens, with vertical jitter seeded
    by ``seed`` (the figure is reproducible), split by outcome as the boxes are. Rows run top
    to bottom in ``order`` (group labels; default sorted). ``xlabel`` default: "<x> per answer
    (log scale)". Returns the Axes; its y tick labels are the group labels. Computes nothing:
    the quantiles come from the analysis function.
    """
    need = {"outcome", "q10", "q25", "q50", "q75", "q90"}
    require_columns(quantiles, sorted(need), "plot_token_distribution", why="quantiles column is missing (token_quantiles with 0.1..0.9)")
    ax = get_ax(ax, figsize=None)
    by = [by] if isinstance(by, str) else list(by)
    split_correct = bool((quantiles["outcome"] != "all").any())
    labels = list(order) if order is not None else sorted(group_labels(quantiles, by).unique())
    row_of = {lab: len(labels) - 1 - i for i, lab in enumerate(labels)}  # first label on top
    q = quantiles.assign(_label=group_labels(quantiles, by).to_numpy())
    q = q[q["_label"].isin(row_of)]
    if responses is not None:
        lab = group_labels(responses, by)
        keep = lab.isin(row_of).to_numpy()
        r = responses[keep]
        y0 = lab[keep].map(row_of).to_numpy(float)
        c = pd.to_numeric(r["correct"], errors="coerce").to_numpy(float)
        outcome = answer_outcome(c) if split_correct else np.full(len(r), "all")
        jitter = np.random.default_rng(seed).uniform(-0.08, 0.08, len(r))
        t = pd.to_numeric(r[x], errors="coerce").to_numpy(float)
        for name, (color, off) in OUTCOME_STYLE.items():
            sel = outcome == name
            if sel.any():
                ax.scatter(t[sel], y0[sel] + off + jitter[sel], s=5, color=color, alpha=0.35,
                           linewidths=0, zorder=2, label=f"{name} answers (n = {int(sel.sum())})")
    for _, row in q.iterrows():
        color, off = OUTCOME_STYLE.get(row["outcome"], ("0.3", 0.0))
        y = row_of[row["_label"]] + off
        ax.plot([row["q10"], row["q25"]], [y, y], color=color, linewidth=1, zorder=3)
        ax.plot([row["q75"], row["q90"]], [y, y], color=color, linewidth=1, zorder=3)
        ax.add_patch(Rectangle((row["q25"], y - 0.1), row["q75"] - row["q25"], 0.2, facecolor="none",
                               edgecolor=color, linewidth=1.2, zorder=3))
        ax.plot([row["q50"], row["q50"]], [y - 0.12, y + 0.12], color=color, linewidth=2.2, zorder=4)
    ax.set_yticks(list(row_of.values()), list(row_of.keys()))
    ax.set_ylim(-0.6, len(labels) - 0.4)
    ax.grid(axis="y", visible=False)
    token_axis(ax, label=xlabel or f"{x.replace('_', ' ')} per answer (log scale)")
    dots = responses is not None
    if legend and dots:
        handles, texts = ax.get_legend_handles_labels()
        handles.append(Rectangle((0, 0), 1, 1, facecolor="none", edgecolor="0.3"))
        texts.append("box 25–75%, whiskers 10–90%, bar median")
        leg = ax.legend(handles, texts, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, markerscale=3,
                        borderaxespad=0.3)
        for h in leg.legend_handles:
            h.set_alpha(1)
    if title:
        ax.set_title(title, pad=38 if legend and dots else None)
    finish_axes(ax, synthetic=synthetic, source=source)
    return ax
