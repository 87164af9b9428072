"""Sufficient statistics of a Responses table: what :func:`analysis.summarize`,
:func:`analysis.pass_at_k` and :func:`analysis.token_quantiles` need, computed per part of the
table, added up across parts, and finished into results.

One code path for every engine: a part is any set of rows (a pandas table is one part, a Dask
partition or a file is another); ``table_parts(rows)`` computes its :class:`Parts`;
``combine_parts`` adds parts up (associative and commutative: an item may span parts); the
finish steps (:mod:`analysis.measures.summary`, ``parallel``, ``distribution``) read only the
combined parts. So the result cannot depend on how rows are split into parts or ordered.

``Parts.items``: one row per (group, item): ``by`` columns, ``item_id``, ``n`` (answers),
``sum_correct`` (sum of scores), ``sum_tokens`` (tokens), ``n_partial`` (scores strictly
between 0 and 1), and where the table has them ``sum_cost`` (US dollars, known costs only) with
``n_cost_missing``, and ``n_trunc_known`` / ``n_truncated`` (answers whose truncation is known /
that stopped at the cap). Per-item means (score, tokens, cost) are sums / ``n``, so both an
item-weighted and an answer-weighted finish are possible.

``Parts.tokens``: the exact token histogram: one row per (group, outcome, token value) with
``count`` answers; ``outcome`` 0 = correct (score 1), 1 = wrong (0), 2 = partial. Quantiles
from it are exact order statistics (numpy's 'linear' interpolation between them): the
histogram holds every distinct value, so its size is the number of distinct (group, outcome,
tokens) triples, never a sketch.
"""

from __future__ import annotations

from typing import Iterable, NamedTuple, Sequence

import numpy as np
import pandas as pd

from .._groups import CodedResponses, as_tuple, code_responses, correct_array, group_codes, require_columns, token_array
from ..errors import DataError, Problem

ITEM_SUMS = ("n", "sum_correct", "sum_tokens", "n_partial")
OUTCOME_NAMES = ("correct", "wrong", "partial")


class Parts(NamedTuple):
    """Sufficient statistics of some rows (see the module docstring for the columns)."""

    by: tuple[str, ...]
    items: pd.DataFrame
    tokens: pd.DataFrame


def table_parts(
    responses: pd.DataFrame,
    by: str | Sequence[str] | None = ("model", "setting", "benchmark"),
    *,
    tokens: str = "output_tokens",
    prices: pd.DataFrame | None = None,
    what: str = "summarize",
) -> Parts:
    """The :class:`Parts` of one part of a Responses table (any number of rows, none allowed).

    A missing token count or a score outside [0, 1] is a :class:`~analysis.DataError` naming
    the row within this part and its group. Costs come from ``prices`` or a ``cost_usd``
    column; truncation from a ``truncated`` column or, through
    :func:`~analysis.mark_truncated`, a ``max_tokens`` column."""
    by = as_tuple(by)
    if len(responses) == 0:
        return empty_parts(responses, by, costs=prices is not None or "cost_usd" in responses.columns,
                           truncation="truncated" in responses.columns or "max_tokens" in responses.columns)
    coded = code_responses(responses, by, tokens, what)
    by, gid, keys, c, t, iid, item_gid = coded
    n_pairs = int(item_gid.shape[0])
    items = item_table(responses, coded)
    items["n"] = np.bincount(iid, minlength=n_pairs).astype(np.int64)
    items["sum_correct"] = np.bincount(iid, c, minlength=n_pairs)
    items["sum_tokens"] = np.bincount(iid, t, minlength=n_pairs)
    items["n_partial"] = np.bincount(iid, (c != 0) & (c != 1), minlength=n_pairs).astype(np.int64)

    from .summary import _answer_costs

    cost = _answer_costs(responses, prices, what)
    if cost is not None:
        missing = np.isnan(cost)
        items["sum_cost"] = np.bincount(iid, np.where(missing, 0.0, cost), minlength=n_pairs)
        items["n_cost_missing"] = np.bincount(iid, missing, minlength=n_pairs).astype(np.int64)
    if "truncated" in responses.columns or "max_tokens" in responses.columns:
        from .truncation import mark_truncated

        given = responses["truncated"].astype("boolean") if "truncated" in responses.columns else None
        if given is not None and ("max_tokens" not in responses.columns or given.notna().all()
                                  or responses["max_tokens"].isna().all()):  # no cap to mark from
            trunc = given
        else:  # marked from the cap where the table does not say (read_many gives both columns)
            cap = [col for col in ("max_tokens", "output_tokens") if col in responses.columns]
            trunc = mark_truncated(responses[cap])["truncated"]
            if given is not None:
                trunc = given.where(given.notna(), trunc)
        items["n_trunc_known"] = np.bincount(iid, trunc.notna().to_numpy(bool), minlength=n_pairs).astype(np.int64)
        items["n_truncated"] = np.bincount(iid, trunc.fillna(False).to_numpy(bool), minlength=n_pairs).astype(np.int64)

    outcome = np.where(c == 1, 0, np.where(c == 0, 1, 2)).astype(np.int64)
    return Parts(by, items, _histogram(keys, gid, outcome, t))


