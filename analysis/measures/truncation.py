"""Truncation: answers that stopped at the generation cap, and how often that happens.

An answer cut at the cap is usually scored wrong whatever the model would have said, so a
group where many answers hit the cap has an accuracy that measures the cap, not the model
(the LRM Token Economy study's two magistral-small runs at 30,000 tokens; DeepScaleR's
budget sweep, where most answers under 4,096 tokens are cut).
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np
import pandas as pd

from .._groups import LABEL_SEP, require_columns
from .._warnings import warn as _warn
from ..errors import TruncationWarning

__all__ = ["STOP_REASONS", "TruncationWarning", "ends_with_final_answer", "mark_truncated",
           "truncation_rate", "warn_truncation"]

#: finish / stop reasons (lower-cased) that mean "stopped at the token cap": OpenAI Chat 'length',
#: Anthropic and Inspect 'max_tokens', Gemini 'MAX_TOKENS', OpenAI Responses 'max_output_tokens'
#: (``incomplete_details.reason``), Inspect 'model_length' (the context window ran out).
STOP_REASONS = frozenset({"length", "max_tokens", "max_output_tokens", "model_length"})

_FINAL_AT_END = (
    r"\\(?:boxed|fbox)\s*\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}"  # a box, braces nested 2 deep
    r"(?:(?!\\boxed)[\s\S]){0,%d}$"                                   # then at most N characters
)


def ends_with_final_answer(texts: pd.Series, *, tail_chars: int = 100) -> np.ndarray:
    """True where a text ends with a closed ``\\boxed{...}`` followed by at most ``tail_chars``
    characters (a full stop, ``\\]``, "minutes.", an end-of-solution marker). Boolean array;
    False for missing texts. A text cut at a cap almost never ends like this."""
    s = pd.Series(texts, dtype="string")
    tail = s.str.slice(-(tail_chars + 400))
    hit = tail.str.contains(_FINAL_AT_END % tail_chars, regex=True)
    return hit.fillna(False).to_numpy(dtype=bool)


def mark_truncated(
    responses: pd.DataFrame,
    *,
    max_tokens_col: str = "max_tokens",
    finish_reason_col: str | None = None,
    tokens_col: str = "output_tokens",
    tolerance: float = 0.0,
    text_col: str | None = None,
) -> pd.DataFrame:
    """Add a nullable boolean ``truncated``: did the output stop at the generation cap?

    In order of precedence, per row:
    1. ``finish_reason_col`` given and not missing: True when the reason (case-insensitive)
       is in :data:`STOP_REASONS` ('length', 'max_tokens', 'MAX_TOKENS', 'max_output_tokens',
       'model_length').
    2. The cap ``max_tokens_col`` and ``tokens_col`` known: True when
       ``tokens >= max_tokens * (1 - tolerance)``; with ``text_col`` also the text must NOT
       end with a final answer (:func:`ends_with_final_answer`). ``tolerance`` (a fraction)
       is for counts in another tokenizer than the cap's, where ``>=`` is only approximate.
    3. Otherwise NA (unknown): no cap, no reason.
    Units: tokens. Returns a copy with the column added (or replaced).
    """
    if not 0.0 <= tolerance < 1.0:
        raise ValueError(f"tolerance must be in [0, 1), got {tolerance!r}")
    out = responses.copy()
    n = len(out)
    value = np.zeros(n, dtype=bool)
    known = np.zeros(n, dtype=bool)
    if finish_reason_col is not None:
        require_columns(out, [finish_reason_col], "mark_truncated", why="the finish-reason column is missing")
        reason = out[finish_reason_col].astype("string").str.strip().str.lower()
        has = reason.notna().to_numpy(bool)
        value[has] = reason[has].isin(STOP_REASONS).to_numpy(bool)
        known |= has
    if max_tokens_col in out.columns and tokens_col in out.columns:
        cap = pd.to_numeric(out[max_tokens_col], errors="coerce").astype("Float64").to_numpy(float, na_value=np.nan)
        tok = pd.to_numeric(out[tokens_col], errors="coerce").astype("Float64").to_numpy(float, na_value=np.nan)
        usable = ~known & ~np.isnan(cap) & ~np.isnan(tok)
        at_cap = tok >= cap * (1.0 - tolerance)
        if text_col is not None:
            at_cap &= ~ends_with_final_answer(out[text_col])
        value[usable] = at_cap[usable]
        known |= usable
    col = pd.array(value, dtype="boolean")
    col[~known] = pd.NA
    out["truncated"] = col
    return out


def truncation_rate(
    responses: pd.DataFrame,
    by: Sequence[str] = ("model", "setting", "benchmark"),
    *,
    threshold: float = 0.05,
    warn: bool = True,
) -> pd.DataFrame:
    """Share of answers that hit the generation cap, per group.

    Takes a table with a ``truncated`` column (:func:`mark_truncated`). Columns: ``by...``,
    ``n`` (answers), ``n_known`` (answers whose truncation is known), ``n_truncated``,
    ``truncation_rate`` (``n_truncated / n_known``, a fraction 0..1; NA when nothing is
    known); where the table has a ``correct`` column also ``n_correct`` (the sum of the
    scores: right answers, for 0/1 scores) and ``n_correct_truncated`` (the same over the
    answers at the cap: a grader can still find the right answer in a cut text, so "cut"
    does not mean "wrong"). With ``warn``, emits one :class:`TruncationWarning` naming every
    group whose rate exceeds ``threshold`` (default 5%): its accuracy measures the cap, not the model.
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold is a fraction in [0, 1], got {threshold!r}")
    by = list(by)
    require_columns(responses, [*by, "truncated"], "truncation_rate (run mark_truncated first)")
    trunc = responses["truncated"].astype("boolean")
    frame = responses[by].copy()
    frame["_n"] = 1
    frame["_known"] = trunc.notna().to_numpy(bool)
    frame["_trunc"] = trunc.fillna(False).to_numpy(bool)
    scored = "correct" in responses.columns
    if scored:
        frame["_correct"] = pd.to_numeric(responses["correct"]).to_numpy(float)
        frame["_correct_trunc"] = np.where(frame["_trunc"].to_numpy(bool), frame["_correct"].to_numpy(float), 0.0)
    g = frame.groupby(by, sort=True, dropna=False)
    columns = {
        "n": g["_n"].sum().astype("int64"),
        "n_known": g["_known"].sum().astype("int64"),
        "n_truncated": g["_trunc"].sum().astype("int64"),
    }
    if scored:
        columns["n_correct"] = g["_correct"].sum()
        columns["n_correct_truncated"] = g["_correct_trunc"].sum()
    out = pd.DataFrame(columns).reset_index()
    out["truncation_rate"] = (out["n_truncated"] / out["n_known"].where(out["n_known"] > 0)).astype("Float64")
    if warn:
        warn_truncation(out, by, threshold)
    return out


