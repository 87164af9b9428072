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

from .._groups import group_rng, require_columns
from ..errors import DataError, Problem
from ..intervals import _check_ci, bootstrap_means, percentile_interval, wilson_interval
from .sufficient import Parts, finish_items, histogram_codes, histogram_quantiles, table_parts

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
    count in ``n_cost_missing`` (never a mean over part of the answers); a ``cost_usd`` column
    with no value at all (as :func:`analysis.scale.read_many` gives for logs without costs)
    adds no cost columns.

    Truncation: where the table says which answers stopped at the generation cap (a
    ``truncated`` column from :func:`~analysis.mark_truncated`, or a ``max_tokens`` column from
    which it is marked), ``n_truncated`` and ``truncation_rate`` (fraction 0..1) are added, and a
    :class:`~analysis.TruncationWarning` names the groups above ``truncation_threshold``: their
    accuracy measures the cap, not the model. Columns that say nothing of any answer add no
    truncation columns.

    A missing token count is a :class:`~analysis.DataError` naming the group (count the tokens
    from the text first).

    One code path for every engine: the table's sufficient statistics per (group, item)
    (:func:`~analysis.measures.sufficient.table_parts`; here the whole table is one part), then
    :func:`finish_summary`. A Dask DataFrame is summarised the same way partition by partition
    (:func:`analysis.scale.summarize`, which needs the ``dask`` extra) and gives the same result.
    Reordering the rows does not change any column, intervals included.
    """
    _check_ci(ci)
    if n_boot < 1:
        raise ValueError(f"n_boot must be >= 1, got {n_boot}")
    if _is_dask(responses):  # the same statistics, partition by partition (analysis.scale)
        from ..scale.summary import summarize as summarize_dask

        return summarize_dask(responses, by, ci=ci, n_boot=n_boot, seed=seed, tokens=tokens, prices=prices,
                              truncation_threshold=truncation_threshold)
    parts = table_parts(responses, by, tokens=tokens, prices=prices, what="summarize")
    return finish_summary(parts, ci=ci, n_boot=n_boot, seed=seed, tokens=tokens,
                          truncation_threshold=truncation_threshold)


def finish_summary(
    parts: Parts,
    *,
    ci: float = 0.95,
    n_boot: int = 1000,
    seed: int = 0,
    tokens: str = "output_tokens",
    truncation_threshold: float = 0.05,
) -> pd.DataFrame:
    """The Points table of :func:`summarize` from combined sufficient statistics
    (:mod:`analysis.measures.sufficient`): the finish step every engine shares. Reads only
    per-item sums and the token histogram, in an order that depends on the data alone, so the
    result does not depend on how the rows were partitioned or ordered (the bootstrap resamples
    the group's item means sorted by value)."""
    _check_ci(ci)
    what = "summarize"
    keys, item_gid, items = finish_items(parts, what)
    ng = len(keys)
    item_n = items["n"].to_numpy(np.int64)
    item_sum = items["sum_correct"].to_numpy(float)
    item_mean = item_sum / item_n
    n_items = np.bincount(item_gid, minlength=ng)
    n_samples = np.bincount(item_gid, item_n, minlength=ng).astype(np.int64)
    accuracy = np.bincount(item_gid, item_mean, minlength=ng) / n_items
    several = np.bincount(item_gid, item_n > 1, minlength=ng) > 0
    use_boot = several & (n_items > 1)

    sum_c = np.bincount(item_gid, item_sum, minlength=ng)
    low, high = wilson_interval(sum_c, n_samples, ci=ci)
    if use_boot.any():
        starts = np.concatenate([[0], np.cumsum(n_items)])  # items are sorted by group
        for g in np.flatnonzero(use_boot):
            vals = np.sort(item_mean[starts[g] : starts[g + 1]])  # resample in value order
            boot = bootstrap_means(vals, n_boot=n_boot, rng=group_rng(seed, keys, int(g)))
            low[g], high[g] = percentile_interval(boot, ci)
    low = np.minimum(low, accuracy)  # guard against rounding in degenerate (zero-width) cases
    high = np.maximum(high, accuracy)

    sum_t = np.bincount(item_gid, items["sum_tokens"].to_numpy(float), minlength=ng)
    cell, tv, count = histogram_codes(parts, keys, False, what)
    _, (median, p90) = histogram_quantiles(cell, tv, count, ng, (0.5, 0.9))
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

    if "sum_cost" in items.columns and items["n_cost_missing"].sum() < n_samples.sum():  # some cost known
        n_missing = np.bincount(item_gid, items["n_cost_missing"].to_numpy(np.int64), minlength=ng).astype(np.int64)
        total = np.bincount(item_gid, items["sum_cost"].to_numpy(float), minlength=ng)
        out["cost_usd"] = np.where(n_missing == 0, total / n_samples, np.nan)
        out["n_cost_missing"] = n_missing
    if "n_truncated" in items.columns and items["n_trunc_known"].sum() > 0:  # some truncation known
        from .truncation import warn_truncation

        known = np.bincount(item_gid, items["n_trunc_known"].to_numpy(np.int64), minlength=ng).astype(np.int64)
        cut = np.bincount(item_gid, items["n_truncated"].to_numpy(np.int64), minlength=ng).astype(np.int64)
        out["n_truncated"] = cut
        out["truncation_rate"] = pd.array(cut / np.where(known > 0, known, 1), dtype="Float64")
        out.loc[known == 0, "truncation_rate"] = pd.NA
        warn_truncation(out.assign(n_known=known), list(parts.by), truncation_threshold, stacklevel=4)
    return out


def _is_dask(frame: object) -> bool:
    """A Dask DataFrame, recognised without importing dask."""
    return type(frame).__module__.split(".")[0] in ("dask", "dask_expr")


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
