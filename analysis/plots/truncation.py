"""``plot_truncation``: how often answers stopped at the generation cap, against the cap.

Takes the output of :func:`analysis.truncation_rate` or of :func:`analysis.summarize` (which
adds ``truncation_rate`` and, with it, ``accuracy`` and its interval) grouped by the cap, e.g.
``by=("model", "max_tokens")`` on the DeepScaleR sweep. Above the threshold (5% by default)
an accuracy measures the cap, not the model; the figure draws that line.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from ..errors import DataError, Problem
from .style import SMALL_TEXT, color_for, styled
from ._labels import place_labels
from ._common import accuracy_axis, finish_axes, get_ax, token_axis


def _floats(s: pd.Series) -> np.ndarray:
    return pd.to_numeric(s, errors="coerce").astype("Float64").to_numpy(float, na_value=np.nan)


@styled
def plot_truncation(
    rates: pd.DataFrame,
    *,
    ax: Axes | None = None,
    x: str = "max_tokens",
    y: str = "truncation_rate",
    accuracy: str | None = "accuracy",
    threshold: float | None = 0.05,
    annotate: bool = True,
    ci: bool = True,
    xlabel: str | None = None,
    title: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    legend: bool = True,
) -> Axes:
    """Truncation rate ``y`` (share of answers cut at the cap, in percent) against the cap ``x``.

    Rows are drawn in increasing ``x`` (numbers, not strings); the x axis is logarithmic
    (base 2) with a tick at every cap (``xlabel`` default "generation cap (tokens)"). Where
    ``accuracy`` is a column it is drawn too, with its interval when ``ci`` and
    ``acc_low``/``acc_high`` are present, so one sees the accuracy rise as
    fewer answers are cut. ``threshold`` (a fraction) draws a dashed line: groups above it
    have an accuracy that measures the cap. With ``annotate``, each truncation point is
    marked ``cut/known`` (``n_truncated`` over ``n_known``, or ``n_samples``/``n`` when
    ``n_known`` is absent). One row per cap: several models need one call each. Returns the Axes.
    """
    what = "plot_truncation"
    for col in (x, y):
        if col not in rates.columns:
            raise DataError(Problem(what, None, col, f"no {col!r} column: pass truncation_rate's or summarize's output"))
    xs = _floats(rates[x])
    if np.isnan(xs).any() or (xs <= 0).any():
        bad = list(rates.index[np.isnan(xs) | (xs <= 0)][:5])
        raise DataError(Problem(what, f"rows {bad}", x, "caps must be positive numbers"))
    if len(np.unique(xs)) != len(xs):
        raise DataError(Problem(what, None, x, "one row per cap expected; plot each model separately"))
    order = np.argsort(xs, kind="stable")
    rows = rates.iloc[order].reset_index(drop=True)
    xs = xs[order]
    ys = _floats(rows[y])

    ax = get_ax(ax, figsize=(7.0, 4.2))
    ax.plot(xs, ys, color=color_for(3), marker="o", lw=1.6, zorder=3, gid="truncation")
    handles = [Line2D([], [], color=color_for(3), marker="o", lw=1.6, label="answers cut at the cap")]
    if accuracy and accuracy in rows.columns:
        acc = _floats(rows[accuracy])
        ax.plot(xs, acc, color=color_for(0), marker="s", lw=1.6, zorder=3, gid="accuracy")
        label = "accuracy"
        if ci and {"acc_low", "acc_high"} <= set(rows.columns):
            lo, hi = _floats(rows["acc_low"]), _floats(rows["acc_high"])
            ax.vlines(xs, lo, hi, color=color_for(0), lw=1.0, alpha=0.7, zorder=2, gid="accuracy_ci")
            label += " (bars: its interval)"
        handles.append(Line2D([], [], color=color_for(0), marker="s", lw=1.6, label=label))
    if threshold is not None:
        ax.axhline(threshold, color="0.35", ls="--", lw=1.0, zorder=1, gid="threshold")
        handles.append(Line2D([], [], color="0.35", ls="--", lw=1.0,
                              label=f"{threshold:.0%} cut: above it, accuracy measures the cap"))
    counts = []  # (x, y, "cut / answers"), placed once the axes are final
    if annotate and "n_truncated" in rows.columns:
        total = next((c for c in ("n_known", "n_samples", "n") if c in rows.columns), None)
        for xi, yi, (_, row) in zip(xs, ys, rows.iterrows()):
            if not np.isfinite(yi):
                continue
            text = f"{row['n_truncated']}/{row[total]}" if total else f"{row['n_truncated']}"
            counts.append((xi, yi, text))

    ax.set_xscale("log", base=2)
    token_axis(ax, axis="x", label=xlabel or "generation cap (tokens)", log=False)  # after set_xscale, which resets formatters
    ax.xaxis.set_major_locator(FixedLocator(xs))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0f}"))  # caps as written: 1024, not 1.024k
    ax.set_xlim(xs.min() / 1.4, xs.max() * 1.4)
    ax.set_ylim(-0.03, 1.03)
    accuracy_axis(ax, label="share of answers")
    if legend:
        ax.legend(handles=handles, loc="center left")
    finish_axes(ax, title=title, synthetic=synthetic, source=source)
    if counts:  # "cut / answers" next to each point, clear of the lines, the points and the legend
        ax.figure.canvas.draw()
        cx, cy, texts = zip(*counts)
        avoid = (np.r_[xs, xs], np.r_[ys, acc]) if accuracy and accuracy in rows.columns else None
        for n in place_labels(ax, cx, cy, texts, color=color_for(3), avoid=avoid,
                              lines=[(xs, ys)] + ([(xs, acc)] if avoid is not None else [])):
            n.set_gid("n")
    return ax
