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
from ..tokens.count import count_tokens
from .answers import first_matching_candidate

__all__ = ["first_correct_offset", "outcome_efficiency"]


def first_correct_offset(
    responses: pd.DataFrame,
    *,
    gold_col: str,
    text_col: str = "text",
    encoding: str = "cl100k_base",
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
    """
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
    for col in ("n", "n_correct", "n_correct_located", "n_correct_unlocated", "n_wrong_with_gold"):
        res[col] = res[col].astype("int64")
    return res.reset_index()