def item_table(responses: pd.DataFrame, coded: CodedResponses) -> pd.DataFrame:
    """One row per (group, item) of coded rows, in code order: the ``by`` labels and ``item_id``."""
    n_pairs = int(coded.item_gid.shape[0])
    first = np.zeros(n_pairs, np.int64)
    first[coded.iid[::-1]] = np.arange(len(coded.iid) - 1, -1, -1)  # first row of each (group, item)
    items = coded.keys.iloc[coded.item_gid].reset_index(drop=True)
    items["item_id"] = responses["item_id"].iloc[first].to_numpy()
    return items


def histogram_parts(
    responses: pd.DataFrame, by: str | Sequence[str] | None, *, tokens: str = "output_tokens",
    what: str = "token_quantiles",
) -> Parts:
    """Only the token histogram of some rows (no items: the table needs no ``item_id``)."""
    by = as_tuple(by)
    require_columns(responses, [*by, "correct"], what)
    if len(responses) == 0:
        return empty_parts(responses, by)
    gid, keys = group_codes(responses, by, what)
    c = correct_array(responses, what)
    t = token_array(responses, tokens, gid, keys, what)
    outcome = np.where(c == 1, 0, np.where(c == 0, 1, 2)).astype(np.int64)
    return Parts(by, empty_parts(responses, by).items, _histogram(keys, gid, outcome, t))


