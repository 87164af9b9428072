"""``plot_frontier``: accuracy against tokens, with CI bars, the Pareto staircase and the hull.

Takes Points and, optionally, the outputs of :func:`analysis.pareto_frontier` and
:func:`analysis.upper_hull` (passed in, never computed here), and draws them. The work is
split in the order of drawing: the points (``_draw_points``), the frontier and hull lines
(``_draw_lines``), the axes (``_x_axis``, ``_y_axis``), the legend (``_legend``) and the point
names (``_annotate``).
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
from .style import SMALL_TEXT, color_for, styled
from ._common import accuracy_axis, finish_axes, get_ax, mixture_curve, percent_ticks, token_axis
from ._legend import place_legend
from ._labels import place_labels

_WHAT = "plot_frontier"


def _values(df: pd.DataFrame, col: str, what: str = _WHAT) -> np.ndarray:
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


def _check_options(*, frontier, annotate_frontier_only: bool, xscale: str, yformat: str) -> None:
    """Bad options are ValueErrors, raised before anything is drawn."""
    if xscale not in ("log", "linear"):
        raise ValueError(f"xscale must be 'log' or 'linear', got {xscale!r}")
    if yformat not in ("percent", "points"):
        raise ValueError(f"yformat must be 'percent' or 'points', got {yformat!r}")
    if annotate_frontier_only and frontier is None:
        raise ValueError("annotate_frontier_only=True needs the frontier table")


def _draw_points(ax: Axes, points: pd.DataFrame, px: np.ndarray, py: np.ndarray, *, hue: str | None,
                 ci: bool) -> tuple[list, dict, bool]:
    """One scatter per ``hue`` value (with its CI bars where ``acc_low``/``acc_high`` are known).
    Returns each point's colour, the colour of each hue value, and whether CI bars were drawn."""
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
            lo, hi = _values(points, "acc_low")[sel], _values(points, "acc_high")[sel]
            ok = np.isfinite(lo) & np.isfinite(hi)
            if ok.any():
                yerr = np.vstack([py[sel][ok] - lo[ok], hi[ok] - py[sel][ok]])
                ax.errorbar(px[sel][ok], py[sel][ok], yerr=yerr, fmt="none", ecolor=c, elinewidth=0.8, alpha=0.6,
                            capsize=0, zorder=2, gid="ci")
        ax.scatter(px[sel], py[sel], s=22, color=c, edgecolor="white", linewidth=0.5, zorder=3,
                   label=str(h) if hue else None, gid="points")
    return colors, hue_color, has_ci


def _frontier_vertices(table: pd.DataFrame, x: str, y: str) -> tuple[np.ndarray, np.ndarray]:
    """Frontier points in token order, drawn as a staircase (``steps-post``: with at most x tokens
    the best accuracy is that of the last frontier point at or left of x)."""
    part = table.iloc[np.lexsort((_values(table, y), _values(table, x)))]
    return _values(part, x), _values(part, y)


def _hull_vertices(table: pd.DataFrame, x: str, y: str) -> tuple[np.ndarray, np.ndarray]:
    """Hull vertices in ``hull_order``, each edge as the curve of the mixtures of its ends."""
    part = table.sort_values("hull_order", kind="stable")
    part = part[~part["hull_order"].duplicated()]
    return mixture_curve(_values(part, x), _values(part, y))


def _draw_lines(ax: Axes, *, frontier: pd.DataFrame | None, hull: pd.DataFrame | None, x: str, y: str,
                by: str | Sequence[str] | None, group_color: dict) -> list:
    """The frontier staircase and the hull, one line per ``by`` group, in the group's colour
    where ``group_color`` has one (else grey). Returns the drawn polylines, for label placement."""
    drawn = []
    for name, table, flag, source in (("frontier", frontier, "on_frontier", "pareto_frontier"),
                                      ("hull", hull, "on_hull", "upper_hull")):
        if table is None:
            continue
        if flag not in table.columns:
            raise DataError(Problem(_WHAT, None, flag, f"{name} must be the output of {source} (no {flag!r} column)"))
        on = table[table[flag].to_numpy(bool)]
        for key, part in _groups(on, by):
            if name == "hull":
                lx, ly = _hull_vertices(part, x, y)
                drawn.append((lx, ly))
            else:
                lx, ly = _frontier_vertices(part, x, y)
                # the staircase's corners, for label avoidance
                drawn.append((np.repeat(lx, 2)[1:], np.repeat(ly, 2)[:-1]) if len(lx) > 1 else (lx, ly))
            ax.plot(lx, ly, linestyle="-" if name == "frontier" else "--", color=group_color.get(key, "0.25"),
                    lw=1.2 if name == "frontier" else 1.0, alpha=0.8 if name == "frontier" else 0.6,
                    drawstyle="steps-post" if name == "frontier" else "default", zorder=1, gid=name,
                    label=None)
    return drawn


def _x_axis(ax: Axes, x: str, *, xscale: str, xlabel: str | None) -> None:
    """Tokens (1k, 10k ticks), dollars ($0.02) or the column's own numbers, on a log or linear axis."""
    log = xscale == "log"
    if "token" in x:
        token_axis(ax, axis="x", log=log, label=xlabel or "output tokens per answer")
        lo, hi = ax.get_xlim()
        if log and lo > 0 and hi / lo < 10:  # less than a decade: label 1, 2, 3, 5, 7 per decade
            ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 3.0, 5.0, 7.0)))
        return
    if log:
        ax.set_xscale("log")
        ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.xaxis.set_minor_formatter(FuncFormatter(lambda v, _p: ""))
    if "usd" in x.lower() or "cost" in x.lower():  # dollars: $0.001, $0.02
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"${v:g}"))
    ax.set_xlabel(xlabel or x)


