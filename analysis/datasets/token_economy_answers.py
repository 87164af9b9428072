"""The LRM Token Economy runs prepared for trace-level measures: final answers and first correct.

Tables made from bundled data live with the data (as :mod:`analysis.datasets.first_correct`);
the measures are :func:`analysis.first_correct_offset`, :func:`analysis.final_answer` and
:func:`analysis.billed_vs_visible_thinking`.
"""

from __future__ import annotations

import pandas as pd

from ..measures.answers import final_answer
from ..measures.billed_vs_visible import billed_vs_visible_thinking
from ..measures.overthinking import first_correct_offset
from .token_economy_traces import lrm_token_economy_traces


def lrm_traces_final_answers(*, aime_only: bool = True) -> pd.DataFrame:
    """:func:`analysis.lrm_token_economy_traces` rows with a numeric ``gold``, plus
    ``final_answer`` (:func:`analysis.final_answer` of ``answer_text``, normalised; NA when the
    text has no number), ``final_answer_kind`` and ``final_answer_is_gold``.

    ``aime_only`` (default) keeps the AIME items (categories AIME2023, AIME2023mod, AIME2025,
    AIME2025mod: 6 prompts), whose answers are integers a model must commit to; otherwise
    also 1+1, the train distance and February's leap-year days.
    """
    t = lrm_token_economy_traces()
    t = t[t["gold"].notna()]
    if aime_only:
        t = t[t["category"].str.startswith("AIME")]
    t = t.reset_index(drop=True)
    found = [final_answer(a) for a in t["answer_text"]]
    t["final_answer"] = pd.array([f[0] if f else pd.NA for f in found], dtype="string")
    t["final_answer_kind"] = pd.array([f[1] if f else pd.NA for f in found], dtype="string")
    t["final_answer_is_gold"] = (t["final_answer"] == t["gold"]).fillna(False).astype(bool)
    distinct = t.assign(_a=t["final_answer"].fillna("<none>")).groupby(["model", "item_id"])["_a"].transform("nunique")
    t["answers_vary"] = (distinct > 1).to_numpy(bool)
    t["pooled_item_id"] = (t["model"] + " / " + t["item_id"]).astype("string")
    return t


def lrm_traces_first_correct(*, classes: tuple[str, ...] = ("full",), encoding: str = "cl100k_base") -> pd.DataFrame:
    """:func:`analysis.first_correct_offset` on the runs with a numeric ``gold`` of the models
    whose ``thinking_class`` (:func:`analysis.billed_vs_visible_thinking`) is in ``classes``:
    thinking (``thinking_text``) and write-up (``answer_text``) scanned as two parts, so the
    tokens after the first correct answer split into ``overthinking_thinking_tokens`` and
    ``overthinking_writeup_tokens``. Adds ``thinking_class``. Default: only 'full' thinking,
    the models whose visible text is their thinking (elsewhere it would measure a summary).
    """
    t = lrm_token_economy_traces()
    cls = billed_vs_visible_thinking(t)[["model", "thinking_class"]]
    keep = cls.loc[cls["thinking_class"].isin(list(classes)), "model"]
    t = t[t["gold"].notna() & t["model"].isin(keep)].merge(cls, on="model", how="left").reset_index(drop=True)
    return first_correct_offset(t, gold_col="gold", text_col="thinking_text", answer_col="answer_text",
                                encoding=encoding)
