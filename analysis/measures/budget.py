"""Accuracy under a token budget, and the normalised area under that curve.

With a hard cap of B tokens an answer that needed more than B is cut off and scores 0 (the
"generation cutoff" baseline of Arora & Zanette 2025, section 5.2). Sweeping B gives a curve;
its normalised area is OptimalThinkingBench's AUC_OAA (Aggarwal et al. 2025).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .._groups import as_tuple, code_responses, group_codes, require_columns
from ..errors import DataError, Problem


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
    of (group, tokens) and a cumulative sum; no loop over rows or budgets.
    """
    what = "budget_curve"
    b = np.asarray(budgets, float).ravel()
    if b.size == 0 or not np.isfinite(b).all() or (b < 0).any():
        raise ValueError("budgets must be a non-empty list of finite numbers >= 0 (tokens)")
    b = np.unique(b)
    by, gid, keys, c, t, iid, item_gid = code_responses(responses, by, tokens, what)
    ng = len(keys)
    item_n = np.bincount(iid)
    n_items = np.bincount(item_gid, minlength=ng)
    n_samples = np.bincount(gid, minlength=ng)
    # Each answer's share of its group's accuracy: 1 / (items in group * samples of its item).
    w = 1.0 / (n_items[gid] * item_n[iid])
    order = np.lexsort((t, gid))
    gs, ts = gid[order], t[order]
    cum_score = np.concatenate([[0.0], np.cumsum((w * c)[order])])
    starts = np.concatenate([[0], np.cumsum(n_samples)])
    # For group g and budget B: answers in [start_g, start_g + count(t <= B)).
    shifted = gs * 1.0  # search (group, B) in the sorted (group, tokens) sequence
    span = float(max(ts.max(initial=0), b.max())) + 1.0
    composite = shifted * span + ts
    queries = (np.arange(ng)[:, None] * span + b[None, :]).ravel()
    ends = np.searchsorted(composite, queries, side="right").reshape(ng, len(b))
    acc = cum_score[ends] - cum_score[starts[:-1]][:, None]
    within = (ends - starts[:-1][:, None]) / n_samples[:, None]
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
