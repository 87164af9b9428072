"""Overthinking: how many of a trace's tokens came after its first correct final answer.

Chen et al. 2024, "Do NOT Think That Much for 2+3=? On the Overthinking of o1-Like LLMs"
(arXiv 2412.21187), Eq. 1: outcome efficiency xi_O = (1/N) sum_i sigma_i * T^_i / T_i, with
sigma_i = 1 when response i is correct, T^_i the tokens up to the first correct answer and T_i
all tokens of the response. LC-R1 (arXiv 2506.14755, Eq. 1) calls the same ratio "valid
thinking". What counts as "a final answer appears" is defined in :mod:`analysis.measures.answers`.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .._groups import require_columns
from ..errors import DataError, Problem
from ..tokens.count import count_tokens
from .answers import first_matching_candidate

__all__ = ["first_correct_offset", "outcome_efficiency", "overthinking_summary"]


def first_correct_offset(
    responses: pd.DataFrame,
    *,
    gold_col: str,
    text_col: str = "text",
    encoding: str = "cl100k_base",
    answer_col: str | None = None,
) -> pd.DataFrame:
    """Where the gold answer first appears as a committed final answer in each trace.

    Returns the input rows with added columns:
    ``first_correct_char`` (character offset just past the first candidate final answer that
    equals the gold, e.g. past the closing brace of ``\\boxed{204}``; NA if none),
    ``first_correct_kind`` ('boxed' | 'phrase' | 'standalone'), ``first_correct_answer`` (the
    candidate as written), ``text_tokens`` (tokens of the whole text), ``first_correct_tokens``
    (tokens of ``text[:first_correct_char]``) and ``overthinking_tokens`` (= ``text_tokens`` -
    ``first_correct_tokens``): all tokens counted with ``encoding`` (tiktoken, offline).

    Numerator and denominator use the same tokenizer, so their ratio is consistent: the whole
    text is counted with ``encoding`` rather than taking ``output_tokens``, which may come from
    the model's own tokenizer. Where ``token_source`` already says 'counted:<encoding>' the
    existing ``output_tokens`` is that very count and is reused. Candidates and normalisation
    follow :mod:`analysis.measures.answers` (boxed answers, "the answer is ...", a standalone final
    number; fractions, decimals, thousands separators, units compared exactly). Prefixes are
    counted in one batch by :func:`analysis.count_tokens`.

    Thinking and write-up apart (``answer_col``): where a log keeps the thinking
    (``text_col``) and the answer written after it (``answer_col``) as two texts, the scan runs
    over the thinking, then the answer; ``text_tokens`` is the sum of both parts' tokens, and
    four more columns split the tokens after the first correct answer:
    ``first_correct_part`` ('thinking' | 'answer'; ``first_correct_char`` is an offset within
    that part), ``thinking_tokens``, ``writeup_tokens`` (tokens of the answer text),
    ``overthinking_thinking_tokens`` (thinking after the first correct answer: 0 when it
    first appears in the write-up) and ``overthinking_writeup_tokens`` (the write-up after
    the first correct answer: all of it when the answer first appears in the thinking); the
    two add up to ``overthinking_tokens``. A missing thinking text counts as empty.
    """
    if answer_col is not None:
        return _offsets_two_parts(responses, gold_col, text_col, answer_col, encoding)
    require_columns(responses, [gold_col, text_col], "first_correct_offset")
    out = responses.copy()
    texts = out[text_col].astype(object).tolist()
    golds = out[gold_col].astype(object).tolist()
    hits = [
        first_matching_candidate(t, g) if isinstance(t, str) else None
        for t, g in zip(texts, golds)
    ]
    found = np.array([h is not None for h in hits], dtype=bool)
    ends = np.array([h[1] if h is not None else 0 for h in hits], dtype=np.int64)
    has_text = np.array([isinstance(t, str) for t in texts], dtype=bool)

    text_tokens = np.zeros(len(out), dtype=np.int64)
    reuse = np.zeros(len(out), dtype=bool)
    if {"token_source", "output_tokens"} <= set(out.columns):
        reuse = (
            out["token_source"].astype("string").eq(f"counted:{encoding}").fillna(False).to_numpy(bool)
            & out["output_tokens"].notna().to_numpy(bool)
            & has_text
        )
        text_tokens[reuse] = out["output_tokens"].to_numpy()[reuse].astype(np.int64)
    need = has_text & ~reuse
    if need.any():
        text_tokens[need] = count_tokens([texts[i] for i in np.flatnonzero(need)], encoding)
    prefix_tokens = np.zeros(len(out), dtype=np.int64)
    if found.any():
        idx = np.flatnonzero(found)
        prefix_tokens[idx] = count_tokens([texts[i][: ends[i]] for i in idx], encoding)

    out["first_correct_char"] = pd.array(np.where(found, ends, 0), dtype="Int64")
    out.loc[~found, "first_correct_char"] = pd.NA
    out["first_correct_kind"] = pd.array([h[2] if h else pd.NA for h in hits], dtype="string")
    out["first_correct_answer"] = pd.array([h[3] if h else pd.NA for h in hits], dtype="string")
    out["text_tokens"] = pd.array(text_tokens, dtype="Int64")
    out.loc[~has_text, "text_tokens"] = pd.NA
    out["first_correct_tokens"] = pd.array(prefix_tokens, dtype="Int64")
    out.loc[~found, "first_correct_tokens"] = pd.NA
    out["overthinking_tokens"] = out["text_tokens"] - out["first_correct_tokens"]
    return out


def outcome_efficiency(
    offsets: pd.DataFrame,
    *,
    by: Sequence[str] = ("model", "setting", "benchmark"),
    correct_col: str = "correct",
) -> pd.DataFrame:
    """Per group: outcome efficiency (Chen et al. 2024, Eq. 1) and the overthinking share.

    Takes the output of :func:`first_correct_offset`. A response counts as correct when
    ``correct >= 0.5``. Columns: ``by...``, ``n`` (responses), ``n_correct``,
    ``n_correct_located`` (correct and the scanner found the gold as a final answer),
    ``n_correct_unlocated`` (correct per the grader, gold not found: left out of every ratio
    below, so check it is small), ``n_wrong_with_gold`` (graded wrong although the gold
    appeared as a final answer: the model gave it, then changed its mind or the grade differs),
    ``outcome_efficiency`` (xi_O: mean over responses of sigma_i * T^_i / T_i, wrong ones
    counting 0, as in the paper; the unlocated correct ones are left out of N),
    ``efficiency_when_correct`` (mean of T^_i / T_i over correct located responses),
    ``mean_tokens`` (mean ``text_tokens``, all responses), ``mean_first_correct_tokens`` and
    ``mean_overthinking_tokens`` (over correct located responses), ``overthinking_share``
    (sum of overthinking tokens / sum of tokens, over correct located responses: the share
    of a correct answer's tokens spent after it was first given). Tokens in the encoding
    used by :func:`first_correct_offset`; ratios are fractions 0..1.

    Where the offsets were split into thinking and write-up (``first_correct_offset(...,
    answer_col=...)``), also ``mean_overthinking_thinking_tokens``,
    ``mean_overthinking_writeup_tokens`` (over correct located responses) and
    ``writeup_share_of_overthinking`` (sum of write-up overthinking / sum of overthinking).
    """
    by = list(by)
    need = [*by, correct_col, "text_tokens", "first_correct_tokens"]
    require_columns(offsets, need, "outcome_efficiency (pass it the output of first_correct_offset)")
    correct = offsets[correct_col].astype(float).to_numpy() >= 0.5
    located = offsets["first_correct_tokens"].notna().to_numpy(bool)
    total = offsets["text_tokens"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    first = offsets["first_correct_tokens"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    ok = correct & located
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(ok, first / total, np.nan)
    frame = offsets[by].copy()
    frame["_n"] = 1
    frame["_correct"] = correct
    frame["_ok"] = ok
    frame["_unlocated"] = correct & ~located
    frame["_wrong_gold"] = ~correct & located
    frame["_xi"] = np.where(correct & ~located, np.nan, np.where(ok, ratio, 0.0))
    frame["_ratio"] = ratio
    frame["_tokens"] = total
    frame["_first"] = np.where(ok, first, np.nan)
    frame["_over"] = np.where(ok, total - first, np.nan)
    frame["_tok_ok"] = np.where(ok, total, 0.0)
    frame["_over_sum"] = np.where(ok, total - first, 0.0)
    g = frame.groupby(by, sort=True, dropna=False)
    res = pd.DataFrame({
        "n": g["_n"].sum(),
        "n_correct": g["_correct"].sum(),
        "n_correct_located": g["_ok"].sum(),
        "n_correct_unlocated": g["_unlocated"].sum(),
        "n_wrong_with_gold": g["_wrong_gold"].sum(),
        "outcome_efficiency": g["_xi"].mean(),
        "efficiency_when_correct": g["_ratio"].mean(),
        "mean_tokens": g["_tokens"].mean(),
        "mean_first_correct_tokens": g["_first"].mean(),
        "mean_overthinking_tokens": g["_over"].mean(),
    })
    tok = g["_tok_ok"].sum()
    res["overthinking_share"] = (g["_over_sum"].sum() / tok).where(tok > 0)
    if {"overthinking_thinking_tokens", "overthinking_writeup_tokens"} <= set(offsets.columns):
        for part in ("thinking", "writeup"):
            v = offsets[f"overthinking_{part}_tokens"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
            frame[f"_{part}"] = np.where(ok, v, np.nan)
            frame[f"_{part}_sum"] = np.where(ok, v, 0.0)
        g = frame.groupby(by, sort=True, dropna=False)
        res["mean_overthinking_thinking_tokens"] = g["_thinking"].mean()
        res["mean_overthinking_writeup_tokens"] = g["_writeup"].mean()
        over = g["_over_sum"].sum()
        res["writeup_share_of_overthinking"] = (g["_writeup_sum"].sum() / over).where(over > 0)
    for col in ("n", "n_correct", "n_correct_located", "n_correct_unlocated", "n_wrong_with_gold"):
        res[col] = res[col].astype("int64")
    return res.reset_index()


def _offsets_two_parts(responses: pd.DataFrame, gold_col: str, text_col: str, answer_col: str,
                       encoding: str) -> pd.DataFrame:
    """:func:`first_correct_offset` for thinking and answer kept as two texts (see there)."""
    require_columns(responses, [gold_col, text_col, answer_col], "first_correct_offset")
    out = responses.copy()
    think = [t if isinstance(t, str) else "" for t in out[text_col].astype(object).tolist()]
    answer = out[answer_col].astype(object).tolist()
    has_answer = np.array([isinstance(a, str) for a in answer], dtype=bool)
    answer = [a if isinstance(a, str) else "" for a in answer]
    golds = out[gold_col].astype(object).tolist()
    hit_t = [first_matching_candidate(t, g) for t, g in zip(think, golds)]
    hit_a = [None if h is not None else first_matching_candidate(a, g) for h, a, g in zip(hit_t, answer, golds)]
    in_t = np.array([h is not None for h in hit_t], dtype=bool)
    in_a = np.array([h is not None for h in hit_a], dtype=bool)
    found = in_t | in_a
    t_tok = np.asarray(count_tokens(think, encoding), dtype=np.int64)
    a_tok = np.asarray(count_tokens(answer, encoding), dtype=np.int64)
    prefixes = [think[i][: hit_t[i][1]] if in_t[i] else answer[i][: hit_a[i][1]] if in_a[i] else "" for i in range(len(out))]
    idx = np.flatnonzero(found)
    p_tok = np.zeros(len(out), dtype=np.int64)
    if idx.size:
        p_tok[idx] = count_tokens([prefixes[i] for i in idx], encoding)
    hits = [ht if ht is not None else ha for ht, ha in zip(hit_t, hit_a)]
    first = np.where(in_t, p_tok, t_tok + p_tok)
    over_t = np.where(in_t, t_tok - p_tok, 0)
    over_w = np.where(in_t, a_tok, a_tok - p_tok)

    def masked(values: np.ndarray, mask: np.ndarray):
        return pd.Series(values, dtype="Int64").where(mask).array  # NA where not found

    out["first_correct_char"] = masked(np.array([h[1] if h else 0 for h in hits], dtype=np.int64), found)
    out["first_correct_kind"] = pd.array([h[2] if h else pd.NA for h in hits], dtype="string")
    out["first_correct_answer"] = pd.array([h[3] if h else pd.NA for h in hits], dtype="string")
    out["first_correct_part"] = pd.array(np.where(in_t, "thinking", np.where(in_a, "answer", None)), dtype="string")
    out["thinking_tokens"] = pd.array(t_tok, dtype="Int64")
    out["writeup_tokens"] = pd.Series(a_tok, dtype="Int64").where(has_answer).array
    out["text_tokens"] = pd.array(t_tok + a_tok, dtype="Int64")
    out["first_correct_tokens"] = masked(first, found)
    out["overthinking_tokens"] = out["text_tokens"] - out["first_correct_tokens"]
    out["overthinking_thinking_tokens"] = masked(over_t, found)
    out["overthinking_writeup_tokens"] = masked(over_w, found)
    return out


def overthinking_summary(efficiency: pd.DataFrame) -> pd.Series:
    """The spread of overthinking over the groups of an :func:`outcome_efficiency` table.

    Returns a Series: ``n_groups``; ``share_median``, ``share_min``, ``share_max`` of
    ``overthinking_share`` (fraction of a correct answer's tokens after the first correct one,
    over groups with a value); ``n_writeup`` (groups with ``writeup_share_of_overthinking``)
    and ``writeup_median``, ``writeup_min``, ``writeup_max`` of it (NaN, and n_writeup 0, where
    the table has no such column: offsets not split into thinking and write-up);
    ``n_correct`` and ``n_correct_unlocated`` (summed over groups). An empty table is a
    DataError."""
    what = "overthinking_summary"
    require_columns(efficiency, ["overthinking_share", "n_correct", "n_correct_located"],
                    f"{what} (pass it the output of outcome_efficiency)")
    if len(efficiency) == 0:
        raise DataError(Problem(what, None, None, "an empty outcome_efficiency table"))
    out = {"n_groups": len(efficiency)}
    columns = (("share", "overthinking_share"), ("writeup", "writeup_share_of_overthinking"))
    for prefix, col in columns:
        v = pd.to_numeric(efficiency[col], errors="coerce").dropna() if col in efficiency.columns else pd.Series(dtype=float)
        if prefix == "writeup":
            out["n_writeup"] = len(v)
        out.update({f"{prefix}_median": float(v.median()) if len(v) else np.nan,
                    f"{prefix}_min": float(v.min()) if len(v) else np.nan,
                    f"{prefix}_max": float(v.max()) if len(v) else np.nan})
    n_correct = int(efficiency["n_correct"].sum())
    out["n_correct"] = n_correct
    out["n_correct_unlocated"] = n_correct - int(efficiency["n_correct_located"].sum())
    return pd.Series(out, dtype=object)
