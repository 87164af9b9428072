"""How tokens per answer are distributed, split by whether the answer was right.

Over- and under-thinking show in the spread, not the mean: a model that "overthinks" spends
long chains on items it gets wrong (Chen et al. 2024, "Do NOT think that much for 2+3=?",
arXiv 2412.21187, report incorrect answers running longer than correct ones) and a model that
"underthinks" stops early. These tables feed :func:`analysis.plots.plot_token_distribution`.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .._groups import as_tuple, correct_array, group_codes, require_columns
from ..errors import DataError, Problem
from .sufficient import Parts, histogram_codes, histogram_parts, histogram_quantiles, outcome_names
from .summary import _is_dask

OUTCOMES = ("correct", "wrong", "partial")


def answer_outcome(correct: np.ndarray) -> np.ndarray:
    """'correct' where the score is 1, 'wrong' where it is 0, 'partial' in between."""
    return np.where(correct == 1, "correct", np.where(correct == 0, "wrong", "partial"))


def token_quantiles(
    responses: pd.DataFrame,
    *,
    by: str | Sequence[str] = ("model",),
    split_correct: bool = True,
    quantiles: Sequence[float] = (0.1, 0.25, 0.5, 0.75, 0.9),
    tokens: str = "output_tokens",
) -> pd.DataFrame:
    """Quantiles of tokens per answer for each group, and for its right and wrong answers apart.

    Quantiles interpolate linearly (``numpy.quantile``'s default). With ``split_correct`` an
    answer is 'correct' (score 1), 'wrong' (0) or 'partial' (in between); otherwise every
    answer is 'all'. Returns one row per group and outcome present: ``by`` columns,
    ``outcome``, ``n_answers``, ``mean_tokens`` and one column ``q<percent>`` per quantile
    (tokens; e.g. ``q50`` the median, ``q90``), sorted by group then outcome.
    """
    what = "token_quantiles"
    by = as_tuple(by)
    qs = np.asarray(quantiles, float).ravel()
    if qs.size == 0 or np.isnan(qs).any() or (qs < 0).any() or (qs > 1).any():
        raise ValueError("quantiles must be numbers in [0, 1]")
    if _is_dask(responses):
        from ..scale.summary import token_quantiles as token_quantiles_dask

        return token_quantiles_dask(responses, by=by, split_correct=split_correct, quantiles=qs, tokens=tokens)
    require_columns(responses, [*by, "correct"], what)
    if len(responses) == 0:
        raise DataError(Problem(what, None, None, "no responses"))
    return finish_token_quantiles(histogram_parts(responses, by, tokens=tokens, what=what),
                                  split_correct=split_correct, quantiles=qs)


def finish_token_quantiles(parts: Parts, *, split_correct: bool = True,
                           quantiles: Sequence[float] = (0.1, 0.25, 0.5, 0.75, 0.9)) -> pd.DataFrame:
    """:func:`token_quantiles` from a combined exact token histogram
    (:mod:`analysis.measures.sufficient`): the finish step every engine shares."""
    what = "token_quantiles"
    hist = parts.tokens
    if int(hist["count"].sum()) == 0:
        raise DataError(Problem(what, None, None, "no responses"))
    qs = np.asarray(quantiles, float).ravel()
    _, keys = group_codes(hist, parts.by, what)
    cell, t, count = histogram_codes(parts, keys, split_correct, what)
    n_cells = len(keys) * (3 if split_correct else 1)
    n, values = histogram_quantiles(cell, t, count, n_cells, qs)
    total = np.bincount(cell, t * count, minlength=n_cells)
    present = np.flatnonzero(n > 0)
    group = present // 3 if split_correct else present
    out = keys.iloc[group].reset_index(drop=True)
    out["outcome"] = outcome_names(present % 3) if split_correct else "all"
    out["n_answers"] = n[present].astype(np.int64)
    out["mean_tokens"] = total[present] / n[present]
    for q, v in zip(qs, values):
        out[_qname(q)] = v[present]
    return out


def _qname(q: float) -> str:
    return f"q{100 * q:g}".replace(".", "_")


def outcome_token_ratio(
    responses: pd.DataFrame,
    *,
    by: str | Sequence[str] = ("model",),
    tokens: str = "output_tokens",
    mixed_items_only: bool = False,
) -> pd.DataFrame:
    """Median tokens of wrong answers over median tokens of right ones, per group.

    A ratio above 1 means the group writes longer when it fails (overthinking, or chains
    running on without converging); below 1, it gives up early (underthinking). Answers with a
    partial score are left out. Wrong answers fall mostly on hard items, which need more
    tokens anyway; ``mixed_items_only`` keeps only items (``benchmark``, ``item_id``) on which
    the group has both a right and a wrong answer, so both medians are over the same items.
    Returns ``by`` columns, ``n_correct``, ``n_wrong``, ``median_correct``, ``median_wrong``
    (tokens) and ``wrong_to_right`` (NaN when either outcome is absent), one row per group
    that has answers left.
    """
    if mixed_items_only:
        item_cols = [c for c in ("benchmark", "item_id") if c in responses.columns]
        require_columns(responses, [*as_tuple(by), "item_id", "correct"], "outcome_token_ratio")
        c = pd.Series(correct_array(responses, "outcome_token_ratio"), index=responses.index)
        keys = [responses[k] for k in dict.fromkeys([*as_tuple(by), *item_cols])]
        lo = c.groupby(keys, sort=False).transform("min")
        hi = c.groupby(keys, sort=False).transform("max")
        responses = responses[((lo == 0) & (hi == 1)).to_numpy()]
    q = token_quantiles(responses, by=by, quantiles=(0.5,), tokens=tokens)
    by = list(as_tuple(by))
    keys = q[by].drop_duplicates().reset_index(drop=True)
    out = keys.copy()
    for outcome, name in (("correct", "correct"), ("wrong", "wrong")):
        part = q[q["outcome"] == outcome][[*by, "n_answers", "q50"]]
        merged = keys.merge(part, on=by, how="left")
        out[f"n_{name}"] = merged["n_answers"].fillna(0).astype(np.int64).to_numpy()
        out[f"median_{name}"] = merged["q50"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["wrong_to_right"] = out["median_wrong"] / out["median_correct"]
    return out


def outcome_ratio_summary(pooled: pd.DataFrame, mixed: pd.DataFrame) -> pd.Series:
    """Is the length gap between wrong and right answers item difficulty, or the outcome?

    ``pooled``: :func:`outcome_token_ratio` over all items; ``mixed``: the same with
    ``mixed_items_only=True`` (items with both outcomes). Returns a Series: ``n_groups_all``,
    ``median_all`` (median over groups of ``wrong_to_right``, groups with both outcomes),
    ``n_groups_mixed``, ``median_mixed`` (likewise on mixed items), ``gap_kept`` =
    log(median_mixed) / log(median_all) (the share of the pooled gap, on a log scale, left when
    both medians are over the same items; NaN when median_all is 1) and ``explanation``:

    - 'no gap': median_all is 1 (nothing to explain);
    - 'item difficulty': less than half of the gap is left (``|gap_kept| < 0.5``): wrong answers
      are long mostly because they fall on items that need long answers anyway;
    - 'longer when wrong' / 'shorter when wrong': otherwise, by the side of 1 median_mixed is on.

    Medians over groups, without an interval: a description, not a test. No group with both
    outcomes in ``pooled`` or ``mixed`` is a DataError naming the table.
    """
    what = "outcome_ratio_summary"
    medians = {}
    for name, table in (("all", pooled), ("mixed", mixed)):
        require_columns(table, ["wrong_to_right"], f"{what} ({'pooled' if name == 'all' else 'mixed'})")
        r = pd.to_numeric(table["wrong_to_right"], errors="coerce").dropna()
        if r.empty:
            raise DataError(Problem(what, "pooled" if name == "all" else "mixed", "wrong_to_right",
                                    "no group has both right and wrong answers"))
        medians[name] = (len(r), float(r.median()))
    (n_all, m_all), (n_mixed, m_mixed) = medians["all"], medians["mixed"]
    with np.errstate(divide="ignore", invalid="ignore"):
        gap_kept = float(np.log(m_mixed) / np.log(m_all)) if m_all != 1 else np.nan
    if m_all == 1:
        explanation = "no gap"
    elif abs(gap_kept) < 0.5:
        explanation = "item difficulty"
    else:
        explanation = "longer when wrong" if m_mixed > 1 else "shorter when wrong"
    return pd.Series({"n_groups_all": n_all, "median_all": m_all, "n_groups_mixed": n_mixed,
                      "median_mixed": m_mixed, "gap_kept": gap_kept, "explanation": explanation}, dtype=object)