def _y_axis(ax: Axes, *, yformat: str, ylabel: str) -> None:
    """Accuracy in percent (no room above 100%), or a score / 100 shown as score points."""
    lo, hi = ax.get_ylim()
    if yformat == "percent":
        if hi > 1.0:
            ax.set_ylim(lo, 1.0 + 0.03 * (1.0 - min(lo, 0.97)))
        accuracy_axis(ax, label=ylabel)
        percent_ticks(ax)
    else:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{100 * v:g}"))
        ax.set_ylabel(ylabel)


def _legend(ax: Axes, *, frontier: bool, hull: bool, ci: bool, hue: str | None = None) -> None:
    """Hue groups (titled with the ``hue`` column's name), then the line kinds drawn."""
    handles, labels = ax.get_legend_handles_labels()
    if frontier:
        handles.append(Line2D([], [], color="0.25", lw=1.2))
        labels.append("Pareto frontier")
    if hull:
        handles.append(Line2D([], [], color="0.25", lw=1.0, ls="--", alpha=0.6))
        labels.append("upper hull (mixtures)")
    if ci:
        handles.append(Line2D([], [], color="0.4", lw=0.8, alpha=0.6, marker="|", markersize=8, ls="none"))
        labels.append("95% CI")
    if handles:
        place_legend(ax, handles, labels=labels, title=hue.replace("_", " ") if hue else None)


def _annotate(ax: Axes, points: pd.DataFrame, px: np.ndarray, py: np.ndarray, *, label: str, colors: list,
              only: pd.DataFrame | None, lines: list, fontsize: float) -> None:
    """Name each point by its ``label`` (or only the points ``on_frontier`` in ``only``), left to
    right, placed so names collide neither with each other nor with points and lines."""
    if label not in points.columns:
        raise DataError(Problem(_WHAT, None, label, f"label column {label!r} is missing"))
    mask = np.ones(len(points), bool)
    if only is not None:
        mask = points.index.isin(only.index[only["on_frontier"].to_numpy(bool)])
    order = np.flatnonzero(mask)
    order = order[np.argsort(px[order], kind="stable")]
    ax.figure.canvas.draw()  # final limits before placing labels
    place_labels(ax, px[order], py[order], [str(points[label].iloc[i]) for i in order],
                 fontsize=fontsize, color=[_darker(colors[i]) for i in order],
                 avoid=(px[~mask], py[~mask]), lines=lines)


@styled
def plot_frontier(
    points: pd.DataFrame,
    *,
    ax: Axes | None = None,
    x: str = "mean_tokens",
    y: str = "accuracy",
    by: str | Sequence[str] | None = None,
    hue: str | None = None,
    label: str | None = "model",
    frontier: pd.DataFrame | None = None,
    hull: pd.DataFrame | None = None,
    ci: bool = True,
    annotate: bool = True,
    annotate_frontier_only: bool = False,
    fontsize: float = SMALL_TEXT,
    xlabel: str | None = None,
    ylabel: str = "accuracy",
    xscale: str = "log",
    yformat: str = "percent",
    title: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    legend: bool = True,
) -> Axes:
    """Points as accuracy (percent) against tokens (log axis), with the frontier drawn over them.

    * ``points``: Points (``x``, ``y``; ``acc_low``/``acc_high`` give CI bars when ``ci``).
    * ``hue``: a column colouring the points (legend); ``label``: a column naming each point,
      written next to it when ``annotate`` (only the points on ``frontier`` with
      ``annotate_frontier_only``), placed so names do not collide (``_labels.place_labels``).
    * ``frontier``: output of ``pareto_frontier``; its ``on_frontier`` rows are joined, sorted by
      ``x``, as a staircase. ``hull``: output of ``upper_hull``; its vertices (``on_hull``) in
      ``hull_order``, each edge drawn dashed as the mixtures of its two ends (a curve on a log
      axis). ``by``: the column(s) the frontier and hull were computed within: one line per
      group (coloured by ``hue`` when ``by == hue``).
    * ``xlabel`` (default "output tokens per answer" for a token column), ``xscale`` 'log' or
      'linear'; ``yformat``: 'percent' (accuracy, a fraction shown as %) or 'points' (a score /
      100, e.g. an index, shown as score points) with ``ylabel``.
    Returns the Axes. Computes nothing: frontier and hull come from the analysis functions.
    """
    _check_options(frontier=frontier, annotate_frontier_only=annotate_frontier_only, xscale=xscale, yformat=yformat)
    ax = get_ax(ax)
    px, py = _values(points, x), _values(points, y)
    colors, hue_color, has_ci = _draw_points(ax, points, px, py, hue=hue, ci=ci)
    by_is_hue = hue and by is not None and (by == hue or list(np.atleast_1d(by)) == [hue])
    drawn = _draw_lines(ax, frontier=frontier, hull=hull, x=x, y=y, by=by, group_color=hue_color if by_is_hue else {})
    ax.margins(x=0.08, y=0.06)  # room for labels at the edges
    _x_axis(ax, x, xscale=xscale, xlabel=xlabel)
    _y_axis(ax, yformat=yformat, ylabel=ylabel)
    if legend:
        _legend(ax, frontier=frontier is not None, hull=hull is not None, ci=has_ci, hue=hue)
    finish_axes(ax, title=title, synthetic=synthetic, source=source)
    if label and annotate:
        _annotate(ax, points, px, py, label=label, colors=colors, only=frontier if annotate_frontier_only else None,
                  lines=drawn, fontsize=fontsize)
    return ax
