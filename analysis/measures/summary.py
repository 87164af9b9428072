"""From Responses to Points: accuracy with a confidence interval, tokens per answer, cost.

Definitions (docs/methods.md):

* accuracy: the mean of ``correct`` per item, then the mean over items (every item weighs the
  same, however many samples it has);
* its interval: Wilson when every item has exactly one sample (or the group has one item, whose
  samples are then independent trials); otherwise a cluster bootstrap over items
  (:mod:`analysis.intervals`);
* tokens per answer: mean, median and 90th percentile of the token column over answers;
* tokens per correct answer: total tokens / total score, i.e. what one solved problem costs
  (= mean_tokens / mean score over answers);
* cost per answer: mean ``cost_usd``, or tokens priced by a ``prices`` table.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .._groups import code_responses, group_rng, require_columns
from ..errors import DataError, Problem
from ..intervals import _check_ci, bootstrap_means, percentile_interval, wilson_interval

TOKEN_KIND = {"output_tokens": "total", "reasoning_tokens": "thinking", "answer_tokens": "answer"}


def summarize(
    responses: pd.DataFrame,
    by: Sequence[str] = ("model", "setting", "benchmark"),
    *,
    ci: float = 0.95,
    n_boot: int = 1000,
    seed: int = 0,
    tokens: str = "output_tokens",
    prices: pd.DataFrame | None = None,
    truncation_threshold: float = 0.05,
) -> pd.DataFrame:
    """One Points row per group of a (validated) Responses table.

    Columns, besides ``by``: ``n_items`` (distinct items), ``n_samples`` (answers),
    ``accuracy`` (fraction 0..1, mean over items of the per-item mean score), ``acc_low`` /
    ``acc_high`` (``ci`` interval), ``ci_method`` ('wilson' or 'bootstrap'), ``mean_tokens``,
    ``median_tokens``, ``p90_tokens`` (tokens per answer, from ``tokens``; quantiles interpolate
    linearly as ``numpy.quantile``), ``tokens_per_correct`` (total tokens / total score; NaN when
    nothing is correct), ``token_kind`` ('total' for output_tokens), and ``cost_usd`` (US dollars,
    mean per answer) with ``n_cost_missing`` when costs are known.

    The interval is Wilson (Wilson 1927) when every item of the group has exactly one sample, or
    when the group has a single item (its samples are then the only source of noise); otherwise
    the percentile interval of ``n_boot`` cluster-bootstrap resamples of whole items (seeded by
    ``seed`` and the group's labels, so it does not depend on the other groups). A bootstrap over
    items that all have the same mean gives a zero-width interval.

    Costs: ``prices`` is a DataFrame with columns ``model``, ``usd_per_mtok_output`` and
    optionally ``usd_per_mtok_input`` (US dollars per million tokens); cost of an answer =
    output_tokens * out / 1e6 (+ input_tokens * in / 1e6). Given prices take precedence over a
    ``cost_usd`` column. A group where some answers have no cost gets ``cost_usd`` NaN and the
    count in ``n_cost_missing`` (never a mean over part of the answers).

    Truncation: where the table says which answers stopped at the generation cap (a
    ``truncated`` column from :func:`~analysis.mark_truncated`, or a ``max_tokens`` column from
    which it is marked), ``n_truncated`` and ``truncation_rate`` (fraction 0..1) are added, and a
    :class:`~analysis.TruncationWarning` names the groups above ``truncation_threshold``: their
    accuracy measures the cap, not the model.

    A missing token count is a :class:`~analysis.DataError` naming the group (count the tokens
    from the text first).
    """
    _check_ci(ci)
    if n_boot < 1:
        raise ValueError(f"n_boot must be >= 1, got {n_boot}")
    what = "summarize"
    by, gid, keys, c, t, iid, item_gid = code_responses(responses, by, tokens, what)
    ng = len(keys)

    item_n = np.bincount(iid)
    item_sum = np.bincount(iid, c)
    item_mean = item_sum / item_n
    n_items = np.bincount(item_gid, minlength=ng)
    n_samples = np.bincount(item_gid, item_n, minlength=ng).astype(np.int64)  # per item, then per group
    accuracy = np.bincount(item_gid, item_mean, minlength=ng) / n_items
    several = np.bincount(item_gid, item_n > 1, minlength=ng) > 0
    use_boot = several & (n_items > 1)

    sum_c = np.bincount(item_gid, item_sum, minlength=ng)
    low, high = wilson_interval(sum_c, n_samples, ci=ci)
    if use_boot.any():
        order = np.argsort(item_gid, kind="stable")
        starts = np.concatenate([[0], np.cumsum(n_items)])
        means_by_group = item_mean[order]
        for g in np.flatnonzero(use_boot):
            vals = means_by_group[starts[g] : starts[g + 1]]
            boot = bootstrap_means(vals, n_boot=n_boot, rng=group_rng(seed, keys, int(g)))
            low[g], high[g] = percentile_interval(boot, ci)
    low = np.minimum(low, accuracy)  # guard against rounding in degenerate (zero-width) cases
    high = np.maximum(high, accuracy)

    sum_t = np.bincount(gid, t, minlength=ng)
    median, p90 = _group_quantiles(t, gid, n_samples, (0.5, 0.9))
    with np.errstate(divide="ignore", invalid="ignore"):
        tpc = np.where(sum_c > 0, sum_t / np.where(sum_c > 0, sum_c, 1), np.nan)

    out = keys.copy()
    out["n_items"] = n_items
    out["n_samples"] = n_samples
    out["accuracy"] = accuracy
    out["acc_low"] = low
    out["acc_high"] = high
    out["ci_method"] = np.where(use_boot, "bootstrap", "wilson")
    out["mean_tokens"] = sum_t / n_samples
    out["median_tokens"] = median
    out["p90_tokens"] = p90
    out["tokens_per_correct"] = tpc
    out["token_kind"] = TOKEN_KIND.get(tokens, tokens)

    cost = _answer_costs(responses, prices, what)
    if cost is not None:
        missing = np.isnan(cost)
        n_missing = np.bincount(gid, missing, minlength=ng).astype(np.int64)
        total = np.bincount(gid, np.where(missing, 0.0, cost), minlength=ng)
        out["cost_usd"] = np.where(n_missing == 0, total / n_samples, np.nan)
        out["n_cost_missing"] = n_missing
    if "truncated" in responses.columns or "max_tokens" in responses.columns:
        out = _with_truncation(out, responses, by, truncation_threshold)
    return out


def _with_truncation(out: pd.DataFrame, responses: pd.DataFrame, by: tuple[str, ...], threshold: float) -> pd.DataFrame:
    from .truncation import mark_truncated, truncation_rate

    if "truncated" not in responses.columns:
        responses = mark_truncated(responses)
    rates = truncation_rate(responses, by, threshold=threshold, warn=True)
    rates = rates[[*by, "n_truncated", "truncation_rate"]]
    merged = out.merge(rates, on=list(by), how="left", validate="one_to_one")
    return merged


def _group_quantiles(t: np.ndarray, gid: np.ndarray, counts: np.ndarray, qs: Sequence[float]) -> list[np.ndarray]:
    """Per-group quantiles (numpy's 'linear' method) with one sort of (group, value)."""
    if np.all(t == np.round(t)) and t.max(initial=0) < 2**40 and len(counts) < 2**20:
        span = int(t.max(initial=0)) + 1
        sorted_t = (np.sort(gid * span + t.astype(np.int64)) % span).astype(float)
    else:
        sorted_t = t[np.lexsort((t, gid))]
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    result = []
    for q in qs:
        pos = q * (counts - 1)
        lo = np.floor(pos).astype(np.int64)
        hi = np.ceil(pos).astype(np.int64)
        frac = pos - lo
        a = sorted_t[starts + lo]
        b = sorted_t[starts + hi]
        result.append(a + (b - a) * frac)
    return result


def _answer_costs(responses: pd.DataFrame, prices: pd.DataFrame | None, what: str) -> np.ndarray | None:
    """Cost of each answer in US dollars (NaN where unknown), or None when no costs are given."""
    if prices is None:
        if "cost_usd" not in responses.columns:
            return None
        cost = pd.to_numeric(responses["cost_usd"], errors="coerce").to_numpy(float, na_value=np.nan)
        return cost
    require_columns(prices, ["model", "usd_per_mtok_output"], "prices")
    if prices["model"].duplicated().any():
        dup = prices["model"][prices["model"].duplicated()].iloc[0]
        raise DataError(Problem("prices", None, "model", f"model {dup!r} is priced more than once"))
    table = prices.set_index("model")
    unknown = sorted(set(responses["model"].unique()) - set(table.index))
    if unknown:
        raise DataError(Problem("prices", None, "model", f"no price for model(s) {unknown}"))
    out_price = responses["model"].map(table["usd_per_mtok_output"].astype(float)).to_numpy(float)
    out_tok = pd.to_numeric(responses["output_tokens"], errors="coerce").to_numpy(float, na_value=np.nan)
    cost = out_tok * out_price / 1e6
    if "usd_per_mtok_input" in table.columns:
        require_columns(responses, ["input_tokens"], what + " (prices give an input price)")
        in_price = responses["model"].map(table["usd_per_mtok_input"].astype(float)).to_numpy(float)
        in_tok = pd.to_numeric(responses["input_tokens"], errors="coerce").to_numpy(float, na_value=np.nan)
        cost = cost + in_tok * in_price / 1e6
    return cost
