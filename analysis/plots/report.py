"""``plot_report``: the figures of an :class:`~analysis.EfficiencyReport`, one per kind.

For the bring-your-own-logs notebook and the CLI: your results drawn as the bundled data are.
Each figure comes from the plot function of its kind; nothing is computed here beyond choosing
which figures the report can support and laying out one panel per benchmark.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .._groups import group_labels
from ..report import EfficiencyReport
from .style import MAX_WIDTH, styled
from .budget_curves import plot_budget_curves
from .frontier import plot_frontier
from .oracle_curve import plot_oracle_curve
from .parallel_vs_sequential import plot_parallel_vs_sequential
from .token_distribution import plot_token_distribution
from ._common import stacked_panels
from ._legend import shared_legend


#: above this many groups, only frontier points are labelled and legends are left out
MAX_NAMED = 10


def _name(frame: pd.DataFrame, by: tuple[str, ...]) -> pd.Series:
    """'model' or 'model, setting' (the non-benchmark grouping columns that vary)."""
    cols = [c for c in by if c != "benchmark" and frame[c].nunique() > 1] or [by[0]]
    return group_labels(frame, cols)


def _panels(n: int) -> tuple[Figure, np.ndarray]:
    """One panel per benchmark, stacked: every panel as wide as a notebook shows a figure unscaled
    (side by side they would be scaled down, and their text below a readable size)."""
    return stacked_panels(n)


@styled
def plot_report(report: EfficiencyReport, responses: pd.DataFrame, *, source: str | None = None,
                synthetic: bool = False) -> dict[str, Figure]:
    """Figures for ``report`` (made from ``responses``): 'frontier', 'budget' and 'tokens' (a
    panel per benchmark; 'tokens' draws the report's token quantiles, right and wrong answers
    apart, with ``responses`` as dots), and where the data has several samples per item
    'parallel' (pass@k against one chain) and 'oracle' (the length-penalty oracle bound).
    ``source`` names the data under each figure; ``synthetic`` stamps them. Returns
    {kind: Figure}, drawn in the shared style (matplotlib's global settings are left alone)."""
    by = report.by
    benchmarks = sorted(report.points["benchmark"].unique()) if "benchmark" in by else [None]
    figures: dict[str, Figure] = {}

    points = report.points.assign(label=_name(report.points, by))
    hull = report.hull.assign(label=_name(report.hull, by))
    many = points["label"].nunique() > MAX_NAMED
    fig, axes = _panels(len(benchmarks))
    for ax, bench in zip(axes, benchmarks):
        sel = points["benchmark"] == bench if bench is not None else slice(None)
        hsel = hull["benchmark"] == bench if bench is not None else slice(None)
        plot_frontier(points[sel], ax=ax, label="label", frontier=points[sel], hull=hull[hsel],
                      annotate_frontier_only=many,
                      title=f"{bench}: accuracy against tokens" if bench else None, synthetic=synthetic)
    shared_legend(axes)  # the line kinds are the same in every panel
    _finish(fig, axes, source)
    figures["frontier"] = fig

    curve = report.budget.assign(label=_name(report.budget, by))
    fig, axes = _panels(len(benchmarks))
    for ax, bench in zip(axes, benchmarks):
        sel = curve["benchmark"] == bench if bench is not None else slice(None)
        plot_budget_curves(curve[sel], ax=ax, by="label", legend=False,
                           title=f"{bench}: accuracy under a token budget" if bench else None)
    if not many:
        shared_legend(axes)  # a group has one colour in every panel
    _finish(fig, axes, source)
    figures["budget"] = fig

    # the report's quantiles are per benchmark, as its frontier is: a panel per benchmark, stacked
    named = responses.assign(label=_name(responses, by))
    quantiles = report.quantiles.assign(label=_name(report.quantiles, by))
    rows = sorted(quantiles["label"].unique())
    fig, axes = plt.subplots(len(benchmarks), 1, figsize=(MAX_WIDTH, (1.6 + 0.45 * len(rows)) * len(benchmarks)),
                             squeeze=False)
    axes = axes.ravel()
    for ax, bench in zip(axes, benchmarks):
        sel = named["benchmark"] == bench if bench is not None else slice(None)
        qsel = quantiles["benchmark"] == bench if bench is not None else slice(None)
        plot_token_distribution(quantiles[qsel], named[sel], ax=ax, by="label", order=rows, synthetic=synthetic,
                                title=f"{bench}: tokens per answer, right and wrong apart" if bench
                                else "tokens per answer, right and wrong answers apart")
    _finish(fig, [axes[-1]], source, layout=True)  # the source under the bottom panel
    figures["tokens"] = fig

    if report.pass_at_k is not None:
        parallel = report.pass_at_k.assign(label=_name(report.pass_at_k, by))
        fig, axes = _panels(len(benchmarks))
        for ax, bench in zip(axes, benchmarks):
            sel = parallel["benchmark"] == bench if bench is not None else slice(None)
            plot_parallel_vs_sequential(parallel[sel], ax=ax, by="label", synthetic=synthetic, legend=False,
                                        annotate=not many,
                                        title=f"{bench}: pass@k (needs a verifier: an upper bound)" if bench
                                        else "pass@k of k samples (needs a verifier: an upper bound)")
        if not many:
            shared_legend(axes)
        _finish(fig, axes, source)
        figures["parallel"] = fig
    if report.oracle is not None and "benchmark" in by and len(benchmarks) > 1:
        # the oracle curve is per group; one figure per benchmark keeps benchmarks apart
        for bench in benchmarks:
            oracle = report.oracle[report.oracle["benchmark"] == bench]
            saved = report.oracle_saved[report.oracle_saved["benchmark"] == bench]
            fig, ax = plt.subplots(figsize=(MAX_WIDTH, 5.6))
            plot_oracle_curve(oracle.assign(label=_name(oracle, by)), ax=ax, by="label",
                              saved=saved.assign(label=_name(saved, by)), synthetic=synthetic,
                              title=f"{bench}: oracle bound from the model's own samples (a ceiling, not a policy)")
            _finish(fig, [ax], source)
            figures[f"oracle_{_slug(bench)}"] = fig
    elif report.oracle is not None:
        oracle = report.oracle.assign(label=_name(report.oracle, by))
        saved = report.oracle_saved.assign(label=_name(report.oracle_saved, by))
        fig, ax = plt.subplots(figsize=(MAX_WIDTH, 5.6))
        plot_oracle_curve(oracle, ax=ax, by="label", saved=saved, synthetic=synthetic)
        _finish(fig, [ax], source)
        figures["oracle"] = fig
    return figures


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in str(text)).strip("_").lower()


def _finish(fig: Figure, axes, source: str | None, *, layout: bool = False) -> None:
    """The source under the given Axes; ``layout``: a tight layout first (figures whose labels
    are not placed: stacked panels keep the fixed layout they were made with)."""
    if layout:
        fig.tight_layout()
    if source:
        from ._common import source_note

        source_note(axes[-1], source)  # under the bottom panel
