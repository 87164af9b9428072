"""Pieces every plot shares: getting an Axes, token and accuracy axes, mixture curves, and
labels that say where the data came from (or that it is synthetic). Drawing only; no
computation."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, PercentFormatter

import textwrap

from ._legend import legend_below
from .style import MAX_WIDTH, RC, SMALL_TEXT

#: points drawn per hull edge by :func:`mixture_curve` (smooth on a log axis over several decades)
MIXTURE_POINTS = 64


def stacked_panels(n: int, *, height: float = 4.4, left: float = 1.0, right: float = 0.25, top: float = 0.45,
                   bottom: float = 0.8, gap: float = 1.05) -> tuple[Figure, np.ndarray]:
    """``n`` Axes stacked in one figure :data:`~.style.MAX_WIDTH` wide (the widest a notebook shows
    unscaled), each ``height`` inches tall, with fixed margins in inches (``left`` for the y tick
    labels and label, ``gap`` between panels for an x label and the next title). The layout is
    set once, here: labels a plot places in one panel stay clear when another panel is drawn
    (a tight layout, recomputed as panels fill, would move the Axes under them). Returns the
    figure and its Axes (an array, top to bottom)."""
    total = top + bottom + n * height + (n - 1) * gap
    with mpl.rc_context(RC):
        fig, axes = plt.subplots(n, 1, figsize=(MAX_WIDTH, total), squeeze=False)
    fig.subplots_adjust(left=left / MAX_WIDTH, right=1 - right / MAX_WIDTH, top=1 - top / total,
                        bottom=bottom / total, hspace=gap / height)
    return fig, axes.ravel()


def get_ax(ax: Axes | None = None, *, figsize: tuple[float, float] | None = None) -> Axes:
    """The Axes to draw on: ``ax`` itself, or a new figure's in the shared style (made inside
    ``rc_context``: matplotlib's global settings are left as they were)."""
    if ax is not None:
        return ax
    with mpl.rc_context(RC):
        _, ax = plt.subplots(figsize=figsize)
    return ax


