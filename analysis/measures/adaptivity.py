"""Adaptivity: does a model spend more tokens on harder items?

An efficient reasoner thinks briefly on easy items and long on hard ones (the motivation of
adaptive length penalties: ALP, Xiang et al. 2025, arXiv 2506.05256; Arora & Zanette 2025 normalise
length per prompt for the same reason). Difficulty here is 1 - the item's accuracy across all
models in the table; the measure is Spearman's rank correlation between a model's
tokens on an item and that difficulty.
"""

from __future__ import annotations

import warnings
from typing import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from .._groups import as_tuple, correct_array, group_codes, require_columns, token_array
from ..errors import DataError, Problem


def token_adaptivity(
    responses: pd.DataFrame,
    *,
    by: Sequence[str] = ("model", "setting"),
    tokens: str = "output_tokens",
) -> pd.DataFrame:
    """Spearman rank correlation, per ``by`` group, between item tokens and item difficulty.

    Item = (benchmark, item_id) when a ``benchmark`` column exists. Difficulty = 1 - mean
    ``correct`` over all answers to the item from every model and setting (so the model's own
    answers count too; with many models their weight is small). Item tokens = the group's mean
    ``tokens`` over its samples of the item. Returns ``by`` columns, ``n_items``,
    ``spearman_rho`` (-1..1; > 0: more tokens on harder items), ``p_value`` (two-sided, scipy's
    t-approximation), ``mean_tokens`` (mean over items of the item tokens), ``tokens_easy`` / ``tokens_hard`` (mean item tokens on
    items with difficulty below / above the median difficulty) and ``adaptation_ratio`` =
    tokens_hard / tokens_easy (ALP's adaptation ratio with a median split). rho is NaN when a
    group has fewer than 3 items or constant tokens or difficulty.
    """
    what = "token_adaptivity"
    by = as_tuple(by)
    item_cols = [c for c in ("benchmark", "item_id") if c in responses.columns]
    require_columns(responses, [*by, "item_id", "correct"], what)
    gid, keys = group_codes(responses, by, what)
    frame = responses[list(dict.fromkeys([*by, *item_cols]))].copy()
    frame["_c"] = correct_array(responses, what)
    frame["_t"] = token_array(responses, tokens, gid, keys, what)
    frame["_g"] = gid
    difficulty = 1 - frame.groupby(item_cols, sort=False, observed=True)["_c"].mean().rename("_d")
    per_item = frame.groupby(["_g", *item_cols], sort=True, observed=True)["_t"].mean().rename("_ti").reset_index()
    per_item = per_item.merge(difficulty.reset_index(), on=item_cols, how="left")
    rows = []
    for g, part in per_item.groupby("_g", sort=True):
        d = part["_d"].to_numpy(float)
        ti = part["_ti"].to_numpy(float)
        rho = p = np.nan
        if len(part) >= 3 and np.ptp(d) > 0 and np.ptp(ti) > 0:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = stats.spearmanr(ti, d)
            rho, p = float(res.statistic), float(res.pvalue)
        med = np.median(d)
        easy, hard = ti[d < med], ti[d > med]
        te = easy.mean() if len(easy) else np.nan
        th = hard.mean() if len(hard) else np.nan
        rows.append({
            "n_items": len(part), "spearman_rho": rho, "p_value": p, "mean_tokens": ti.mean(),
            "tokens_easy": te, "tokens_hard": th,
            "adaptation_ratio": th / te if np.isfinite(te) and te > 0 and np.isfinite(th) else np.nan,
        })
    return pd.concat([keys.reset_index(drop=True), pd.DataFrame(rows)], axis=1)


def adaptivity_summary(adaptivity: pd.DataFrame, *, alpha: float = 0.05) -> pd.Series:
    """How many groups of a :func:`token_adaptivity` table adapt their tokens to difficulty.

    Returns a Series: ``n_groups`` (rows), ``n_with_rho`` (rows with a correlation),
    ``n_more_on_harder`` (rho > 0 and p_value < ``alpha``: significantly more tokens on harder
    items), ``n_less_on_harder`` (rho < 0 and p_value < ``alpha``), ``rho_median``,
    ``rho_min``, ``rho_max`` (over rows with a rho; NaN when none) and ``alpha``. Each group is
    tested on its own at level ``alpha``, with no correction for testing many. An empty table is
    a DataError; ``alpha`` outside (0, 1) a ValueError."""
    what = "adaptivity_summary"
    require_columns(adaptivity, ["spearman_rho", "p_value"], what)
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be in (0, 1), got {alpha!r}")
    if len(adaptivity) == 0:
        raise DataError(Problem(what, None, None, "an empty adaptivity table"))
    rho = pd.to_numeric(adaptivity["spearman_rho"], errors="coerce").to_numpy(float, na_value=np.nan)
    p = pd.to_numeric(adaptivity["p_value"], errors="coerce").to_numpy(float, na_value=np.nan)
    has = np.isfinite(rho)
    significant = has & (p < alpha)
    return pd.Series({
        "n_groups": len(adaptivity),
        "n_with_rho": int(has.sum()),
        "n_more_on_harder": int((significant & (rho > 0)).sum()),
        "n_less_on_harder": int((significant & (rho < 0)).sum()),
        "rho_median": float(np.median(rho[has])) if has.any() else np.nan,
        "rho_min": float(rho[has].min()) if has.any() else np.nan,
        "rho_max": float(rho[has].max()) if has.any() else np.nan,
        "alpha": float(alpha),
    }, dtype=object)
