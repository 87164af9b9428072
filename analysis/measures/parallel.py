"""Parallel reasoning: pass@k and majority vote over k samples, at k x mean tokens.

Sampling k answers and keeping the best (pass@k, an oracle) or the most frequent
(majority vote / self-consistency, Wang et al. 2022, arXiv 2203.11171) spends k times the tokens
of one answer. docs/methods.md section 2 (s1, sec. 6.2) says to plot parallel methods at total tokens =
k x mean tokens, against single longer chains.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from .._groups import (
    as_selector,
    code_responses,
    correct_array,
    group_codes,
    key_label,
    require_columns,
    select_mask,
)
from ..errors import DataError, Problem
from .sufficient import Parts, finish_items, table_parts
from .summary import _is_dask

_MAX_CELLS = 8_000_000


def _ks(ks) -> np.ndarray:
    k = np.unique(np.asarray(ks, dtype=np.int64).ravel())
    if k.size == 0 or (k < 1).any():
        raise ValueError("ks must be whole numbers >= 1")
    return k


def pass_at_k(
    responses: pd.DataFrame,
    ks: Sequence[int],
    *,
    by: Sequence[str] = ("model", "setting", "benchmark"),
    tokens: str = "output_tokens",
) -> pd.DataFrame:
    """Unbiased pass@k (Chen et al. 2021, "Evaluating large language models trained on code",
    arXiv 2107.03374): per item with n samples of which c are correct,
    pass@k = 1 - C(n-c, k) / C(n, k), averaged over items.

    Computed in Chen's stable product form 1 - prod_{i=n-c+1}^{n} (1 - k/i) (as a difference of
    cumulative sums of log1p(-k/i); exactly 1 when n - c < k). ``correct`` must be 0 or 1.
    Items with fewer than k samples cannot be scored at k: they are left out and counted in
    ``n_items_short`` (the row is NaN when all are short).

    Returns one row per group and k: ``by`` columns, ``k``, ``pass_at_k`` (fraction),
    ``n_items`` (scored), ``n_items_short``, ``mean_tokens`` (per answer, all the group's
    answers) and ``total_tokens`` = k x mean_tokens (what k parallel samples cost).
    """
    what = "pass_at_k"
    k = _ks(ks)
    if _is_dask(responses):
        from ..scale.summary import pass_at_k as pass_at_k_dask

        return pass_at_k_dask(responses, k, by=by, tokens=tokens)
    require_columns(responses, ["correct"], what)
    c = correct_array(responses, what)
    frac = (c != 0) & (c != 1)
    if frac.any():
        row = int(np.flatnonzero(frac)[0])
        raise DataError(Problem(what, f"row {row}", "correct", f"pass@k needs scores of 0 or 1, got {c[row]!r}"))
    return finish_pass_at_k(table_parts(responses, by, tokens=tokens, what=what), k)


def finish_pass_at_k(parts: Parts, ks: Sequence[int]) -> pd.DataFrame:
    """:func:`pass_at_k` from combined sufficient statistics (per item: answers ``n``, correct
    ``sum_correct``; per group: tokens), the finish step every engine shares."""
    what = "pass_at_k"
    k = _ks(ks)
    keys, item_gid, items = finish_items(parts, what)
    if items["n_partial"].any():
        row = int(np.flatnonzero(items["n_partial"].to_numpy() > 0)[0])
        label = key_label(keys, int(item_gid[row]))
        raise DataError(Problem(what, f"item {items['item_id'].iloc[row]!r} of ({label})", "correct",
                                "pass@k needs scores of 0 or 1, got a partial score"))
    ng = len(keys)
    n = items["n"].to_numpy(np.int64)
    nc = items["sum_correct"].to_numpy(float).round().astype(np.int64)
    nmax = int(n.max())
    i = np.arange(1, nmax + 1, dtype=float)
    rows = []
    for kk in k:
        # log(1 - k/i) for i > k; zero below (those terms never enter: only i > n - c >= k do).
        terms = np.zeros_like(i)
        terms[i > kk] = np.log1p(-kk / i[i > kk])
        cum = np.concatenate([[0.0], np.cumsum(terms)])
        ok = n >= kk
        certain = (n - nc) < kk
        log_ratio = cum[n] - cum[n - nc]
        p = np.where(certain, 1.0, 1.0 - np.exp(log_ratio))
        scored = np.bincount(item_gid, ok, minlength=ng)
        total = np.bincount(item_gid, np.where(ok, p, 0.0), minlength=ng)
        with np.errstate(invalid="ignore", divide="ignore"):
            rows.append((kk, np.where(scored > 0, total / np.maximum(scored, 1), np.nan), scored,
                         np.bincount(item_gid, minlength=ng) - scored))
    mean_t = np.bincount(item_gid, items["sum_tokens"].to_numpy(float), minlength=ng) / np.bincount(item_gid, n, minlength=ng)
    return _assemble(keys, rows, mean_t, "pass_at_k")


def _assemble(keys, rows, mean_t, name, extra=None):
    frames = []
    for i, (kk, value, scored, short) in enumerate(rows):
        f = keys.reset_index(drop=True).copy()
        f["k"] = int(kk)
        f[name] = value
        f["n_items"] = scored.astype(np.int64)
        f["n_items_short"] = short.astype(np.int64)
        f["mean_tokens"] = mean_t
        f["total_tokens"] = kk * mean_t
        if extra:
            for col, v in extra.items():
                f[col] = v[i] if isinstance(v, list) else v  # a list: one array per k
        frames.append(f)
    out = pd.concat(frames, ignore_index=True)
    order = list(keys.columns) + ["k"]
    return out.sort_values(order, kind="stable").reset_index(drop=True)


def majority_vote(
    responses: pd.DataFrame,
    ks: Sequence[int],
    answer_col: str = "answer",
    *,
    by: Sequence[str] = ("model", "setting", "benchmark"),
    tokens: str = "output_tokens",
    n_draws: int = 1000,
    seed: int = 0,
    exact: bool | None = None,
) -> pd.DataFrame:
    """Expected accuracy of a majority vote over k samples (maj@k; self-consistency, Wang et al.
    2022, arXiv 2203.11171).

    For each item with n >= k samples, k of its samples are drawn without replacement and the
    most frequent ``answer_col`` value wins; ties are broken uniformly at random among the tied
    answers. The winner scores the mean ``correct`` of the item's samples that gave that answer
    (the shared score when answers are graded consistently). Missing answers do not vote; k
    missing answers score 0. The expectation over k-subsets is estimated by ``n_draws`` seeded
    Monte Carlo draws per item and k (standard error <= 0.5 / sqrt(n_draws) per item; at k = n
    only tie-breaking is random), or computed exactly (see ``exact``). Items with fewer than k
    samples are left out and counted in ``n_items_short``.

    Exact expectation: the vote depends only on how many of the k draws fall on each of the
    item's A distinct answers and on its missing answers, a multivariate hypergeometric
    outcome; summing the vote's value (ties split evenly) over the C(m + A, A) possible count
    patterns, m = min(k, n - k) (the k drawn, or the n - k left out), weighted by their
    probabilities prod_j C(c_j, y_j) / C(n, k), gives the expectation with no sampling error.
    ``exact=None`` (default) does this for every item with at most ``20 * n_draws`` patterns
    (e.g. up to 4 distinct answers: every k for 10 samples; k <= 23 or >= 41 for 64 samples)
    and Monte Carlo for the rest; ``True`` forces it everywhere (slow for many distinct
    answers); ``False`` uses Monte Carlo everywhere (the results of earlier versions for a
    fixed seed). With ``None`` the Monte Carlo items' draws differ from earlier versions.

    Returns one row per group and k: ``by`` columns, ``k``, ``majority_accuracy`` (fraction),
    ``n_items``, ``n_items_short``, ``mean_tokens``, ``total_tokens`` (= k x mean tokens per
    answer), ``n_draws``, ``exact`` (True when every scored item of the row was computed exactly).
    """
    what = "majority_vote"
    k = _ks(ks)
    if n_draws < 1:
        raise ValueError("n_draws must be >= 1")
    require_columns(responses, [answer_col], what)
    by, gid, keys, c, t, iid, item_gid = code_responses(responses, by, tokens, what)
    ng, ni = len(keys), int(iid.max()) + 1
    rng = np.random.default_rng(seed)
    # Sort rows by item; local slot s = rank of the sample within its item.
    order = np.argsort(iid, kind="stable")
    n_item = np.bincount(iid, minlength=ni)
    start = np.concatenate([[0], np.cumsum(n_item)[:-1]])
    slot = np.arange(len(order)) - start[iid[order]]
    # Local answer code = slot of the first sample of the item with the same answer; -1 if missing.
    ans = responses[answer_col].iloc[order]
    present = ans.notna().to_numpy(bool)
    acode, _ = pd.factorize(ans.astype("string"))
    pair = iid[order].astype(np.int64) * (int(acode.max()) + 2) + acode
    pcode, _ = pd.factorize(pair)
    first_slot = np.full(pcode.max() + 1, np.iinfo(np.int64).max)
    np.minimum.at(first_slot, pcode, slot)
    local = np.where(present, first_slot[pcode], -1)
    score_sum = np.bincount(pcode, c[order], minlength=pcode.max() + 1)
    score_cnt = np.bincount(pcode, minlength=pcode.max() + 1)
    answer_score = score_sum[pcode] / score_cnt[pcode]  # mean score of the item's samples with this answer

    item_value = {int(kk): np.full(ni, np.nan) for kk in k}
    item_exact = {int(kk): np.zeros(ni, bool) for kk in k}
    if exact is not False:
        counts, scores_by_answer, n_answers = _answer_counts(local, answer_score, iid[order], slot, n_item)
        for kk in k:
            _vote_exact_all(counts, scores_by_answer, n_answers, n_item, int(kk),
                            None if exact else 20 * n_draws, item_value[int(kk)], item_exact[int(kk)])
    for size in np.unique(n_item):
        items = np.flatnonzero(n_item == size)
        rows_idx = start[items][:, None] + np.arange(size)[None, :]  # positions in sorted order
        codes = local[rows_idx]  # (items, size) local answer codes
        scores = np.zeros((len(items), size))
        sorted_scores = answer_score[rows_idx]
        valid = codes >= 0
        own_slot = np.broadcast_to(np.arange(size), codes.shape)  # a missing answer's slot is no answer's code
        np.put_along_axis(scores, np.where(valid, codes, own_slot), np.where(valid, sorted_scores, 0.0), axis=1)
        for kk in k:
            if kk > size:
                continue
            todo = ~item_exact[int(kk)][items]
            if not todo.any():
                continue
            per_item = max(1, n_draws * (size + 1) * 3)
            chunk = max(1, _MAX_CELLS // per_item)
            sub = np.flatnonzero(todo)
            vals = np.empty(len(sub))
            for s0 in range(0, len(sub), chunk):
                s1 = min(len(sub), s0 + chunk)
                vals[s0:s1] = _vote(codes[sub[s0:s1]], scores[sub[s0:s1]], int(kk), n_draws, rng)
            item_value[int(kk)][items[sub]] = vals
    rows, exact_col = [], []
    all_items = np.bincount(item_gid, minlength=ng)
    for kk in k:
        v = item_value[int(kk)]
        ok = ~np.isnan(v)
        scored = np.bincount(item_gid, ok, minlength=ng)
        total = np.bincount(item_gid, np.where(ok, v, 0.0), minlength=ng)
        n_exact = np.bincount(item_gid, ok & item_exact[int(kk)], minlength=ng)
        exact_col.append(n_exact == scored)
        with np.errstate(invalid="ignore", divide="ignore"):
            rows.append((kk, np.where(scored > 0, total / np.maximum(scored, 1), np.nan), scored, all_items - scored))
    mean_t = np.bincount(gid, t, minlength=ng) / np.bincount(gid, minlength=ng)
    out = _assemble(keys, rows, mean_t, "majority_accuracy",
                    extra={"n_draws": int(n_draws), "exact": exact_col})
    return out


def _vote(codes: np.ndarray, scores: np.ndarray, k: int, n_draws: int, rng: np.random.Generator) -> np.ndarray:
    """Mean over draws of the winner's score, for items with the same sample count (vectorised)."""
    m, size = codes.shape
    # k of `size` slots without replacement: the k smallest of iid uniforms.
    pick = np.argpartition(rng.random((m, n_draws, size)), k - 1, axis=2)[:, :, :k] if k < size else \
        np.broadcast_to(np.arange(size), (m, n_draws, size))
    chosen = np.take_along_axis(np.broadcast_to(codes[:, None, :], (m, n_draws, size)), pick, axis=2)  # (m, d, k)
    # Votes per local answer code with one bincount; missing answers (-1) go to a dropped bin.
    cell = np.arange(m * n_draws, dtype=np.int64).reshape(m, n_draws, 1) * (size + 1)
    flat = (cell + np.where(chosen < 0, size, chosen)).ravel()
    counts = np.bincount(flat, minlength=m * n_draws * (size + 1)).reshape(m, n_draws, size + 1)[..., :size]
    counts = counts.astype(float)
    jitter = rng.random(counts.shape) * 0.5  # < 1: only breaks ties, uniformly
    ranked = np.where(counts > 0, counts + jitter, -np.inf)
    win = ranked.argmax(axis=2)  # (m, d)
    any_vote = np.isfinite(ranked.max(axis=2))
    won = np.take_along_axis(scores, win.reshape(m, -1), axis=1).reshape(m, n_draws)
    return np.where(any_vote, won, 0.0).mean(axis=1)


