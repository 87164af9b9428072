"""Pieces every plot shares: getting an Axes, token and accuracy axes, and labels that say
where the data came from (or that it is synthetic). Drawing only; no computation."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, PercentFormatter

from .style import use_style


def get_ax(ax: Axes | None = None, *, figsize: tuple[float, float] | None = None) -> Axes:
    """The Axes to draw on: ``ax`` itself, or a new figure's in the shared style."""
    if ax is not None:
        return ax
    use_style()
    _, ax = plt.subplots(figsize=figsize)
    return ax


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


def accuracy_axis(ax: Axes, *, axis: str = "y", label: str = "accuracy") -> None:
    """Accuracy (a fraction 0..1 in the tables) shown in percent."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
    (ax.set_ylabel if axis == "y" else ax.set_xlabel)(f"{label} (%)")


def percent_ticks(ax: Axes) -> None:
    """Accuracy ticks at 1-2-5 steps in percent; small steps (0.5%) keep their decimal."""
    ax.yaxis.set_major_locator(MaxNLocator(steps=[1, 2, 5, 10]))
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=None))


def tokens_accuracy_axes(ax: Axes, *, x_label: str | None = None) -> None:
    """The usual pair: tokens per answer on a log x axis, accuracy in percent on y. Where the
    data spans less than a decade of tokens, x ticks at 1, 2, 3, 5, 7 per decade."""
    token_axis(ax, axis="x", label=x_label or "output tokens per answer")
    accuracy_axis(ax)
    percent_ticks(ax)
    lo, hi = ax.get_xlim()
    if lo > 0 and hi / lo < 10:
        ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 3.0, 5.0, 7.0)))


def mark_synthetic(ax: Axes, text: str = "SYNTHETIC DATA") -> None:
    """Stamp the Axes so a figure made from synthetic data can never pass for real data."""
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=28,
            color="0.5", alpha=0.25, rotation=20, zorder=0)


def source_note(ax: Axes, text: str) -> None:
    """A small line under the Axes naming the data's source (paper, table, repository)."""
    ax.annotate(text, xy=(0, 0), xycoords="axes fraction", xytext=(0, -34), textcoords="offset points",
                ha="left", va="top", fontsize=7, color="0.35")
