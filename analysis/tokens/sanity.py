"""Warnings about token counts that are possible but suspicious, with counts.

A log can be well-formed and still mislead an efficiency analysis: a provider that returned an
empty usage block makes every answer look free; a harness that writes one default number for
every answer makes a made-up constant look like a measurement. These are not errors (the values
are legal), so they are :class:`TokenSanityWarning` warnings, one per kind of problem and group,
each with how many answers it concerns. Every table read, and every table whose counts are filled
in (:mod:`analysis.tokens.fill`), is checked once, on the counts as the source gave them.

Reasoning > output is different: it is impossible (``output_tokens`` includes thinking), and
:func:`analysis.validate_responses` rejects those rows with a DataError. This module still warns
first, with the count and the usual cause (a source whose ``output_tokens`` excludes thinking,
as Gemini's ``candidatesTokenCount`` does), so the error that follows is understood.
"""

from __future__ import annotations


import pandas as pd

from .. import coerce

from .._groups import group_labels
from .._warnings import warn as _warn
from ..errors import TokenSanityWarning

#: Groups smaller than this are not checked for "one identical count" (two equal counts are common).
MIN_CONSTANT_GROUP = 3


def check_token_sanity(
    responses: pd.DataFrame, *, source: str | None = None, by: tuple[str, ...] = ("model",)
) -> list[str]:
    """Warn (:class:`TokenSanityWarning`) about suspicious token counts; return the messages.

    Checks, per group of ``by`` (default: per model), vectorised:

    - **reasoning > output**: rows where ``reasoning_tokens`` exceeds ``output_tokens``;
    - **usage all zero**: rows whose ``output_tokens`` is 0 and whose other token counts are 0
      or absent (an empty usage block counted as a free answer);
    - **one identical count**: every answer of the group has the same non-zero ``output_tokens``
      (at least :data:`MIN_CONSTANT_GROUP` answers): a made-up constant, not a measurement;
    - **missing usage**: rows without ``output_tokens`` (before any counting from text).

    ``responses`` needs ``output_tokens`` and the ``by`` columns; other token columns are optional.
    """
    if "output_tokens" not in responses.columns or len(responses) == 0:
        return []
    where = f"{source}: " if source else ""
    by = [c for c in by if c in responses.columns]
    out = _counts(responses["output_tokens"])
    keys = (pd.DataFrame({c: coerce.label_column(responses[c])[0].fillna("<missing>") for c in by}, index=responses.index)
            if by else pd.DataFrame(index=responses.index))
    frame = keys.assign(_out=out)

    def group_label(key) -> str:
        if not by:
            return "all answers"
        key = key if isinstance(key, tuple) else (key,)
        return str(group_labels(pd.DataFrame([key], columns=by), by, names=True).iloc[0])

    def count_by_group(mask: pd.Series) -> list[tuple[str, int, int]]:
        if not by:
            return [("all answers", int(mask.sum()), len(mask))] if mask.any() else []
        g = mask.astype(int).groupby([frame[c] for c in by], sort=True)
        summed, sizes = g.sum(), g.size()
        return [(group_label(k), int(summed[k]), int(sizes[k])) for k in summed.index[summed.to_numpy() > 0]]

    messages: list[str] = []

    if "reasoning_tokens" in responses.columns:
        reasoning = _counts(responses["reasoning_tokens"])
        bad = (reasoning > out).fillna(False).astype(bool)
        for label, n, total in count_by_group(bad):
            messages.append(
                f"{where}{label}: {n} of {total} answers have reasoning_tokens > output_tokens; output_tokens "
                "must include thinking (does the source report visible-answer tokens only, as Gemini's "
                "candidatesTokenCount does?). These rows will be rejected."
            )

    zero = (out == 0).fillna(False).astype(bool)
    for col in ("input_tokens", "reasoning_tokens", "answer_tokens"):
        if col in responses.columns:
            other = _counts(responses[col])
            zero &= (other.isna() | (other == 0)).astype(bool)
    for label, n, total in count_by_group(zero):
        messages.append(
            f"{where}{label}: usage is all zero for {n} of {total} answers (an empty usage block counted "
            "as a free answer?)"
        )

    reported = frame[out.notna().to_numpy(bool)]
    if len(reported):
        grouped = reported.groupby(by, sort=True)["_out"] if by else reported.assign(_k=0).groupby("_k")["_out"]
        stats = grouped.agg(["nunique", "size", "first"])
        constant = stats[(stats["nunique"] == 1) & (stats["size"] >= MIN_CONSTANT_GROUP) & (stats["first"] != 0)]
        for key, row in constant.iterrows():
            messages.append(
                f"{where}{group_label(key)}: all {int(row['size'])} answers have the same output_tokens "
                f"({int(row['first'])}): a made-up constant rather than measured usage?"
            )

    missing = out.isna().to_numpy(bool)
    for label, n, total in count_by_group(pd.Series(missing, index=responses.index)):
        messages.append(f"{where}{label}: usage is missing for {n} of {total} answers")

    for message in messages:
        _warn(message, TokenSanityWarning)
    return messages


def _counts(raw: pd.Series) -> pd.Series:
    """Counts as the shared rules read them (:mod:`analysis.coerce`); values that are not counts
    are NA here (validation names them)."""
    return coerce.count_column(raw)[0].astype("Float64")