def mixture_curve(xs, ys, *, n: int = MIXTURE_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """The polyline through hull vertices (xs, ys), each edge drawn as the mixtures of its ends.

    Running setting 1 with probability p and setting 2 otherwise costs p*t1 + (1-p)*t2 tokens
    and scores p*a1 + (1-p)*a2: a straight segment in linear tokens, a curve on a log axis. Each
    edge is sampled at ``n`` values of p (spaced so the x values are evenly spread on a log axis
    when both ends are positive, evenly in p otherwise); every returned vertex lies exactly on
    that formula, so the line is right on any axis scale. Vertices keep the given order.
    """
    xs, ys = np.asarray(xs, float), np.asarray(ys, float)
    if len(xs) < 2:
        return xs, ys
    out_x, out_y = [xs[:1]], [ys[:1]]
    for x1, y1, x2, y2 in zip(xs[:-1], ys[:-1], xs[1:], ys[1:]):
        if x1 > 0 and x2 > 0 and x1 != x2:
            t = np.geomspace(x1, x2, n)  # tokens evenly spread in log space ...
            p = (x2 - t) / (x2 - x1)  # ... and the weight of the edge's first end that costs them
        else:
            p = np.linspace(1.0, 0.0, n)
        p[0], p[-1] = 1.0, 0.0  # the ends exactly
        out_x.append((p * x1 + (1 - p) * x2)[1:])
        out_y.append((p * y1 + (1 - p) * y2)[1:])
    return np.concatenate(out_x), np.concatenate(out_y)


def _tokens_label(value: float, _pos=None) -> str:
    if value >= 1e6:
        return f"{value / 1e6:g}M"
    if value >= 1e3:
        return f"{value / 1e3:g}k"
    return f"{value:g}"


def token_axis(ax: Axes, *, axis: str = "x", label: str = "output tokens per answer", log: bool = True) -> None:
    """Token counts on ``axis``: logarithmic by default, ticks written 1k, 10k, 1M."""
    set_scale = ax.set_xscale if axis == "x" else ax.set_yscale
    target = ax.xaxis if axis == "x" else ax.yaxis
    if log:
        set_scale("log")
        target.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    target.set_major_formatter(FuncFormatter(_tokens_label))
    target.set_minor_formatter(FuncFormatter(lambda v, p: ""))
    (ax.set_xlabel if axis == "x" else ax.set_ylabel)(label)


#: how far an axis of shares may run past 0% and 100% (room for markers at the ends)
PERCENT_MARGIN = 0.03


def accuracy_axis(ax: Axes, *, axis: str = "y", label: str = "accuracy") -> None:
    """Accuracy (a fraction 0..1 in the tables) shown in percent. Call after drawing: limits that
    autoscaling took past 0% or 100% are cut back to :data:`PERCENT_MARGIN` beyond them (a share
    above 100% does not exist)."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    lo, hi = ax.get_ylim() if axis == "y" else ax.get_xlim()
    if lo < -PERCENT_MARGIN or hi > 1 + PERCENT_MARGIN:
        (ax.set_ylim if axis == "y" else ax.set_xlim)(max(lo, -PERCENT_MARGIN), min(hi, 1 + PERCENT_MARGIN))
    target.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
    (ax.set_ylabel if axis == "y" else ax.set_xlabel)(f"{label} (%)")


def percent_ticks(ax: Axes) -> None:
    """Accuracy ticks at 1-2-5 steps in percent, with as many decimals as the step needs (90%,
    90.5%: never 90.50%)."""
    ax.yaxis.set_major_locator(MaxNLocator(steps=[1, 2, 5, 10]))
    ticks = [t for t in ax.yaxis.get_major_locator()() if np.isfinite(t)]
    step = np.min(np.diff(ticks)) * 100 if len(ticks) > 1 else 1.0
    decimals = 0 if step >= 1 - 1e-9 else int(np.ceil(-np.log10(step) - 1e-9))
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=decimals))


def tokens_accuracy_axes(ax: Axes, *, xlabel: str | None = None) -> None:
    """The usual pair: tokens per answer on a log x axis, accuracy in percent on y. Where the
    data spans less than a decade of tokens, x ticks at 1, 2, 3, 5, 7 per decade."""
    token_axis(ax, axis="x", label=xlabel or "output tokens per answer")
    accuracy_axis(ax)
    percent_ticks(ax)
    lo, hi = ax.get_xlim()
    if lo > 0 and hi / lo < 10:
        ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 3.0, 5.0, 7.0)))


def mark_synthetic(ax: Axes, text: str = "SYNTHETIC DATA") -> None:
    """Stamp the Axes so a figure made from synthetic data can never pass for real data."""
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=28,
            color="0.5", alpha=0.25, rotation=20, zorder=0, gid="synthetic-stamp")


#: average width of a character of the shared font (DejaVu Sans), in ems, for wrapping notes
_CHAR_EM = 0.56


def source_note(ax: Axes, text: str) -> None:
    """A small note under the Axes naming the data's source (paper, table, repository), in
    :data:`~.style.SMALL_TEXT` points, from the figure's left edge, wrapped at spaces so it ends
    inside the figure's width (a
    wider note would widen the saved and shown figure, and shrink everything in it). Lines that
    are already separate stay so. Placed below the x label, or below the tick labels where the
    Axes has none, or below the legend where :func:`~._legend.place_legend` put it under the
    Axes."""
    fig = ax.figure
    # from the figure's left edge (not the Axes', which a later tight layout may move right)
    width_pt = fig.get_figwidth() * 72 * 0.98 - 4
    chars = max(int(width_pt / (SMALL_TEXT * _CHAR_EM)), 20)
    wrapped = "\n".join(textwrap.fill(line, chars, break_long_words=False, break_on_hyphens=False)
                        for line in str(text).split("\n"))
    below = 36 if ax.get_xlabel() else 22  # points under the Axes' bottom

    def anchor(renderer) -> Bbox:  # at draw time: under the Axes, or under a legend drawn below it
        legend = legend_below(ax, renderer)
        if legend is not None:
            y = legend.get_window_extent(renderer).y0 - 4 * fig.dpi / 72
        else:
            y = ax.get_window_extent(renderer).y0 - below * fig.dpi / 72
        return Bbox.from_extents(0, y, fig.bbox.width, y)

    ax.annotate(wrapped, xy=(0.01, 0), xycoords=anchor, ha="left", va="top", fontsize=SMALL_TEXT, color="0.3",
                gid="source")


def finish_axes(ax: Axes, *, title: str | None = None, synthetic: bool = False, source: str | None = None) -> Axes:
    """The last strokes every plot shares: its ``title``, the "synthetic" stamp and the source
    note under the Axes (the plot vocabulary's ``title``, ``synthetic`` and ``source``)."""
    if title:
        ax.set_title(title)
    if synthetic:
        mark_synthetic(ax)
    if source:
        source_note(ax, source)
    return ax
