"""Accuracy under a token budget, and the normalised area under that curve.

With a hard cap of B tokens an answer that needed more than B is cut off and scores 0 (the
"generation cutoff" baseline of Arora & Zanette 2025, section 5.2). Sweeping B gives a curve;
its normalised area is OptimalThinkingBench's AUC_OAA (Aggarwal et al. 2025).

The curve is split like :func:`analysis.summarize` (:mod:`analysis.measures.sufficient`): an
answer's share of its group's accuracy is 1 / (items in its group * samples of its item), and
its item's samples may lie in other parts of the table, so the split is **two-pass**:

1. :func:`item_counts`: answers per (group, item), added up over parts;
2. :func:`budget_parts`: per part, given those counts, a histogram with one row per (group,
   samples of the item, tokens): ``count`` answers and ``sum_correct`` (sum of their scores);
   :func:`combine_budget_parts` adds histograms up;
3. :func:`finish_budget_curve`: weights 1 / (items * samples), a cumulative sum over tokens.

Why two passes and not one histogram per item: a per-(group, item, tokens) histogram would be
one pass, but it is as large as the table when an item's answers have distinct token counts
(the usual case), so the client would hold the whole table. Pass 2's histogram is bounded by
groups x distinct sample counts x distinct token values, and both passes carry only sums of
scores and counts (no weights), so every partitioning gives the same bins and the same result.
The price is reading the rows twice (persist a Dask frame to read its files once).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .._groups import CodedResponses, as_tuple, code_responses, group_codes, require_columns
from ..errors import DataError, Problem
from .sufficient import Parts, empty_parts, item_table, sum_by


def budget_curve(
    responses: pd.DataFrame,
    budgets: Sequence[float] | np.ndarray,
    *,
    by: Sequence[str] = ("model", "setting", "benchmark"),
    tokens: str = "output_tokens",
) -> pd.DataFrame:
    """Accuracy when answers with more than B tokens count as wrong, for each budget B.

    accuracy(B) = mean over items of the per-item mean of ``correct * [tokens <= B]`` (the same
    item weighting as :func:`analysis.summarize`, so at B >= the largest answer it equals the
    group's accuracy). An answer of exactly B tokens fits the budget. OptimalThinkingBench's
    OAA_t counts ``tokens < t`` (strict); use B = t - 1 for integer counts to match it.

    Returns one row per group and budget: ``by`` columns, ``budget`` (tokens), ``accuracy``
    (fraction 0..1), ``within_budget`` (share of answers with tokens <= B), ``n_items``. One sort
    of the (group, samples, tokens) histogram and a cumulative sum; no loop over rows or budgets.
    The table is one part of the two-pass split (module docstring); a Dask DataFrame is
    computed partition by partition (:func:`analysis.scale.budget_curve`) with the same result.
    """
    b = check_budgets(budgets)
    from .summary import _is_dask

    if _is_dask(responses):
        from ..scale.summary import budget_curve as budget_curve_dask

        return budget_curve_dask(responses, b, by=by, tokens=tokens)
    coded = code_responses(responses, by, tokens, "budget_curve")  # the whole table: both passes at once
    counts = _counts(responses, coded)
    return finish_budget_curve(counts, _histogram(coded, counts.items["n"].to_numpy(np.int64)[coded.iid]), b)


def check_budgets(budgets: Sequence[float] | np.ndarray) -> np.ndarray:
    """The distinct budgets, sorted; ValueError unless finite numbers >= 0."""
    b = np.asarray(budgets, float).ravel()
    if b.size == 0 or not np.isfinite(b).all() or (b < 0).any():
        raise ValueError("budgets must be a non-empty list of finite numbers >= 0 (tokens)")
    return np.unique(b)


def item_counts(responses: pd.DataFrame, by: str | Sequence[str] | None = ("model", "setting", "benchmark"), *,
                tokens: str = "output_tokens", what: str = "budget_curve") -> Parts:
    """Pass 1: answers per (group, item) of some rows, as :class:`~.sufficient.Parts` whose
    ``items`` has only ``by``, ``item_id`` and ``n`` (added up by
    :func:`~.sufficient.combine_parts`). Checks the rows as :func:`budget_curve` does (a missing
    token count is a DataError naming its group)."""
    by = as_tuple(by)
    if len(responses) == 0:
        empty = empty_parts(responses, by)
        return Parts(by, empty.items[[*by, "item_id", "n"]], empty.tokens)
    return _counts(responses, code_responses(responses, by, tokens, what))


def _counts(responses: pd.DataFrame, coded: CodedResponses) -> Parts:
    items = item_table(responses, coded)
    items["n"] = np.bincount(coded.iid, minlength=len(items)).astype(np.int64)
    return Parts(coded.by, items, empty_parts(responses, coded.by).tokens)


#: columns of a budget histogram besides the ``by`` labels
BUDGET_COLUMNS = ("item_n", "tokens", "count", "sum_correct")


def budget_parts(responses: pd.DataFrame, counts: Parts, *, tokens: str = "output_tokens",
                 what: str = "budget_curve") -> pd.DataFrame:
    """Pass 2: the budget histogram of some rows given every item's answers (``counts``, pass 1
    over the whole table): one row per (group, samples of the item, tokens) with ``by``
    columns, ``item_n``, ``tokens``, ``count`` (answers) and ``sum_correct`` (their scores)."""
    by = counts.by
    if len(responses) == 0:
        return _empty_budget_parts(counts.items, by)
    coded = code_responses(responses, by, tokens, what)
    local = item_table(responses, coded)
    cols = [*by, "item_id"]
    table = counts.items
    pos = pd.MultiIndex.from_frame(table[cols]).get_indexer(pd.MultiIndex.from_frame(local[cols]))
    if (pos < 0).any():
        raise DataError(Problem(what, None, "item_id", "an item the first pass did not count (did the data change "
                                                       "between the two passes?)"))
    return _histogram(coded, table["n"].to_numpy(np.int64)[pos][coded.iid])


def _histogram(coded: CodedResponses, n_row: np.ndarray) -> pd.DataFrame:
    """One row per (group, item samples ``n_row``, tokens) of coded rows: count and score sum."""
    gid, t, c = coded.gid, coded.t, coded.c
    order = np.lexsort((t, n_row, gid))
    g, n, ts = gid[order], n_row[order], t[order]
    new = np.ones(len(g), bool)
    new[1:] = (g[1:] != g[:-1]) | (n[1:] != n[:-1]) | (ts[1:] != ts[:-1])
    starts = np.flatnonzero(new)
    hist = coded.keys.iloc[g[starts]].reset_index(drop=True)
    hist["item_n"] = n[starts]
    hist["tokens"] = ts[starts]
    hist["count"] = np.diff(np.append(starts, len(g))).astype(np.int64)
    hist["sum_correct"] = np.add.reduceat(c[order], starts)
    return hist


def _empty_budget_parts(like: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    hist = like[list(by)].iloc[:0].reset_index(drop=True)
    hist["item_n"] = np.zeros(0, np.int64)
    hist["tokens"] = np.zeros(0, float)
    hist["count"] = np.zeros(0, np.int64)
    hist["sum_correct"] = np.zeros(0, float)
    return hist


def combine_budget_parts(hists: Sequence[pd.DataFrame], by: Sequence[str]) -> pd.DataFrame:
    """The budget histogram of the union of the rows behind ``hists``: counts and score sums
    added per (group, item_n, tokens). Associative and commutative."""
    hists = list(hists)
    if len(hists) == 1:
        return hists[0]
    return sum_by(pd.concat(hists, ignore_index=True), [*as_tuple(by), "item_n", "tokens"], "budget_curve")


def finish_budget_curve(counts: Parts, hist: pd.DataFrame, budgets: Sequence[float] | np.ndarray) -> pd.DataFrame:
    """:func:`budget_curve` from the combined pass-1 ``counts`` and pass-2 ``hist``: the finish
    step every engine shares. Bins are read in (group, tokens, item_n) order, which depends on
    the data alone."""
    what = "budget_curve"
    b = check_budgets(budgets)
    by = list(counts.by)
    if len(counts.items) == 0:
        raise DataError(Problem(what, None, None, "no responses"))
    item_gid, keys = group_codes(counts.items, by, what)
    ng = len(keys)
    n_items = np.bincount(item_gid, minlength=ng)
    if by:
        gid = pd.MultiIndex.from_frame(keys[by]).get_indexer(pd.MultiIndex.from_frame(hist[by]))
        if (gid < 0).any():
            raise DataError(Problem(what, None, None, "budget histogram has a group the item counts do not"))
    else:
        gid = np.zeros(len(hist), np.int64)
    item_n = hist["item_n"].to_numpy(np.int64)
    t = hist["tokens"].to_numpy(float)
    count = hist["count"].to_numpy(np.int64)
    order = np.lexsort((item_n, t, gid))
    gs, ts = gid[order], t[order]
    # Each answer's share of its group's accuracy: 1 / (items in group * samples of its item).
    w = 1.0 / (n_items[gs] * item_n[order])
    cum_score = np.concatenate([[0.0], np.cumsum(w * hist["sum_correct"].to_numpy(float)[order])])
    cum_count = np.concatenate([[0], np.cumsum(count[order])])
    n_samples = np.bincount(gs, count[order], minlength=ng).astype(np.int64)
    starts = np.concatenate([[0], np.cumsum(np.bincount(gs, minlength=ng))])[:-1]
    # For group g and budget B: bins in [start_g, end) where end = first bin of g with tokens > B.
    span = float(max(ts.max(initial=0), b.max())) + 1.0
    composite = gs * span + ts
    queries = (np.arange(ng)[:, None] * span + b[None, :]).ravel()
    ends = np.searchsorted(composite, queries, side="right").reshape(ng, len(b))
    acc = cum_score[ends] - cum_score[starts][:, None]
    within = (cum_count[ends] - cum_count[starts][:, None]) / n_samples[:, None]
    out = keys.loc[np.repeat(np.arange(ng), len(b))].reset_index(drop=True)
    out["budget"] = np.tile(b, ng)
    out["accuracy"] = np.clip(acc.ravel(), 0, 1)
    out["within_budget"] = within.ravel()
    out["n_items"] = np.repeat(n_items, len(b))
    return out


def budget_auc(
    curve: pd.DataFrame,
    *,
    by: Sequence[str] | None = None,
    budget: str = "budget",
    accuracy: str = "accuracy",
    axis: str = "linear",
    t_max: float | None = None,
) -> pd.DataFrame:
    """Normalised area under accuracy-versus-budget (OptimalThinkingBench's AUC_OAA).

    AUC = (1 / (B_hi - B_lo)) * integral from B_lo to B_hi of accuracy(B) dB, by the trapezoid
    rule over the curve's budgets, on a **linear** budget axis (``axis="linear"``, as
    Aggarwal et al. 2025, OptimalThinkingBench: AUC_OAA = sum_{t=0}^{t_max} OAA_t / t_max with
    t_max = 1000) or on a log10 axis (``axis="log"``: the same mean over log10(B), for budgets
    spanning orders of magnitude; budgets must be > 0). B_lo is the smallest budget and B_hi
    ``t_max`` (budgets above it are dropped; default: the largest budget). The result is a
    fraction 0..1 (1 = fully accurate at every budget). With integer budgets 0..t_max the linear
    AUC differs from OTB's unit-step sum only by the end-point half-weights.

    ``by``: groups (default: the curve's key columns among model, setting, benchmark). Returns
    ``by`` columns, ``auc``, ``budget_low``, ``budget_high``, ``axis``, ``n_budgets``.
    """
    if axis not in ("linear", "log"):
        raise ValueError(f"axis must be 'linear' or 'log', got {axis!r}")
    what = "budget_auc"
    if by is None:
        by = tuple(c for c in ("model", "setting", "benchmark") if c in curve.columns)
    by = as_tuple(by)
    require_columns(curve, [*by, budget, accuracy], what)
    df = curve[[*by, budget, accuracy]].copy()
    df[budget] = pd.to_numeric(df[budget], errors="coerce").astype(float)
    df[accuracy] = pd.to_numeric(df[accuracy], errors="coerce").astype(float)
    for col in (budget, accuracy):
        bad = df[col].isna().to_numpy()
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise DataError(Problem(what, f"row {row}", col, "missing or not a number"))
    if t_max is not None:
        df = df[df[budget] <= t_max]
    if axis == "log":
        if (df[budget] <= 0).any():
            row = int(np.flatnonzero((df[budget] <= 0).to_numpy())[0])
            raise DataError(Problem(what, f"row {row}", budget, "a log budget axis needs budgets > 0"))
    gid, keys = group_codes(df, by, what) if len(df) else (np.zeros(0, np.int64), curve[list(by)].iloc[0:0])
    order = np.lexsort((df[budget].to_numpy(), gid))
    g, xb, ya = gid[order], df[budget].to_numpy()[order], df[accuracy].to_numpy()[order]
    xv = np.log10(xb) if axis == "log" else xb
    same = g[1:] == g[:-1]
    seg = np.where(same, (xv[1:] - xv[:-1]) * (ya[1:] + ya[:-1]) / 2, 0.0)
    ng = len(keys)
    area = np.bincount(g[1:], seg, minlength=ng) if len(g) > 1 else np.zeros(ng)
    lo = np.full(ng, np.inf)
    hi = np.full(ng, -np.inf)
    np.minimum.at(lo, g, xb)
    np.maximum.at(hi, g, xb)
    width = (np.log10(hi) - np.log10(lo)) if axis == "log" else hi - lo
    with np.errstate(divide="ignore", invalid="ignore"):
        auc = np.where(width > 0, area / width, np.nan)
    out = keys.reset_index(drop=True).copy()
    out["auc"] = auc
    out["budget_low"] = lo
    out["budget_high"] = hi
    out["axis"] = axis
    out["n_budgets"] = np.bincount(g, minlength=ng)
    return out


def budget_onset(
    curve: pd.DataFrame,
    *,
    by: Sequence[str] | None = None,
    budget: str = "budget",
    accuracy: str = "accuracy",
) -> pd.DataFrame:
    """Where an accuracy-budget curve first leaves zero: below which budget a model gets
    nothing right (a cap too small to reach any answer).

    Takes a curve with one row per group and budget, e.g. :func:`budget_curve`, or
    :func:`analysis.summarize` rows of runs at several generation caps (``budget="max_tokens"``).
    ``by``: groups (default: the curve's key columns among model, setting, benchmark). Returns
    one row per group: ``by`` columns, ``n_budgets``, ``first_nonzero_budget`` (the smallest
    budget with accuracy > 0, tokens; NaN when accuracy is 0 at every budget),
    ``first_nonzero_accuracy`` (fraction, at that budget), ``last_zero_budget`` (the largest
    budget below it with accuracy 0: every budget up to it scores 0; NaN when the smallest
    budget already scores above 0) and ``n_zero_budgets`` (budgets up to ``last_zero_budget``).
    Accuracy 0 means exactly 0 (a count of no right answers). A missing or non-numeric budget or
    accuracy is a DataError naming the row; an empty curve is a DataError.
    """
    what = "budget_onset"
    if by is None:
        by = tuple(c for c in ("model", "setting", "benchmark") if c in curve.columns)
    by = list(as_tuple(by))
    require_columns(curve, [*by, budget, accuracy], what)
    if len(curve) == 0:
        raise DataError(Problem(what, None, None, "an empty curve"))
    df = curve[[*by, budget, accuracy]].copy()
    for col in (budget, accuracy):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
        bad = df[col].isna().to_numpy()
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise DataError(Problem(what, f"row {row}", col, "missing or not a number"))
    gid, keys = group_codes(df, by, what)
    b, a = df[budget].to_numpy(), df[accuracy].to_numpy()
    ng = len(keys)
    first = np.full(ng, np.inf)
    np.minimum.at(first, gid, np.where(a > 0, b, np.inf))
    zero_before = (a <= 0) & (b < first[gid])
    last_zero = np.full(ng, -np.inf)
    np.maximum.at(last_zero, gid, np.where(zero_before, b, -np.inf))
    at_first = np.full(ng, np.nan)
    hit = (a > 0) & (b == first[gid])
    at_first[gid[hit]] = a[hit]  # duplicate budgets in a group: the last row's accuracy stands
    out = keys.reset_index(drop=True).copy()
    out["n_budgets"] = np.bincount(gid, minlength=ng)
    out["first_nonzero_budget"] = np.where(np.isfinite(first), first, np.nan)
    out["first_nonzero_accuracy"] = at_first
    out["last_zero_budget"] = np.where(np.isfinite(last_zero), last_zero, np.nan)
    out["n_zero_budgets"] = np.bincount(gid, zero_before, minlength=ng).astype(np.int64)
    return out
