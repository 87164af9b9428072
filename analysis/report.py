"""Every table of the notebooks for one Responses table: bring your own logs, get the analysis.

:func:`efficiency_report` chains the analysis functions (summarize, frontier, hull, budget curve
and its area, token quantiles, truncation, and where items have several samples pass@k and the
length-penalty oracle) so that a user's own results give the same tables, and with
:func:`analysis.plots.plot_report` the same figures, as the bundled data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from ._groups import group_labels
from ._warnings import warn_unused_bootstrap
from .measures.budget import budget_auc, budget_curve
from .measures.distribution import token_quantiles
from .frontiers.frontier import pareto_frontier, upper_hull
from .measures.summary import summarize
from .measures.oracle import length_penalty_oracle, oracle_tokens_saved
from .measures.significance import missing_runs, token_definitions
from .measures.parallel import pass_at_k


@dataclass
class EfficiencyReport:
    """The tables of one analysis. Each is a DataFrame whose columns are documented by the
    function that makes it; ``None`` where the data cannot support it (``notes`` says why)."""

    by: tuple[str, ...]
    points: pd.DataFrame  # summarize + pareto_frontier (on_frontier, dominated_by) per benchmark
    hull: pd.DataFrame  # upper_hull per benchmark
    budget: pd.DataFrame  # budget_curve
    budget_auc: pd.DataFrame  # budget_auc on a log budget axis
    quantiles: pd.DataFrame  # token_quantiles, correct and wrong answers apart
    pass_at_k: pd.DataFrame | None = None  # where items have several samples
    oracle: pd.DataFrame | None = None  # length_penalty_oracle, where items have several samples
    oracle_saved: pd.DataFrame | None = None  # oracle_tokens_saved
    notes: list[str] = field(default_factory=list)
    truncation_threshold: float = 0.05  # share of answers at the cap above which a group is named


def efficiency_report(
    responses: pd.DataFrame,
    *,
    by: Sequence[str] = ("model", "setting", "benchmark"),
    budgets: Sequence[float] | None = None,
    ks: Sequence[int] | None = None,
    lambdas: Sequence[float] | None = None,
    n_boot: int | None = None,
    seed: int | None = None,
    truncation_threshold: float = 0.05,
) -> EfficiencyReport:
    """All efficiency tables for a validated Responses table (tokens counted).

    ``budgets`` default: 40 log-spaced budgets from the smallest to the largest answer (tokens).
    ``ks`` default: 1 up to the smallest number of samples per item. ``lambdas`` (accuracy per
    token) default: 0 and 30 log-spaced values from 1e-7 to 1e-2. The frontier and hull are
    computed within each benchmark, never across benchmarks. ``truncation_threshold`` (a
    fraction) is passed to :func:`~analysis.summarize` and used by :func:`report_conclusions`.
    ``n_boot`` and ``seed`` change nothing and warn, as in :func:`~analysis.summarize`.
    """
    warn_unused_bootstrap("efficiency_report", n_boot, seed)
    by = tuple(by)
    notes: list[str] = []
    group = ["benchmark"] if "benchmark" in by else None
    points = summarize(responses, by=by, truncation_threshold=truncation_threshold)
    points = pareto_frontier(points, by=group)
    hull = upper_hull(points, by=group)

    tokens = responses["output_tokens"].to_numpy(float)
    if budgets is None:
        lo, hi = max(1.0, float(np.nanmin(tokens))), max(2.0, float(np.nanmax(tokens)))
        budgets = np.unique(np.round(np.geomspace(lo, hi, 40)))
    curve = budget_curve(responses, budgets, by=by)
    auc = budget_auc(curve, by=by, axis="log")
    quantiles = token_quantiles(responses, by=by, split_correct=True)

    if "token_source" in responses.columns:
        defs = token_definitions(responses, by=group) if group else None
        if defs is not None:
            for r in defs[defs["mixed"]].itertuples():
                notes.append(f"{r.benchmark}: tokens of different definitions on one axis ({r.token_sources})")
        elif responses["token_source"].nunique() > 1:
            notes.append(f"tokens of different definitions on one axis ({'; '.join(sorted(map(str, responses['token_source'].unique())))})")
    short = missing_runs(responses, by=by)
    for r in short.itertuples(index=False):
        label = " / ".join(str(getattr(r, c)) for c in by)
        notes.append(f"{label}: {r.n_missing} missing run(s) on {r.n_short_items} of {r.n_items} items "
                     f"({r.short_items}); its accuracy weighs those items like the others")
    per_item = responses.groupby([*by, "item_id"], sort=False, observed=True).size()
    min_samples = int(per_item.min())
    report = EfficiencyReport(by, points, hull, curve, auc, quantiles, notes=notes,
                              truncation_threshold=truncation_threshold)
    if min_samples >= 2:
        ks = list(ks) if ks is not None else list(range(1, min_samples + 1))
        report.pass_at_k = pass_at_k(responses, ks, by=by)
        lambdas = list(lambdas) if lambdas is not None else [0.0, *np.geomspace(1e-7, 1e-2, 30)]
        report.oracle = length_penalty_oracle(responses, lambdas, by=by)
        report.oracle_saved = oracle_tokens_saved(report.oracle, by=by)
    else:
        notes.append("one sample per item: no pass@k and no length-penalty oracle (they need several samples per item)")
    return report


def report_conclusions(report: EfficiencyReport) -> list[str]:
    """The report's headline findings as sentences, each number read from the report's tables:
    per benchmark the frontier's ends and the best log-budget area; the spread of tokens per
    correct answer; the oracle's median saving; groups whose accuracy measures a cap."""
    by = report.by
    name_cols = [c for c in by if c != "benchmark"]

    def name(row) -> str:
        return str(group_labels(row.to_frame().T, name_cols, omit=("default",)).iloc[0])

    out: list[str] = []
    pts = report.points
    benches = pts.groupby("benchmark", sort=True) if "benchmark" in by else [("all", pts)]
    for bench, part in benches:
        front = part[part["on_frontier"]].sort_values("mean_tokens")
        lo, hi = front.iloc[0], front.iloc[-1]
        if len(front) == 1:
            out.append(f"{bench}: only {name(lo)} is on the Pareto frontier ({100 * lo['accuracy']:.1f}% at "
                       f"{lo['mean_tokens']:,.0f} tokens per answer): no other is both cheaper and as accurate.")
        else:
            out.append(
                f"{bench}: {len(front)} of {len(part)} are on the Pareto frontier, from {name(lo)} "
                f"({100 * lo['accuracy']:.1f}% at {lo['mean_tokens']:,.0f} tokens per answer) to {name(hi)} "
                f"({100 * hi['accuracy']:.1f}% at {hi['mean_tokens']:,.0f})."
            )
        auc = report.budget_auc
        auc = auc[auc["benchmark"] == bench] if "benchmark" in by else auc
        if auc["auc"].notna().any():
            best = auc.loc[auc["auc"].idxmax()]
            out.append(f"{bench}: the largest area under the accuracy-budget curve (log budget axis) is "
                       f"{name(best)}'s, {best['auc']:.2f}.")
    # tokens per correct answer are compared within a benchmark only (a knowledge question and a
    # logic puzzle need different lengths whatever the model)
    tpc_all = pts.dropna(subset=["tokens_per_correct"])
    tpc_groups = tpc_all.groupby("benchmark", sort=True) if "benchmark" in by else [("all", tpc_all)]
    for bench, tpc in tpc_groups:
        if len(tpc) < 2:
            continue
        cheap, dear = tpc.loc[tpc["tokens_per_correct"].idxmin()], tpc.loc[tpc["tokens_per_correct"].idxmax()]
        out.append(
            f"{bench}: tokens per correct answer range from {cheap['tokens_per_correct']:,.0f} ({name(cheap)}) "
            f"to {dear['tokens_per_correct']:,.0f} ({name(dear)}): "
            f"{dear['tokens_per_correct'] / cheap['tokens_per_correct']:.1f}x."
        )
    if report.oracle_saved is not None and report.oracle_saved["saved_share"].notna().any():
        share = report.oracle_saved["saved_share"].dropna()
        out.append(
            f"Choosing per item the shortest sample that keeps accuracy (the length-penalty oracle, a "
            f"ceiling, not a policy) saves a median {100 * share.median():.0f}% of tokens at equal or "
            f"higher accuracy (range {100 * share.min():.0f}-{100 * share.max():.0f}%, {len(share)} groups)."
        )
    if "truncation_rate" in pts.columns:
        limit = report.truncation_threshold
        over = pts[pts["truncation_rate"].fillna(0) > limit]
        out.append(
            f"{len(over)} of {len(pts)} groups have more than {limit:.0%} of answers at the generation cap"
            + (f": {'; '.join(name(r) + ' on ' + str(r['benchmark']) for _, r in over.iterrows())}." if len(over) else ".")
        )
    out.extend(f"Note: {n}." for n in report.notes)
    return out