def _answer_counts(local: np.ndarray, answer_score: np.ndarray, item_sorted: np.ndarray, slot: np.ndarray,
                   n_item: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per item: ``counts`` (items, 1 + A_max) with column 0 the missing answers and column
    1 + r the samples giving the item's r-th distinct answer; ``scores`` (items, A_max) that
    answer's score; ``n_answers`` (items,) its number of distinct answers A."""
    ni = len(n_item)
    present = local >= 0
    # Rows are sorted by item; an answer is identified by the slot of its first sample.
    first = present & (local == slot)
    rank = np.cumsum(first) - 1
    item_first = np.concatenate([[0], np.cumsum(np.bincount(item_sorted[first], minlength=ni))[:-1]])
    n_answers = np.bincount(item_sorted[first], minlength=ni)
    a_max = int(n_answers.max(initial=0))
    # The rank of row i's answer = rank of the row holding its first sample (same item).
    row_start = np.concatenate([[0], np.cumsum(n_item)[:-1]])
    first_row = row_start[item_sorted] + np.where(present, local, 0)
    ans_rank = rank[first_row] - item_first[item_sorted]
    counts = np.zeros((ni, 1 + a_max), np.int64)
    col = np.where(present, 1 + ans_rank, 0)
    np.add.at(counts, (item_sorted, col), 1)
    scores = np.zeros((ni, a_max))
    scores[item_sorted[present], ans_rank[present]] = answer_score[present]
    return counts, scores, n_answers


def _patterns(m: int, parts: int) -> np.ndarray:
    """Every way to put m draws into ``parts`` bins: (C(m + parts - 1, parts - 1), parts) ints."""
    from itertools import combinations

    if parts == 1:
        return np.array([[m]], np.int64)
    bars = np.array(list(combinations(range(m + parts - 1), parts - 1)), np.int64).reshape(-1, parts - 1)
    edges = np.concatenate([np.full((len(bars), 1), -1), bars, np.full((len(bars), 1), m + parts - 1)], axis=1)
    return np.diff(edges, axis=1) - 1


def _vote_exact_all(counts, scores, n_answers, n_item, k, max_patterns, value_out, exact_out) -> None:
    """Exact expected vote for every item with n >= k whose count patterns number at most
    ``max_patterns`` (None: no limit), batched by (n, A); fills ``value_out``/``exact_out``."""
    from math import comb

    eligible = n_item >= k
    if not eligible.any():
        return
    span = int(n_answers.max()) + 1
    for key in np.unique(n_item[eligible] * span + n_answers[eligible]):
        n, a = divmod(int(key), span)
        m = min(k, n - k)
        if max_patterns is not None and comb(m + a, a) > max_patterns:
            continue
        items = np.flatnonzero(eligible & (n_item == n) & (n_answers == a))
        value_out[items] = _vote_exact(counts[items, : a + 1], scores[items, :a], n, k)
        exact_out[items] = True


def _vote_exact(counts: np.ndarray, scores: np.ndarray, n: int, k: int) -> np.ndarray:
    """Expected winner's score for items with n samples and the same number A of distinct
    answers: ``counts`` (items, 1 + A) (column 0 missing), ``scores`` (items, A).

    The chance that each answer wins (ties split) depends on the counts only, so it is computed
    once per distinct count vector (few: items share them), then weighted by each item's scores."""
    from scipy.special import gammaln

    parts = counts.shape[1]
    if (n + 1.0) ** parts < 2**62:  # one integer per count vector: a fast 1-D unique
        code = counts @ ((n + 1) ** np.arange(parts, dtype=np.int64))
        _, first, inv = np.unique(code, return_index=True, return_inverse=True)
        uniq = counts[first]
    else:
        uniq, inv = np.unique(counts, axis=0, return_inverse=True)
    inv = inv.ravel()
    left_out = n - k < k  # enumerate whichever is smaller: the k drawn or the n - k left out
    pat = _patterns(n - k if left_out else k, parts)  # (P, parts)
    lf = gammaln(np.arange(n + 1) + 1.0)  # log factorials
    lcnk = lf[n] - lf[k] - lf[n - k]
    win = np.empty((len(uniq), parts - 1))  # P(answer of rank a wins), ties split evenly
    chunk = max(1, _MAX_CELLS // max(1, len(pat) * parts))
    for s0 in range(0, len(uniq), chunk):
        cnt = uniq[s0 : s0 + chunk]
        rest = cnt[:, None, :] - pat[None, :, :]  # (u, P, parts): not drawn, or drawn
        possible = (rest >= 0).all(axis=2)
        # log prod_j C(c_j, y_j) = sum_j lf[c_j] - lf[y_j] - lf[c_j - y_j] (same for the left out)
        logw = lf[cnt].sum(axis=1)[:, None] - lf[pat].sum(axis=1)[None, :] - lf[np.maximum(rest, 0)].sum(axis=2)
        w = np.where(possible, np.exp(logw - lcnk), 0.0)  # (u, P), sums to 1 over P
        votes = (rest if left_out else np.broadcast_to(pat[None], rest.shape))[..., 1:]
        top = votes.max(axis=2, initial=0)
        tied = (votes == top[..., None]) & (top[..., None] > 0)  # nobody voted: no winner, score 0
        share = tied / np.maximum(tied.sum(axis=2), 1)[..., None]
        win[s0 : s0 + chunk] = np.einsum("up,upa->ua", w, share)
    return (scores * win[inv]).sum(axis=1)


def _one_row(table: pd.DataFrame, sel: Mapping[str, object], name: str, what: str) -> pd.Series:
    """The single row of ``table`` that selector ``sel`` picks; none or several is a DataError."""
    mask = select_mask(table, sel, what)
    if mask.sum() != 1:
        found = "no row" if not mask.any() else f"{int(mask.sum())} rows (name more columns)"
        raise DataError(Problem(what, name, ",".join(map(str, sel)), f"{name} {dict(sel)} matches {found}"))
    return table.loc[mask].iloc[0]


def parallel_vs_chain(
    parallel: pd.DataFrame,
    chains: pd.DataFrame,
    pairs: Sequence[tuple[Mapping[str, object], Mapping[str, object]]],
    *,
    value: str = "pass_at_k",
    ci: float = 0.95,
) -> pd.DataFrame:
    """k parallel samples against one longer chain: the difference of their accuracies with an
    interval, for each pair of (parallel row, chain row).

    ``parallel``: :func:`pass_at_k` or :func:`majority_vote` output (``value`` column, ``k``,
    ``n_items``, ``total_tokens``); ``chains``: Points with ``accuracy``, ``acc_low``,
    ``acc_high`` (at level ``ci``, e.g. :func:`analysis.summarize`) and ``mean_tokens``.
    ``pairs``: (parallel selector, chain selector), each a mapping column -> value that picks
    exactly one row (the parallel one names ``k``); no row or several is a DataError.

    The parallel value gets a Wilson interval over its ``n_items`` items as if each item gave one
    0/1 answer (:func:`analysis.accuracy_interval` with no design effect): per-item pass@k or
    vote values lie in [0, 1], so their variance is at most that of 0/1 answers and the interval
    is conservative. The difference (parallel - chain) has Newcombe's square-and-add interval for
    independent estimates (:func:`analysis.compare_points`); when both sides were measured on the
    same items it is conservative too (the paired interval needs per-item values).

    Returns one row per pair: ``parallel_<col>`` and ``chain_<col>`` for the selectors'
    columns, ``k``, ``n_items`` (of the parallel row), ``parallel_accuracy``,
    ``parallel_low``, ``parallel_high``, ``parallel_tokens`` (its ``total_tokens`` = k x mean
    tokens per answer), ``chain_accuracy``, ``chain_low``, ``chain_high``, ``chain_tokens``
    (``mean_tokens``), ``token_ratio`` (parallel / chain tokens), ``difference`` (parallel -
    chain accuracy, fraction), ``diff_low``, ``diff_high`` and ``distinguishable`` (the interval
    excludes 0).
    """
    from ..intervals import accuracy_interval
    from .significance import compare_points

    what = "parallel_vs_chain"
    require_columns(parallel, [value, "k", "n_items", "total_tokens"], f"{what} (parallel)")
    require_columns(chains, ["accuracy", "acc_low", "acc_high", "mean_tokens"], f"{what} (chains)")
    pairs = list(pairs)
    if not pairs:
        raise ValueError(f"{what}: pairs must hold at least one (parallel selector, chain selector)")
    rows = []
    for psel, csel in pairs:  # one pass per comparison asked for (a few), not per row of data
        psel, csel = as_selector(psel), as_selector(csel)
        par = _one_row(parallel, psel, "parallel", what)
        chain = _one_row(chains, csel, "chain", what)
        n = int(par["n_items"])
        if n < 1 or not np.isfinite(float(par[value])):
            raise DataError(Problem(what, "parallel", value, f"{dict(psel)} has no value ({n} items scored)"))
        low, high, _ = accuracy_interval(float(par[value]), 0.0, n, n, ci=ci)
        d = compare_points(chain, pd.Series({"accuracy": float(par[value]), "acc_low": float(low),
                                             "acc_high": float(high)}))
        row = {f"parallel_{c}": v for c, v in psel.items() if c != "k"}
        row.update({f"chain_{c}": v for c, v in csel.items()})
        row.update(
            k=int(par["k"]), n_items=n, parallel_accuracy=float(par[value]), parallel_low=float(low),
            parallel_high=float(high), parallel_tokens=float(par["total_tokens"]),
            chain_accuracy=float(chain["accuracy"]), chain_low=float(chain["acc_low"]),
            chain_high=float(chain["acc_high"]), chain_tokens=float(chain["mean_tokens"]),
            token_ratio=float(par["total_tokens"]) / float(chain["mean_tokens"]) if float(chain["mean_tokens"]) > 0 else np.nan,
            difference=float(d["difference"]), diff_low=float(d["diff_low"]), diff_high=float(d["diff_high"]),
            distinguishable=bool(d["distinguishable"]),
        )
        rows.append(row)
    return pd.DataFrame(rows)


def vote_against_single(
    responses: pd.DataFrame,
    k: int,
    answer_col: str = "answer",
    *,
    by: Sequence[str] = ("model", "setting", "benchmark"),
    tokens: str = "output_tokens",
    ci: float = 0.95,
    n_draws: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """A majority vote over k samples against one sample, paired on the same items.

    Per item (``item_id`` within a ``by`` group), the single-sample accuracy and the k-vote's
    expected accuracy are :func:`majority_vote`'s at k = 1 and at ``k`` (so a missing answer
    scores 0 on both sides, and ``n_draws`` / ``seed`` apply where the vote is not computed
    exactly). Items with fewer than k samples are left out of both sides and counted in
    ``n_items_short``. The difference (vote - single) has Newcombe's paired interval
    (:func:`analysis.intervals.paired_difference_interval`) at level ``ci``: each item weighs
    once on both sides, the single side counts the item's samples as its answers, the vote side
    one vote per item.

    Returns one row per ``by`` group with an item scored at k: ``by`` columns, ``k``,
    ``n_items`` (scored at k), ``n_items_short``, ``single_accuracy``, ``vote_accuracy``
    (fractions, means over the scored items), ``difference``, ``diff_low``, ``diff_high``,
    ``p_value`` (the interval inverted: "no change"), ``single_tokens`` (mean ``tokens`` per
    answer over the group's answers) and ``vote_tokens`` (k x single_tokens: what k parallel
    samples cost). ``k`` below 2 is a ValueError; no group with an item of k samples is a
    DataError.
    """
    from ..intervals import paired_difference_interval

    what = "vote_against_single"
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 2:
        raise ValueError(f"{what}: k must be a whole number >= 2 (votes of k samples), got {k!r}")
    by = list(by)
    require_columns(responses, [*by, "item_id", "correct", answer_col, tokens], what)
    if len(responses) == 0:
        raise DataError(Problem(what, None, None, "no responses"))
    items = [*by, "item_id"]
    per_item = majority_vote(responses, [1, int(k)], answer_col, by=items, tokens=tokens, n_draws=n_draws, seed=seed)
    wide = per_item.set_index([*items, "k"])["majority_accuracy"].unstack("k").reindex(columns=[1, int(k)])
    wide.columns = ["_single", "_vote"]
    wide["_n"] = responses.groupby(items, sort=True, observed=True).size()
    wide = wide.reset_index()
    wide["_scored"] = wide["_vote"].notna()
    wide["_g"], keys = group_codes(wide, by, what)
    answers = responses[by].copy()
    answers["_t"] = pd.to_numeric(responses[tokens], errors="coerce").to_numpy(float)
    mean_t = (answers.groupby(by, sort=True, observed=True)["_t"].mean().to_numpy() if by
              else np.array([answers["_t"].mean()]))  # sorted by the by columns, like keys
    rows = []
    for g, part in wide.groupby("_g", sort=True):  # one interval per group (few), not per row
        scored = part[part["_scored"]]
        if scored.empty:
            continue
        single, vote = scored["_single"].to_numpy(float), scored["_vote"].to_numpy(float)
        low, high, p = paired_difference_interval(single, vote, scored["_n"].to_numpy(float),
                                                  np.ones(len(scored)), ci=ci)
        row = keys.iloc[int(g)].to_dict()
        row.update(k=int(k), n_items=len(scored), n_items_short=int((~part["_scored"]).sum()),
                   single_accuracy=float(single.mean()), vote_accuracy=float(vote.mean()),
                   difference=float(vote.mean() - single.mean()), diff_low=low, diff_high=high, p_value=p,
                   single_tokens=float(mean_t[int(g)]), vote_tokens=int(k) * float(mean_t[int(g)]))
        rows.append(row)
    if not rows:
        raise DataError(Problem(what, None, "item_id", f"no item has {k} samples to vote over"))
    return pd.DataFrame(rows)