def _histogram(keys: pd.DataFrame, gid: np.ndarray, outcome: np.ndarray, t: np.ndarray) -> pd.DataFrame:
    """Counts per distinct (group, outcome, tokens), exact for any token values."""
    cell = gid * 3 + outcome
    if np.all(t == np.round(t)) and t.max(initial=0) < 2**40 and cell.max(initial=0) < 2**22:
        span = int(t.max(initial=0)) + 1
        codes, counts = np.unique(cell * span + t.astype(np.int64), return_counts=True)
        cells, values = codes // span, (codes % span).astype(float)
    else:
        frame = pd.DataFrame({"cell": cell, "t": t}).value_counts(sort=False).reset_index()
        cells, values, counts = frame["cell"].to_numpy(), frame["t"].to_numpy(float), frame["count"].to_numpy()
    hist = keys.iloc[cells // 3].reset_index(drop=True)
    hist["outcome"] = (cells % 3).astype(np.int8)
    hist["tokens"] = values
    hist["count"] = counts.astype(np.int64)
    return hist


def empty_parts(like: pd.DataFrame, by: Sequence[str], *, costs: bool = False, truncation: bool = False) -> Parts:
    """Parts of no rows, with the columns (and label dtypes) of ``like``."""
    by = as_tuple(by)
    labels = {c: like[c].iloc[:0] if c in like.columns else pd.Series([], dtype=object) for c in by}
    items = pd.DataFrame({**labels, "item_id": like["item_id"].iloc[:0] if "item_id" in like.columns else pd.Series([], dtype=object)})
    for col in ("n", "sum_correct", "sum_tokens", "n_partial"):
        items[col] = np.zeros(0, np.int64 if col.startswith("n") else float)
    if costs:
        items["sum_cost"] = np.zeros(0, float)
        items["n_cost_missing"] = np.zeros(0, np.int64)
    if truncation:
        items["n_trunc_known"] = np.zeros(0, np.int64)
        items["n_truncated"] = np.zeros(0, np.int64)
    tokens = pd.DataFrame({**labels, "outcome": np.zeros(0, np.int8), "tokens": np.zeros(0, float),
                           "count": np.zeros(0, np.int64)})
    return Parts(by, items.reset_index(drop=True), tokens.reset_index(drop=True))


def combine_parts(parts: Iterable[Parts]) -> Parts:
    """The parts of the union of the rows behind ``parts``: sums per (group, item) and per
    (group, outcome, tokens). Associative and commutative (up to the order of rows, which the
    finish steps do not depend on). Columns only some parts have (costs, truncation) are kept
    where every part has them, else dropped (a cost known for only some parts is unknown)."""
    parts = list(parts)
    if not parts:
        raise ValueError("combine_parts needs at least one Parts")
    by = parts[0].by
    if any(p.by != by for p in parts):
        raise ValueError("combine_parts: parts grouped by different columns")
    if len(parts) == 1:
        return parts[0]
    common = [c for c in parts[0].items.columns if all(c in p.items.columns for p in parts)]
    items = sum_by(pd.concat([p.items[common] for p in parts], ignore_index=True), [*by, "item_id"])
    hist = sum_by(pd.concat([p.tokens for p in parts], ignore_index=True), [*by, "outcome", "tokens"])
    return Parts(by, items, hist)


def sum_by(frame: pd.DataFrame, keys: Sequence[str], what: str = "combine_parts") -> pd.DataFrame:
    """The other (numeric) columns of ``frame`` summed per distinct ``keys``: one row per
    distinct key, sorted by it; integer columns stay int64 (exact below 2**53). Coded with
    :func:`~analysis._groups.group_codes` and summed with ``np.bincount`` (no hash group-by on
    text columns)."""
    code, out = group_codes(frame, keys, what)
    if not keys:
        out = pd.DataFrame(index=range(1 if len(frame) else 0))
    for col in frame.columns:
        if col in keys:
            continue
        values = frame[col].to_numpy()
        total = np.bincount(code, values.astype(float), minlength=len(out))
        out[col] = total.round().astype(np.int64) if values.dtype.kind in "iub" else total
    return out


class FinishedItems(NamedTuple):
    """Per-item arrays of combined parts in a canonical order (by group, then item sums), and
    the groups: what every finish step starts from."""

    keys: pd.DataFrame  # one row per group, sorted by the ``by`` labels
    item_gid: np.ndarray  # item -> group
    items: pd.DataFrame  # the items table in the canonical order


def finish_items(parts: Parts, what: str) -> FinishedItems:
    """Groups and items of combined ``parts`` in an order that depends on the data only (never
    on how the rows were split or ordered): groups sorted by label, items within a group by
    (n, sum_correct, sum_tokens); items tied on all three give the same per-item means, so every
    statistic of the sorted items is the same whatever the input order. No answers: DataError."""
    items = parts.items
    if len(items) == 0:
        raise DataError(Problem(what, None, None, "no responses"))
    gid, keys = group_codes(items, parts.by, what)
    order = np.lexsort((items["sum_tokens"].to_numpy(float), items["sum_correct"].to_numpy(float),
                        items["n"].to_numpy(), gid))
    return FinishedItems(keys, gid[order], items.iloc[order].reset_index(drop=True))


def histogram_codes(parts: Parts, keys: pd.DataFrame, outcome: bool, what: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(cell, tokens, count)`` of the token histogram sorted by (cell, tokens): cell = group
    (position in ``keys``) when not ``outcome``, else group * 3 + outcome; merged over
    outcomes when not ``outcome``."""
    hist = parts.tokens
    by = list(parts.by)
    if by:
        pos = pd.MultiIndex.from_frame(keys[by]).get_indexer(pd.MultiIndex.from_frame(hist[by]))
        if (pos < 0).any():
            raise DataError(Problem(what, None, None, "token histogram has a group the items do not"))
    else:
        pos = np.zeros(len(hist), np.int64)
    cell = pos * 3 + hist["outcome"].to_numpy(np.int64) if outcome else pos.astype(np.int64)
    t = hist["tokens"].to_numpy(float)
    count = hist["count"].to_numpy(np.int64)
    order = np.lexsort((t, cell))
    cell, t, count = cell[order], t[order], count[order]
    if not outcome and len(cell) > 1:  # one entry per (group, value)
        new = np.concatenate([[True], (cell[1:] != cell[:-1]) | (t[1:] != t[:-1])])
        starts = np.flatnonzero(new)
        count = np.add.reduceat(count, starts)
        cell, t = cell[starts], t[starts]
    return cell, t, count


def histogram_quantiles(cell: np.ndarray, t: np.ndarray, count: np.ndarray, n_cells: int,
                        qs: Sequence[float]) -> tuple[np.ndarray, list[np.ndarray]]:
    """``(n, [quantile per cell for each q])`` from a histogram sorted by (cell, tokens):
    exactly ``numpy.quantile`` (linear) of the values the histogram counts (NaN for an empty
    cell). The k-th smallest value of a cell is found by a search in the cumulative counts."""
    n = np.bincount(cell, count, minlength=n_cells).astype(np.int64)
    cum = np.cumsum(count)
    before = np.concatenate([[0], np.cumsum(n)[:-1]])
    out = []
    for q in qs:
        pos = q * (n - 1)
        lo = np.floor(pos).astype(np.int64)
        hi = np.ceil(pos).astype(np.int64)
        frac = pos - lo
        has = n > 0
        a = _kth(cum, t, (before + lo)[has])
        b = _kth(cum, t, (before + hi)[has])
        value = np.full(n_cells, np.nan)
        f = frac[has]
        # numpy's own lerp (numpy/lib/_function_base_impl.py, _lerp): from the nearer end
        value[has] = np.where(f >= 0.5, b - (b - a) * (1 - f), a + (b - a) * f)
        out.append(value)
    return n, out


def _kth(cum: np.ndarray, t: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The value at 0-based position ``k`` of the sorted sequence the histogram describes."""
    return t[np.searchsorted(cum, k, side="right")]


def outcome_names(codes: np.ndarray) -> np.ndarray:
    return np.asarray(OUTCOME_NAMES, dtype=object)[codes]
