"""``plot_compression_path``: the length-penalty operating points, annotated with their lambdas.

Takes the output of :func:`analysis.length_penalty_path` (and optionally the Points it chose
from, and their ``upper_hull``), and draws where each penalty lands on the frontier.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..errors import DataError, Problem
from .style import styled
from ._common import MIXTURE_POINTS, finish_axes, get_ax, mixture_curve, tokens_accuracy_axes
from ._legend import place_legend
from ._labels import place_labels


#: backends that draw to files only: a slider has nothing to redraw on
_HEADLESS = {"agg", "cairo", "pdf", "pgf", "ps", "svg", "template"}


def _lambda_text(lams: np.ndarray, fmt: str) -> str:
    lams = np.sort(lams)
    if len(lams) == 1:
        return "λ=" + format(lams[0], fmt)
    return "λ∈[" + format(lams[0], fmt) + ", " + format(lams[-1], fmt) + "]"


@styled
def plot_compression_path(
    path: pd.DataFrame,
    points: pd.DataFrame | None = None,
    *,
    ax: Axes | None = None,
    x: str = "mean_tokens",
    y: str = "accuracy",
    hull: pd.DataFrame | None = None,
    label: str | None = None,
    lambda_format: str = ".2g",
    lambda_unit: str = "",
    color: str | None = None,
    xlabel: str | None = None,
    title: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    legend: bool = True,
) -> Axes:
    """The lambda operating points (from ``length_penalty_path``) on the accuracy-tokens plane.

    * ``path``: one group's output of ``length_penalty_path`` (columns ``lambda``, ``point``,
      ``x``, ``y``). Each distinct chosen point is marked and annotated with the lambda(s) that
      choose it ("λ=0.1", or "λ∈[a, b]" for the range of the given lambdas), joined in order of
      growing lambda: the thought-compression walk from the most accurate to the cheapest point.
      Each join is the mixtures of its two ends (at the λ where they tie, every mixture is
      optimal), a curve on the log token axis.
    * ``points``: the Points the path chose from, drawn in grey (``label`` names them in the
      annotation when given: "name: λ=...").
    * ``hull``: output of ``upper_hull`` on the same Points: its vertices joined by a dashed line,
      each edge the mixtures of its two ends (a curve on the log token axis).
    * ``lambda_unit``: appended to the legend entry (e.g. "per 1k tokens"); ``color``: the path's
      colour (default vermilion, #D55E00).
    Returns the Axes. Computes nothing: the path comes from the analysis function.
    """
    what = "plot_compression_path"
    for col in ("lambda", "point", x, y):
        if col not in path.columns:
            raise DataError(Problem(what, None, col, f"path must be the output of length_penalty_path (no {col!r} column)"))
    ax = get_ax(ax)
    color = color or "#D55E00"
    if points is not None:
        ax.scatter(pd.to_numeric(points[x]), pd.to_numeric(points[y]), s=16, color="0.7", zorder=2,
                   label="operating points", gid="points")
    if hull is not None:
        v = hull[hull["on_hull"].to_numpy(bool)].sort_values("hull_order", kind="stable")
        v = v[~v["hull_order"].duplicated()]
        hx, hy = mixture_curve(pd.to_numeric(v[x]).to_numpy(float), pd.to_numeric(v[y]).to_numpy(float))
        ax.plot(hx, hy, ls="--", color="0.4", lw=1.0, alpha=0.7, zorder=1,
                label="upper hull", gid="hull")
    ordered = path.sort_values("lambda", kind="stable")
    # One mark per distinct chosen point, in order of first choice as lambda grows.
    first = ~ordered["point"].duplicated()
    chosen = ordered[first.to_numpy(bool)]
    cx = pd.to_numeric(chosen[x]).to_numpy(float)
    cy = pd.to_numeric(chosen[y]).to_numpy(float)
    # between two choices the optimum (at the λ where they tie) is any mixture of them: drawn as such
    mx, my = mixture_curve(cx, cy)
    ax.plot(mx, my, color=color, lw=1.4, marker="o", ms=6, markevery=list(range(0, len(mx), MIXTURE_POINTS - 1)),
            zorder=3, gid="path",
            label="penalty optimum" + (f" (λ {lambda_unit})" if lambda_unit else ""))
    texts = []
    for p in chosen["point"]:
        lams = ordered.loc[ordered["point"] == p, "lambda"].to_numpy(float)
        t = _lambda_text(lams, lambda_format)
        if label is not None and points is not None and p in points.index:
            t = f"{points.loc[p, label]}: {t}"
        texts.append(t)
    tokens_accuracy_axes(ax, xlabel=xlabel)
    if legend:
        place_legend(ax, prefer="lower right")
    finish_axes(ax, title=title, synthetic=synthetic, source=source)
    ax.figure.canvas.draw()
    avoid = None
    if points is not None:
        avoid = (pd.to_numeric(points[x]).to_numpy(float), pd.to_numeric(points[y]).to_numpy(float))
    place_labels(ax, cx, cy, texts, color=color, avoid=avoid, lines=[(mx, my)])
    return ax


def slider_label(per_tokens: float) -> str:
    """The λ slider's label: what λ is measured in ("λ, accuracy per 1,000 tokens")."""
    return f"λ, accuracy per {per_tokens:,g} tokens"


def compression_path_widget(
    points: pd.DataFrame,
    *,
    hull: pd.DataFrame | None = None,
    log10_range: tuple[float, float] = (-4.0, -0.7),
    per_tokens: float = 1000.0,
    **plot_options: object,
) -> object | None:
    """An ipywidgets slider over λ (accuracy per ``per_tokens`` tokens, log scale) that redraws
    :func:`plot_compression_path` for one λ (``plot_options`` are passed on to it). The slider
    computes each λ's choice with :func:`analysis.length_penalty_path`. Returns the widget (an
    ``ipywidgets.interactive``; a notebook shows it when it is a cell's last value), or ``None``
    where it cannot be shown (a headless backend such as Agg, or ipywidgets missing): the
    static figure of the whole path is what such runs keep."""
    import matplotlib
    import matplotlib.pyplot as plt

    if matplotlib.get_backend().lower() in _HEADLESS:
        return None
    try:
        import ipywidgets as widgets
    except ImportError:
        return None
    from ..frontiers.compression import length_penalty_path

    def show(lam: float) -> None:
        chosen = length_penalty_path(points, [lam], per_tokens=per_tokens)
        plot_compression_path(chosen, points, hull=hull, **plot_options)
        plt.show()

    # the label at its own width (the default cuts it at 80 px), the slider beside it
    slider = widgets.FloatLogSlider(value=10 ** np.mean(log10_range), base=10, min=log10_range[0],
                                    max=log10_range[1], step=0.05, description=slider_label(per_tokens),
                                    style={"description_width": "initial"}, layout=widgets.Layout(width="640px"))
    return widgets.interactive(show, lam=slider)