def warn_truncation(rates: pd.DataFrame, by: Sequence[str], threshold: float) -> None:
    """One :class:`TruncationWarning` naming every group of ``rates`` (columns ``by``,
    ``n_truncated``, ``n_known``, ``truncation_rate``) whose rate exceeds ``threshold``."""
    by = list(by)
    over = rates[rates["truncation_rate"].fillna(0) > threshold]
    if len(over):
        _warn(
            f"{len(over)} of {len(rates)} groups have more than {threshold:.0%} of answers at the generation cap, "
            f"so their accuracy measures the cap, not the model (answers at the cap / answers): "
            f"{_named_groups(over, by)}",
            TruncationWarning,
        )


def _named_groups(over: pd.DataFrame, by: list[str]) -> str:
    """'v1, v2 (k/n); ...' for the warning, readable: a column whose value is already in another
    column of every row is left out ('cap=1024' beside '1024'), values shared by every group are said once
    in front, and groups are in natural order (cap=128 before cap=1024)."""
    values = over[by].astype(str)
    cols = list(by)
    for c in by:
        others = [o for o in cols if o != c]
        if others and all(any(re.search(rf"(?<![\w.]){re.escape(row[c])}(?![\w.])", row[o]) for o in others)
                          for _, row in values.iterrows()):
            cols.remove(c)
    shared = [c for c in cols if len(over) > 1 and values[c].nunique() == 1]
    varying = [c for c in cols if c not in shared] or cols
    names = [LABEL_SEP.join(row[varying]) + f" ({k}/{n})"
             for (_, row), k, n in zip(values.iterrows(), over["n_truncated"], over["n_known"])]
    names.sort(key=lambda name: [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)])
    front = LABEL_SEP.join(values[shared].iloc[0]) + ": " if shared and len(varying) < len(cols) else ""
    return front + "; ".join(names)
