"""``plot_frontier``: accuracy against tokens, with CI bars, the Pareto staircase and the hull.

Takes Points and, optionally, the outputs of :func:`analysis.pareto_frontier` and
:func:`analysis.upper_hull` (passed in, never computed here), and draws them.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.colors import to_rgb
from matplotlib.ticker import FuncFormatter, LogLocator

from ..errors import DataError, Problem
from .style import color_for
from ._common import accuracy_axis, get_ax, mark_synthetic, source_note, token_axis, percent_ticks
from ._labels import place_labels


def _values(df: pd.DataFrame, col: str, what: str) -> np.ndarray:
    if col not in df.columns:
        raise DataError(Problem(what, None, col, f"column {col!r} is missing (columns: {list(df.columns)})"))
    return pd.to_numeric(df[col], errors="coerce").to_numpy(float, na_value=np.nan)


def _darker(color: str, factor: float = 0.7) -> tuple[float, float, float]:
    """The colour darkened, so label text stays readable (the palette's yellow is pale)."""
    return tuple(factor * c for c in to_rgb(color))


def _groups(df: pd.DataFrame, by: str | Sequence[str] | None):
    if not by:
        yield None, df
        return
    cols = [by] if isinstance(by, str) else list(by)
    for key, part in df.groupby(cols, sort=True, dropna=False):
        yield (key[0] if isinstance(key, tuple) and len(key) == 1 else key), part


def plot_frontier(
    points: pd.DataFrame,
    *,
    ax: Axes | None = None,
    x: str = "mean_tokens",
    y: str = "accuracy",
    label: str | None = "model",
    hue: str | None = None,
    frontier: pd.DataFrame | None = None,
    hull: pd.DataFrame | None = None,
    by: str | Sequence[str] | None = None,
    ci: bool = True,
    annotate: str = "all",
    x_label: str | None = None,
    y_label: str = "accuracy",
    y_format: str = "percent",
    log_x: bool = True,
    title: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    fontsize: float = 7.5,
) -> Axes:
    """Points as accuracy (percent) against tokens (log axis), with the frontier drawn over them.

    * ``points``: Points (``x``, ``y``; ``acc_low``/``acc_high`` give CI bars when ``ci``).
    * ``hue``: a column colouring the points (legend); ``label``: a column naming each point.
    * ``frontier``: output of ``pareto_frontier``; its ``on_frontier`` rows are joined, sorted by
      ``x``, as a staircase (``steps-post``: with at most x tokens the best accuracy is that of
      the last frontier point at or left of x). ``hull``: output of ``upper_hull``; its vertices
      (``on_hull``) joined in ``hull_order`` by a dashed line. ``by``: the column(s) the frontier
      and hull were computed within: one line per group (coloured by ``hue`` when ``by == hue``).
    * ``annotate``: 'all', 'frontier' (label only points on ``frontier``) or 'none'. Labels are
      placed so they do not collide (see ``_labels.place_labels``).
    * ``x_label``: the x axis label (default "output tokens per answer" for a token column);
      ``y_format``: 'percent' (accuracy, a fraction shown as %) or 'points' (a score / 100,
      e.g. an index, shown as score points); ``source``: a line under the plot naming the data's source; ``synthetic``: stamp it.
    Returns the Axes. Computes nothing: frontier and hull come from the analysis functions.
    """
    what = "plot_frontier"
    if annotate not in ("all", "frontier", "none"):
        raise ValueError(f"annotate must be 'all', 'frontier' or 'none', got {annotate!r}")
    ax = get_ax(ax)
    px, py = _values(points, x, what), _values(points, y, what)
    hue_values = list(pd.unique(points[hue])) if hue else [None]
    hue_color = {h: color_for(i) for i, h in enumerate(hue_values)}
    colors = [hue_color[h] for h in points[hue]] if hue else [color_for(0)] * len(points)
    has_ci = ci and {"acc_low", "acc_high"} <= set(points.columns)
    for h in hue_values:
        sel = (points[hue] == h).to_numpy(bool) if hue else np.ones(len(points), bool)
        if not sel.any():
            continue
        c = hue_color[h]
        if has_ci:
            lo, hi = _values(points, "acc_low", what)[sel], _values(points, "acc_high", what)[sel]
            ok = np.isfinite(lo) & np.isfinite(hi)
            if ok.any():
                yerr = np.vstack([py[sel][ok] - lo[ok], hi[ok] - py[sel][ok]])
                ax.errorbar(px[sel][ok], py[sel][ok], yerr=yerr, fmt="none", ecolor=c, elinewidth=0.8, alpha=0.6,
                            capsize=0, zorder=2, gid="ci")
        ax.scatter(px[sel], py[sel], s=22, color=c, edgecolor="white", linewidth=0.5, zorder=3,
                   label=str(h) if hue else None, gid="points")

    drawn = []
    for name, table, flag, style in (("frontier", frontier, "on_frontier", "-"), ("hull", hull, "on_hull", "--")):
        if table is None:
            continue
        if flag not in table.columns:
            raise DataError(Problem(what, None, flag, f"{name} must be the output of {'pareto_frontier' if flag == 'on_frontier' else 'upper_hull'} (no {flag!r} column)"))
        on = table[table[flag].to_numpy(bool)]
        for key, part in _groups(on, by):
            if flag == "on_hull":
                part = part.sort_values("hull_order", kind="stable")
                part = part[~part["hull_order"].duplicated()]
            else:
                part = part.iloc[np.lexsort((_values(part, y, what), _values(part, x, what)))]
            lx, ly = _values(part, x, what), _values(part, y, what)
            if flag == "on_frontier" and len(lx) > 1:  # the staircase's corners, for label avoidance
                drawn.append((np.repeat(lx, 2)[1:], np.repeat(ly, 2)[:-1]))
            else:
                drawn.append((lx, ly))
            c = hue_color.get(key, "0.25") if (hue and by is not None and (by == hue or list(np.atleast_1d(by)) == [hue])) else "0.25"
            ax.plot(_values(part, x, what), _values(part, y, what), linestyle=style, color=c,
                    lw=1.2 if flag == "on_frontier" else 1.0, alpha=0.8 if flag == "on_frontier" else 0.6,
                    drawstyle="steps-post" if flag == "on_frontier" else "default", zorder=1, gid=name,
                    label=None)
    ax.margins(x=0.08, y=0.06)  # room for labels at the edges
    if "token" in x:
        token_axis(ax, axis="x", log=log_x, label=x_label or "output tokens per answer")
        lo, hi = ax.get_xlim()
        if log_x and lo > 0 and hi / lo < 10:  # less than a decade: label 1, 2, 3, 5, 7 per decade
            ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 3.0, 5.0, 7.0)))
    else:
        if log_x:
            ax.set_xscale("log")
            ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
            ax.xaxis.set_minor_formatter(FuncFormatter(lambda v, _p: ""))
        if "usd" in x.lower() or "cost" in x.lower():  # dollars: $0.001, $0.02
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"${v:g}"))
        ax.set_xlabel(x_label or x)
    lo, hi = ax.get_ylim()
    if y_format == "percent" and hi > 1.0:  # no axis room above 100%
        ax.set_ylim(lo, 1.0 + 0.03 * (1.0 - min(lo, 0.97)))
    if y_format == "percent":
        accuracy_axis(ax, label=y_label)
        percent_ticks(ax)
    elif y_format == "points":
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{100 * v:g}"))
        ax.set_ylabel(y_label)
    else:
        raise ValueError(f"y_format must be 'percent' or 'points', got {y_format!r}")
    if title:
        ax.set_title(title)
    # Legend for the line kinds and hue groups.
    handles, labels = ax.get_legend_handles_labels()

    if frontier is not None:
        handles.append(Line2D([], [], color="0.25", lw=1.2))
        labels.append("Pareto frontier")
    if hull is not None:
        handles.append(Line2D([], [], color="0.25", lw=1.0, ls="--", alpha=0.6))
        labels.append("upper hull (mixtures)")
    if has_ci:
        handles.append(Line2D([], [], color="0.4", lw=0.8, alpha=0.6, marker="|", markersize=8, ls="none"))
        labels.append("95% CI")
    if handles:
        ax.legend(handles, labels, loc="best")
    if synthetic:
        mark_synthetic(ax)
    if source:
        source_note(ax, source)
    if label and annotate != "none":
        if label not in points.columns:
            raise DataError(Problem(what, None, label, f"label column {label!r} is missing"))
        mask = np.ones(len(points), bool)
        if annotate == "frontier":
            if frontier is None:
                raise ValueError("annotate='frontier' needs the frontier table")
            on_idx = frontier.index[frontier["on_frontier"].to_numpy(bool)]
            mask = points.index.isin(on_idx)
        order = np.flatnonzero(mask)
        order = order[np.argsort(px[order], kind="stable")]
        ax.figure.canvas.draw()  # final limits before placing labels
        place_labels(ax, px[order], py[order], [str(points[label].iloc[i]) for i in order],
                     fontsize=fontsize, color=[_darker(colors[i]) for i in order],
                     avoid=(px[~mask], py[~mask]), lines=drawn)
    return ax
