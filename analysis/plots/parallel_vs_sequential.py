"""Parallel sampling (pass@k or majority vote over k samples at k x mean tokens) against single
longer chains (Points), on total tokens per item."""

from __future__ import annotations

from typing import Sequence

import pandas as pd
from matplotlib.axes import Axes

from .style import SMALL_TEXT, color_for, styled
from ._common import accuracy_axis, finish_axes, get_ax, token_axis
from ._legend import place_legend
from ._labels import place_labels
from .._groups import group_labels

_METRICS = ("pass_at_k", "majority_accuracy")


@styled
def plot_parallel_vs_sequential(
    parallel: pd.DataFrame,
    sequential: pd.DataFrame | None = None,
    *,
    ax: Axes | None = None,
    metric: str | None = None,
    by: str | Sequence[str] = "model",
    sequential_label: str | Sequence[str] = ("model", "setting"),
    sequential_by: str | Sequence[str] | None = "model",
    annotate: bool = True,
    label_offsets: dict[str, tuple[float, float]] | None = None,
    ci: bool = True,
    colors: dict[str, str] | None = None,
    xlabel: str | None = None,
    title: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    legend: bool = True,
) -> Axes:
    """Draw k-sample results at total tokens, and single chains as separate markers.

    ``parallel`` is the output of :func:`analysis.pass_at_k` or :func:`analysis.majority_vote`
    (columns ``k``, ``total_tokens`` = k x mean tokens per answer, and ``pass_at_k`` or
    ``majority_accuracy``; ``metric`` picks one when both are present, e.g. after a merge).
    One line per ``by`` group through its k values in order, each point labelled "k=…" when
    ``annotate``. ``sequential`` is a Points table (``mean_tokens``, ``accuracy``; ``acc_low`` /
    ``acc_high`` give error bars when present and ``ci``): one chain per answer, drawn as
    squares named by the ``sequential_label`` column(s) and joined by a dotted line within each
    ``sequential_by`` group (e.g. one model at rising effort), in token order; ``label_offsets``
    moves a chain's name (points right, up) where two would collide. ``synthetic`` stamps the
    Axes. ``xlabel`` default: "total output tokens per item (k × mean tokens per answer)".
    """
    if metric is None:
        present = [m for m in _METRICS if m in parallel.columns]
        if len(present) != 1:
            raise ValueError(f"say which metric to draw: columns present {present}")
        metric = present[0]
    ax = get_ax(ax)
    hue = [by] if isinstance(by, str) else list(by)  # the group columns (local name kept for the label line)
    name = "pass@k (oracle: any of k right)" if metric == "pass_at_k" else "majority vote of k"
    df = parallel.assign(_label=group_labels(parallel, hue).to_numpy())
    labels = sorted(df["_label"].unique())
    used = dict(colors or {})
    named = ([], [], [], [])  # x, y, text, colour of the names placed at the end (clear of each other)
    lines = []
    for i, lab in enumerate(labels):
        part = df[df["_label"] == lab].sort_values("k")
        color = used.setdefault(lab, color_for(i))
        x, y = part["total_tokens"].to_numpy(float), part[metric].to_numpy(float)
        ax.plot(x, y, marker="o", markersize=4, color=color, label=f"{lab}: {name}")
        lines.append((x, y))
        if annotate:
            for xi, yi, k in zip(x, y, part["k"].to_numpy()):
                for store, value in zip(named, (xi, yi, f"k={k}", color)):
                    store.append(value)
    if sequential is not None and len(sequential):
        shue = [sequential_label] if isinstance(sequential_label, str) else list(sequential_label)
        seq = sequential.assign(_label=group_labels(sequential, shue).to_numpy()).sort_values("mean_tokens")
        if sequential_by is not None:
            conn = [sequential_by] if isinstance(sequential_by, str) else list(sequential_by)
            for _, part in seq.groupby(conn, sort=True):
                if len(part) > 1:
                    ax.plot(part["mean_tokens"].to_numpy(float), part["accuracy"].to_numpy(float),
                            linestyle=":", color="0.3", linewidth=1)
        has_ci = ci and {"acc_low", "acc_high"} <= set(seq.columns)
        x = seq["mean_tokens"].to_numpy(float)
        y = seq["accuracy"].to_numpy(float)
        if has_ci:
            err = [y - seq["acc_low"].to_numpy(float), seq["acc_high"].to_numpy(float) - y]
            ax.errorbar(x, y, yerr=err, fmt="none", ecolor="0.5", elinewidth=0.8, capsize=2)
        ax.scatter(x, y, marker="s", s=28, color="0.15", zorder=3, label="single chain (one sample)")
        for xi, yi, lab in zip(x, y, seq["_label"]):
            if lab in (label_offsets or {}):
                ax.annotate(lab, (xi, yi), xytext=label_offsets[lab], textcoords="offset points", fontsize=SMALL_TEXT,
                            color="0.15")
            else:
                for store, value in zip(named, (xi, yi, lab, "0.15")):
                    store.append(value)
    token_axis(ax, label=xlabel or "total output tokens per item (k × mean tokens per answer)")
    accuracy_axis(ax)
    if legend:
        place_legend(ax, prefer="lower right")
    finish_axes(ax, title=title, synthetic=synthetic, source=source)
    if named[0]:  # after the axes and legend are final: names clear of each other, the marks and the legend
        ax.figure.canvas.draw()
        place_labels(ax, named[0], named[1], named[2], color=named[3], lines=lines)
    return ax
