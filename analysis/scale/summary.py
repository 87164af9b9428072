"""Summaries of a Dask DataFrame of Responses: the same sufficient statistics as the pandas
functions (:mod:`analysis.measures.sufficient`), computed per partition on the workers, added up
in a tree (an item may span partitions), and finished by the same finish step as the pandas
functions, run as the tree's last task: only the finished table (and any warning the finish
step gave, re-issued here) travels to the client, never the rows or the per-item sums.
"""

from __future__ import annotations

import warnings
from typing import Any, Callable, Sequence

import pandas as pd

from .._warnings import warn_unused_bootstrap
from ..measures.sufficient import Parts, combine_parts, histogram_parts, table_parts
from ._dask import require_dask

#: partial results combined per task of the reduction tree
FAN_IN = 8


def summarize(
    responses,
    by: Sequence[str] = ("model", "setting", "benchmark"),
    *,
    ci: float = 0.95,
    n_boot: int | None = None,
    seed: int | None = None,
    tokens: str = "output_tokens",
    prices: pd.DataFrame | None = None,
    truncation_threshold: float = 0.05,
    weights: str = "item",
    progress: bool = False,
) -> pd.DataFrame:
    """:func:`analysis.summarize` of a Dask (or pandas) DataFrame: the same Points table, to the
    last bit for any partitioning (up to rounding of sums of fractional scores or costs).
    ``n_boot`` and ``seed`` change nothing and warn, as in :func:`analysis.summarize`.
    ``progress``: show a progress bar while the partitions are computed."""
    from ..measures.summary import finish_summary

    warn_unused_bootstrap("summarize", n_boot, seed)

    return compute_parts(responses, lambda f: table_parts(f, by, tokens=tokens, prices=prices), progress=progress,
                         finish=lambda p: finish_summary(p, ci=ci, tokens=tokens, weights=weights,
                                                         truncation_threshold=truncation_threshold))


def pass_at_k(responses, ks: Sequence[int], *, by: Sequence[str] = ("model", "setting", "benchmark"),
              tokens: str = "output_tokens", progress: bool = False) -> pd.DataFrame:
    """:func:`analysis.pass_at_k` of a Dask DataFrame (the same table)."""
    from ..measures.parallel import finish_pass_at_k

    return compute_parts(responses, lambda f: table_parts(f, by, tokens=tokens, what="pass_at_k"), progress=progress,
                         finish=lambda p: finish_pass_at_k(p, ks))


def token_quantiles(responses, *, by: str | Sequence[str] = ("model",), split_correct: bool = True,
                    quantiles: Sequence[float] = (0.1, 0.25, 0.5, 0.75, 0.9), tokens: str = "output_tokens",
                    progress: bool = False) -> pd.DataFrame:
    """:func:`analysis.token_quantiles` of a Dask DataFrame: exact quantiles from the merged
    token histograms (the same table)."""
    from ..measures.distribution import finish_token_quantiles

    return compute_parts(responses, lambda f: histogram_parts(f, by, tokens=tokens), progress=progress,
                         finish=lambda p: finish_token_quantiles(p, split_correct=split_correct, quantiles=quantiles))


def budget_curve(responses, budgets: Sequence[float], *, by: Sequence[str] = ("model", "setting", "benchmark"),
                 tokens: str = "output_tokens", progress: bool = False) -> pd.DataFrame:
    """:func:`analysis.budget_curve` of a Dask DataFrame (the same table), in two passes over
    the partitions (:mod:`analysis.measures.budget`): answers per item, then the (group,
    samples, tokens) histogram given them. Each pass computes the partitions anew; persist the
    frame first (``responses.persist()``) to read the files once when it fits in the workers'
    memory."""
    from ..measures.budget import budget_parts, combine_budget_parts, finish_budget_curve, item_counts

    counts = compute_parts(responses, lambda f: item_counts(f, by, tokens=tokens), progress=progress)
    hist = compute_parts(responses, lambda f, c: budget_parts(f, c, tokens=tokens), progress=progress,
                         combine=lambda *h: combine_budget_parts(h, counts.by), shared=counts)
    return finish_budget_curve(counts, hist, budgets)


def compute_parts(responses, part: Callable[..., Any], *, progress: bool = False,
                  combine: Callable[..., Any] | None = None, shared: Any = None,
                  finish: Callable[[Any], Any] | None = None) -> Any:
    """``part`` of every partition, combined by a tree of ``combine`` (default
    :func:`combine_parts`; ``FAN_IN`` at a time) and computed with the current Dask scheduler
    (a ``distributed.Client`` when one is active). With ``shared``, ``part(partition, shared)``:
    one object every task reads (sent once, not once per task). With ``finish``, the result is
    ``finish(combined)``, computed by the tree's last task (so the combined statistics stay on
    the cluster); warnings it gives are re-issued here. A pandas frame is one partition."""
    args = () if shared is None else (shared,)
    if isinstance(responses, pd.DataFrame):
        out = part(responses, *args)
        return out if finish is None else finish(out)
    require_dask()
    import dask
    from dask import delayed

    combine = combine or _combine
    if shared is not None:
        args = (delayed(shared, pure=True, traverse=False),)
    layer = [delayed(part, pure=True)(p, *args) for p in responses.to_delayed()]
    while len(layer) > 1:
        layer = [delayed(combine, pure=True)(*layer[i : i + FAN_IN]) for i in range(0, len(layer), FAN_IN)]
    if finish is None:
        return _compute(layer[0], progress, dask)
    out, caught = _compute(delayed(_finish_recording, pure=True)(layer[0], finish), progress, dask)
    for message in caught:
        warnings.warn(message, stacklevel=3)
    return out


def _combine(*parts: Parts) -> Parts:
    return combine_parts(parts)


def _finish_recording(parts: Any, finish: Callable[[Any], Any]) -> tuple[Any, list[Warning]]:
    """``finish(parts)`` and the warnings it gave (a worker's warnings would not reach the user)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = finish(parts)
    return out, [w.message for w in caught]


def _compute(obj, progress: bool, dask):
    client = _active_client()
    if client is not None:
        future = client.compute(obj)
        if progress:
            from distributed import progress as show

            show(future)
        return future.result()
    if progress:
        from dask.diagnostics import ProgressBar

        with ProgressBar(minimum=1.0):
            return dask.compute(obj)[0]
    return dask.compute(obj)[0]


def _active_client():
    """The current ``distributed.Client`` if one is the default scheduler, else None."""
    try:
        from distributed import get_client
    except ImportError:
        return None
    import dask

    if dask.config.get("scheduler", None) not in (None, "dask.distributed", "distributed"):
        return None  # a local scheduler was asked for explicitly
    try:
        return get_client()
    except ValueError:
        return None
