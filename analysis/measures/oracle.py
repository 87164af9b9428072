"""The compression ceiling from a model's own samples: a length-penalty oracle.

Where items have several samples, pick per item the sample that maximises
``correct - lambda * tokens`` (ties: fewer tokens). As lambda grows the choice slides from
"a correct sample if any" (lambda = 0: best-of-n accuracy) to "the shortest sample". The
resulting accuracy-versus-tokens curve bounds what a length-penalised policy could reach
using only behaviour the model already shows (it knows which sample is correct, so it is an
oracle, not a policy). The reward shape is that of length-penalised RL (Kimi k1.5, L1/LCPO,
Arora & Zanette 2025; see docs/methods.md section 3), applied per item after the fact.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from .._groups import require_columns
from ..errors import DataError, Problem
from ..tolerance import REL_TOL, at_least

__all__ = ["actual_points", "length_penalty_oracle", "oracle_saving_summary", "oracle_tokens_saved"]

_UNITS = {"token": 1.0, "1k": 1000.0}


def _check(responses: pd.DataFrame, cols: list[str], what: str) -> None:
    require_columns(responses, cols, what)
    for c in ("correct", "output_tokens"):
        bad = responses.index[responses[c].isna().to_numpy(bool)]
        if len(bad):
            raise DataError(Problem(what, f"rows {list(bad[:5])}" + (" ..." if len(bad) > 5 else ""), c,
                                    f"{len(bad)} missing value(s); drop or fill them first"))


def actual_points(
    responses: pd.DataFrame,
    *,
    by: Sequence[str] = ("model", "setting", "benchmark"),
    item_col: str = "item_id",
) -> pd.DataFrame:
    """The model's actual operating point, per item then over items: ``by..., accuracy, mean_tokens,
    n_items, n_samples, lambda (NA), kind='actual'``. Accuracy is the mean over items of the
    item's mean ``correct`` (a fraction); ``mean_tokens`` the mean over items of the item's
    mean ``output_tokens``, so both weigh items equally, as the oracle does."""
    by = list(by)
    _check(responses, [*by, item_col, "correct", "output_tokens"], "actual_points")
    per_item = responses.groupby([*by, item_col], sort=True, dropna=False).agg(
        c=("correct", "mean"), t=("output_tokens", "mean"), k=("correct", "size"))
    g = per_item.groupby(level=list(range(len(by))), sort=True, dropna=False)
    out = pd.DataFrame({
        "accuracy": g["c"].mean().astype(float),
        "mean_tokens": g["t"].mean().astype(float),
        "n_items": g["c"].size().astype("int64"),
        "n_samples": g["k"].sum().astype("int64"),
    }).reset_index()
    out["lambda"] = np.nan
    out["kind"] = "actual"
    return out


def length_penalty_oracle(
    responses: pd.DataFrame,
    lambdas: Iterable[float],
    *,
    by: Sequence[str] = ("model", "setting", "benchmark"),
    item_col: str = "item_id",
    per: str = "token",
    include_actual: bool = True,
) -> pd.DataFrame:
    """Oracle bound on a length-penalised policy: per item, the sample maximising
    ``correct - lambda * tokens``, for each lambda.

    Units: ``correct`` is 0..1, so lambda is accuracy given up per token of ``output_tokens``
    (``per='token'``, default) or per thousand tokens (``per='1k'``: lambda = 0.01 means one
    point of accuracy is worth 1,000 tokens). Ties in the score go to the fewer tokens.
    Columns: ``by...``, ``lambda`` (as given), ``lambda_unit`` ('per token' | 'per 1k
    tokens'), ``accuracy`` (fraction, mean over items of the picked sample's ``correct``),
    ``mean_tokens`` (mean over items of the picked sample's tokens), ``n_items``,
    ``n_samples`` (samples the pick was made from), ``kind`` = 'oracle bound'. With
    ``include_actual``, the rows of :func:`actual_points` (kind 'actual', lambda NA) are
    appended: the figure draws the curve against them. Items with one sample contribute
    that sample at every lambda. Vectorised: one sort + first-per-item per lambda.
    """
    if per not in _UNITS:
        raise ValueError(f"per must be 'token' or '1k', got {per!r}")
    by = list(by)
    keys = [*by, item_col]
    _check(responses, [*keys, "correct", "output_tokens"], "length_penalty_oracle")
    lams = np.asarray(list(lambdas), dtype=float)
    if lams.size == 0 or np.isnan(lams).any() or (lams < 0).any():
        raise ValueError("lambdas: need one or more lambda >= 0")
    base = responses[keys].copy()
    base["_c"] = responses["correct"].astype(float).to_numpy()
    base["_t"] = responses["output_tokens"].astype(float).to_numpy()
    # sort once by item and tokens ascending: a stable sort on score keeps fewer tokens first
    base = base.sort_values([*keys, "_t"], kind="stable").reset_index(drop=True)
    n_samples = base.groupby(by, sort=True, dropna=False)["_c"].size()
    scale = _UNITS[per]
    frames = []
    for lam in lams:
        score = base["_c"].to_numpy() - lam / scale * base["_t"].to_numpy()
        order = np.lexsort((base["_t"].to_numpy(), -score))  # best score, then fewer tokens
        ranked = base.iloc[order]
        picked = ranked.drop_duplicates(subset=keys, keep="first")
        g = picked.groupby(by, sort=True, dropna=False)
        f = pd.DataFrame({
            "accuracy": g["_c"].mean(),
            "mean_tokens": g["_t"].mean(),
            "n_items": g["_c"].size().astype("int64"),
        })
        f["n_samples"] = n_samples.reindex(f.index).astype("int64")
        f = f.reset_index()
        f.insert(len(by), "lambda", lam)
        frames.append(f)
    out = pd.concat(frames, ignore_index=True)
    out["lambda_unit"] = "per token" if per == "token" else "per 1k tokens"
    out["kind"] = "oracle bound"
    if include_actual:
        act = actual_points(responses, by=by, item_col=item_col)
        act["lambda_unit"] = out["lambda_unit"].iloc[0]
        out = pd.concat([out, act[out.columns]], ignore_index=True)
    return out.sort_values([*by, "kind", "lambda"], kind="stable", na_position="first").reset_index(drop=True)


def oracle_tokens_saved(curve: pd.DataFrame, *, by: Sequence[str] = ("model", "setting", "benchmark"),
                        rel_tol: float = REL_TOL) -> pd.DataFrame:
    """Tokens the oracle saves at equal accuracy: per group, the fewest ``mean_tokens`` among
    the oracle points whose accuracy is at least the actual accuracy (within ``rel_tol``,
    relative: :mod:`analysis.tolerance`).

    Takes :func:`length_penalty_oracle` output (with the 'actual' rows). Columns: ``by...``,
    ``actual_accuracy``, ``actual_tokens``, ``oracle_tokens`` (NA if no oracle point reaches
    the actual accuracy; a finer lambda grid can only lower it), ``oracle_accuracy`` (of that
    point), ``lambda``, ``tokens_saved`` (actual - oracle, tokens), ``saved_share`` (fraction
    of the actual tokens) and ``compression`` (actual / oracle tokens, times fewer).
    """
    by = list(by)
    act = curve[curve["kind"] == "actual"][[*by, "accuracy", "mean_tokens"]].rename(
        columns={"accuracy": "actual_accuracy", "mean_tokens": "actual_tokens"})
    orc = curve[curve["kind"] == "oracle bound"].merge(act, on=by, how="inner")
    ok = orc[at_least(orc["accuracy"].to_numpy(float), orc["actual_accuracy"].to_numpy(float), rel_tol=rel_tol)]
    best = ok.sort_values([*by, "mean_tokens", "lambda"], kind="stable").drop_duplicates(by, keep="first")
    best = best[[*by, "mean_tokens", "accuracy", "lambda"]].rename(
        columns={"mean_tokens": "oracle_tokens", "accuracy": "oracle_accuracy"})
    out = act.merge(best, on=by, how="left")
    out["tokens_saved"] = out["actual_tokens"] - out["oracle_tokens"]
    out["saved_share"] = out["tokens_saved"] / out["actual_tokens"]
    out["compression"] = out["actual_tokens"] / out["oracle_tokens"]
    return out.reset_index(drop=True)


def oracle_saving_summary(saved: pd.DataFrame) -> pd.Series:
    """The spread of the oracle's saving over the groups of an :func:`oracle_tokens_saved` table.

    Returns a Series: ``n_groups`` (rows), ``n_reached`` (groups where an oracle point reaches
    the actual accuracy, so a saving exists), ``saved_median``, ``saved_min``, ``saved_max`` of
    ``saved_share`` (fraction of the actual tokens, over those groups; NaN when none) and
    ``compression_median`` (actual / oracle tokens, times fewer). An empty table is a
    DataError."""
    what = "oracle_saving_summary"
    require_columns(saved, ["saved_share", "compression"], f"{what} (pass it the output of oracle_tokens_saved)")
    if len(saved) == 0:
        raise DataError(Problem(what, None, None, "an empty oracle_tokens_saved table"))
    share = pd.to_numeric(saved["saved_share"], errors="coerce").dropna()
    comp = pd.to_numeric(saved["compression"], errors="coerce").dropna()
    some = len(share) > 0
    return pd.Series({
        "n_groups": len(saved), "n_reached": len(share),
        "saved_median": float(share.median()) if some else np.nan,
        "saved_min": float(share.min()) if some else np.nan,
        "saved_max": float(share.max()) if some else np.nan,
        "compression_median": float(comp.median()) if len(comp) else np.nan,
    }, dtype=object)
