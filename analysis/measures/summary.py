"""From Responses to Points: accuracy with a confidence interval, tokens per answer, cost.

Definitions (docs/methods.md):

* weights: by default every **item (prompt) weighs the same** for accuracy, mean tokens, tokens
  per correct answer and cost alike (``weights="item"``: the mean per item, then the mean over
  items), so an item with more samples does not count more in one column than in another;
  ``weights="answer"`` weighs every answer the same in all of them instead;
* accuracy: the weighted mean of ``correct``;
* its interval: the cluster-adjusted Wilson interval (:func:`analysis.intervals.accuracy_interval`):
  Wilson's interval when every item has one sample (or the group has one item), otherwise
  Wilson's formula with the effective sample size from the design effect;
* tokens per answer: weighted mean; median and 90th percentile over answers (unweighted);
* tokens per correct answer: mean tokens / accuracy with the same weights, i.e. what one
  solved problem costs (total tokens / total score under ``weights="answer"``);
* cost per answer: weighted mean ``cost_usd``, or tokens priced by a ``prices`` table.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .._groups import require_columns
from .._warnings import warn_unused_bootstrap
from ..errors import DataError, Problem
from ..intervals import _check_ci, accuracy_interval
from .sufficient import Parts, finish_items, histogram_codes, histogram_quantiles, table_parts

TOKEN_KIND = {"output_tokens": "total", "reasoning_tokens": "thinking", "answer_tokens": "answer"}


def summarize(
    responses: pd.DataFrame,
    by: Sequence[str] = ("model", "setting", "benchmark"),
    *,
    ci: float = 0.95,
    n_boot: int | None = None,
    seed: int | None = None,
    tokens: str = "output_tokens",
    prices: pd.DataFrame | None = None,
    truncation_threshold: float = 0.05,
    weights: str = "item",
) -> pd.DataFrame:
    """One Points row per group of a (validated) Responses table.

    Columns, besides ``by``: ``n_items`` (distinct items), ``n_samples`` (answers),
    ``accuracy`` (fraction 0..1; with ``weights="item"``, the default, the mean over items of the
    per-item mean score), ``acc_low`` / ``acc_high`` (``ci`` interval), ``ci_method`` ('wilson'
    or 'cluster wilson'), ``n_eff`` (effective number of independent answers behind the
    interval), ``mean_tokens`` (mean over items of the item's mean ``tokens``, or over answers
    with ``weights="answer"``), ``median_tokens``, ``p90_tokens`` (over answers; quantiles
    interpolate linearly as ``numpy.quantile``), ``tokens_per_correct`` (mean_tokens / accuracy:
    tokens per solved item; NaN when nothing is correct), ``token_kind`` ('total' for
    output_tokens), ``weights`` ('item' or 'answer'), and ``cost_usd`` (US dollars per answer,
    weighted like tokens) with ``n_cost_missing`` when costs are known.

    ``weights``: ``"item"`` (default) weighs every item the same in accuracy, tokens, tokens per
    correct and cost; ``"answer"`` weighs every answer the same in all of them. The two differ
    only where items have different numbers of samples (missing runs).

    The interval is the cluster-adjusted Wilson interval of
    :func:`analysis.intervals.accuracy_interval` (Wilson 1927 with the design effect of the
    items, a t critical value and the Brown-Cai-DasGupta boundary correction; plain Wilson
    with that correction when every item has one sample or the group has one item). Its
    simulated coverage is in benchmarks/README.md; it never has zero width. ``n_boot`` and
    ``seed`` (of the bootstrap interval it replaced) change nothing: the interval is analytic,
    so it cannot depend on row order or on a seed. Giving them warns (FutureWarning); they
    will be removed.

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

    One code path for every engine: the table's sufficient statistics per (group, item)
    (:func:`~analysis.measures.sufficient.table_parts`; here the whole table is one part), then
    :func:`finish_summary`. A Dask DataFrame is summarised the same way partition by partition
    (:func:`analysis.scale.summarize`, which needs the ``dask`` extra) and gives the same result.
    Reordering the rows does not change any column. A ``cost_usd`` column with no value at all
    (as :func:`analysis.scale.read_many` gives for logs without costs) adds no cost columns, and
    truncation columns are added only where some answer's truncation is known.
    """
    _check_ci(ci)
    warn_unused_bootstrap("summarize", n_boot, seed)
    if weights not in ("item", "answer"):
        raise ValueError(f"weights must be 'item' or 'answer', got {weights!r}")
    if _is_dask(responses):  # the same statistics, partition by partition (analysis.scale)
        from ..scale.summary import summarize as summarize_dask

        return summarize_dask(responses, by, ci=ci, tokens=tokens, prices=prices,
                              truncation_threshold=truncation_threshold, weights=weights)
    parts = table_parts(responses, by, tokens=tokens, prices=prices, what="summarize")
    return finish_summary(parts, ci=ci, tokens=tokens, truncation_threshold=truncation_threshold, weights=weights)


def finish_summary(
    parts: Parts,
    *,
    ci: float = 0.95,
    tokens: str = "output_tokens",
    truncation_threshold: float = 0.05,
    weights: str = "item",
) -> pd.DataFrame:
    """The Points table of :func:`summarize` from combined sufficient statistics
    (:mod:`analysis.measures.sufficient`): the finish step every engine shares. Reads only
    per-item sums (answers, score, tokens, cost, truncation) and the exact token histogram, in
    an order that depends on the data alone, so the result does not depend on how the rows were
    partitioned or ordered. The interval comes from per-item means and counts
    (:func:`analysis.intervals.accuracy_interval`)."""
    _check_ci(ci)
    if weights not in ("item", "answer"):
        raise ValueError(f"weights must be 'item' or 'answer', got {weights!r}")
    what = "summarize"
    keys, item_gid, items = finish_items(parts, what)
    ng = len(keys)
    item_n = items["n"].to_numpy(np.int64)
    item_mean = items["sum_correct"].to_numpy(float) / item_n
    n_items = np.bincount(item_gid, minlength=ng)
    n_samples = np.bincount(item_gid, item_n, minlength=ng).astype(np.int64)  # per item, then per group
    several = np.bincount(item_gid, item_n > 1, minlength=ng) > 0
    clustered = several & (n_items > 1)

    # item weights: 1 per item, or its number of answers; every weighted mean below uses them
    w = np.ones(len(item_n)) if weights == "item" else item_n.astype(float)
    w_sum = np.bincount(item_gid, w, minlength=ng)
    accuracy = np.bincount(item_gid, w * item_mean, minlength=ng) / w_sum
    # variance of a weighted mean of item means (cluster ratio estimator): m/(m-1) sum w^2 (y - p)^2 / W^2
    dev2 = np.bincount(item_gid, (w * (item_mean - accuracy[item_gid])) ** 2, minlength=ng)
    with np.errstate(divide="ignore", invalid="ignore"):
        var_mean = np.where(n_items > 1, n_items / np.maximum(n_items - 1, 1) * dev2 / w_sum**2, 0.0)
    low, high, n_eff = accuracy_interval(accuracy, var_mean, n_items, n_samples, ci=ci)

    item_t = items["sum_tokens"].to_numpy(float) / item_n
    mean_t = np.bincount(item_gid, w * item_t, minlength=ng) / w_sum
    cell, tv, count = histogram_codes(parts, keys, False, what)
    _, (median, p90) = histogram_quantiles(cell, tv, count, ng, (0.5, 0.9))
    with np.errstate(divide="ignore", invalid="ignore"):
        tpc = np.where(accuracy > 0, mean_t / np.where(accuracy > 0, accuracy, 1), np.nan)

    out = keys.copy()
    out["n_items"] = n_items
    out["n_samples"] = n_samples
    out["accuracy"] = accuracy
    out["acc_low"] = low
    out["acc_high"] = high
    out["ci_method"] = np.where(clustered, "cluster wilson", "wilson")
    out["n_eff"] = n_eff
    out["mean_tokens"] = mean_t
    out["median_tokens"] = median
    out["p90_tokens"] = p90
    out["tokens_per_correct"] = tpc
    out["token_kind"] = TOKEN_KIND.get(tokens, tokens)
    out["weights"] = weights

    if "sum_cost" in items.columns and items["n_cost_missing"].sum() < n_samples.sum():  # some cost known
        n_missing = np.bincount(item_gid, items["n_cost_missing"].to_numpy(np.int64), minlength=ng).astype(np.int64)
        item_cost = items["sum_cost"].to_numpy(float) / item_n
        total = np.bincount(item_gid, w * item_cost, minlength=ng) / w_sum
        out["cost_usd"] = np.where(n_missing == 0, total, np.nan)
        out["n_cost_missing"] = n_missing
    if "n_truncated" in items.columns and items["n_trunc_known"].sum() > 0:  # some truncation known
        from .truncation import warn_truncation

        known = np.bincount(item_gid, items["n_trunc_known"].to_numpy(np.int64), minlength=ng).astype(np.int64)
        cut = np.bincount(item_gid, items["n_truncated"].to_numpy(np.int64), minlength=ng).astype(np.int64)
        out["n_truncated"] = cut
        out["truncation_rate"] = pd.array(cut / np.where(known > 0, known, 1), dtype="Float64")
        out.loc[known == 0, "truncation_rate"] = pd.NA
        warn_truncation(out.assign(n_known=known), list(parts.by), truncation_threshold)
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
