"""Filling in missing token counts: the one place that decides which answers get counted from
their text, how they are marked, and what is said about it.

Every reader, the command line and :func:`add_token_counts` go through
:func:`fill_token_counts`. The policy:

- an answer is counted when its ``output_tokens`` is missing and its text is given; a count the
  source reported is never overwritten (nor one it gave wrongly: validation names that);
- it gets ``output_tokens`` = tiktoken count of the text (:func:`analysis.count_tokens`) and
  ``token_source = 'counted:<encoding>'``; answers with a count and no ``token_source`` column
  get ``'reported'`` (as :func:`analysis.validate_responses` would give them);
- where the source stripped the thinking before writing the text (lm-evaluation-harness with
  ``think_end_token`` set), the count is of the visible text only: such rows (``visible_only``)
  get ``token_source = 'counted-visible:<encoding>'`` and one :class:`~analysis.TokenSanityWarning`
  says for how many answers ``output_tokens`` misses the thinking (a lower bound);
- a text that is not a string is a :class:`~analysis.DataError` naming the line (or row) and
  the text field; a missing count with no text stays missing (a measure then names its group);
- first, :func:`~analysis.check_token_sanity` warns about the counts as the source gave them:
  one :class:`~analysis.TokenSanityWarning` per model saying for how many answers usage is
  missing (and any other suspicious pattern). A caller that has already checked the table (the
  CLI after a reader; a reader that streams chunks and checks the whole file) passes
  ``check=False``.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .._warnings import warn as _warn
from ..coerce import _short
from ..errors import DataError, Problem, TokenSanityWarning
from ..schema import row_location
from .count import count_tokens
from .sanity import check_token_sanity


def fill_token_counts(
    responses: pd.DataFrame,
    *,
    text_col: str | None = "text",
    encoding: str = "cl100k_base",
    source: str | None = None,
    lines: Sequence[int] | None = None,
    check: bool = True,
    parts: bool = False,
    visible_only: np.ndarray | None = None,
) -> pd.DataFrame:
    """``responses`` with missing ``output_tokens`` counted from ``text_col`` (the policy above).

    ``text_col=None``: the source has no text (provider usage blocks); missing counts stay
    missing. A named ``text_col`` that is not in the table while counts are missing is a
    DataError. ``source`` and ``lines`` name the file and each row's line in messages.
    ``parts``: each text is a list of strings whose counts add up (the generations of one
    lm-eval document). ``visible_only``: a boolean per row, True where the text lacks the
    thinking the model generated (see the policy above). ``lines`` holds line numbers or
    ready-made locations (text). Returns a new frame; a table with nothing to fill comes back
    as it is.
    """
    given = _given(responses)
    if not given.all() and text_col is not None and text_col not in responses.columns:
        raise DataError(Problem(source, None, text_col, "column not found: cannot count tokens without the text"))
    if check:
        check_token_sanity(as_given(responses), source=source)
    if given.all() or text_col is None:
        return responses.copy()
    text = responses[text_col]
    need = ~given & text.notna().to_numpy(bool)
    out = responses.copy()
    if not need.any():
        return out
    values = text.to_numpy(dtype=object)[need].tolist()
    rows = np.flatnonzero(need)
    counts = _count(values, rows, encoding, parts, text_col, source, lines)
    out["output_tokens"] = _with_counts(out, need, counts)
    if "token_source" in out.columns:
        marks = out["token_source"].astype("string").array.copy()
    else:
        marks = pd.array(np.where(given, "reported", None), dtype="string")
    marks[need] = f"counted:{encoding}"
    if visible_only is not None:
        hidden = need & np.asarray(visible_only, dtype=bool)
        if hidden.any():
            marks[hidden] = f"counted-visible:{encoding}"
            where = f"{source}: " if source else ""
            _warn(
                f"{where}{int(hidden.sum())} of {len(out)} answers were counted from visible text whose thinking the "
                f"harness stripped (token_source='counted-visible:{encoding}'): their output_tokens leave out the "
                "thinking and are a lower bound",
                TokenSanityWarning,
            )
    out["token_source"] = marks
    return out


def add_token_counts(
    responses: pd.DataFrame, text_col: str = "text", encoding: str = "cl100k_base"
) -> pd.DataFrame:
    """Fill missing ``output_tokens`` by counting ``text_col`` (``token_source='counted:<enc>'``).

    Only rows with no count and a text are counted; reported counts are never overwritten.
    Returns a new frame (the input is not modified); ``output_tokens`` becomes nullable Int64.
    Every count already known: nothing to do, the table comes back as it is; counts missing and
    no text column: a DataError. Warns (:class:`~analysis.TokenSanityWarning`) how many answers
    had no usage, as every reader does (:func:`fill_token_counts`).
    """
    return fill_token_counts(responses, text_col=text_col, encoding=encoding)


def as_given(responses: pd.DataFrame) -> pd.DataFrame:
    """The table as the sanity check reads it: no ``output_tokens`` column means no count given."""
    if "output_tokens" in responses.columns:
        return responses
    return responses.assign(output_tokens=pd.array([pd.NA] * len(responses), dtype="Int64"))


def _given(responses: pd.DataFrame) -> np.ndarray:
    if "output_tokens" not in responses.columns:
        return np.zeros(len(responses), bool)
    return responses["output_tokens"].notna().to_numpy(bool)


def _count(values: list, rows: np.ndarray, encoding: str, parts: bool, text_col: str,
           source: str | None, lines: Sequence[int] | None) -> np.ndarray:
    """Token counts of ``values`` (one per row; with ``parts`` a list of strings per row, summed)."""
    pieces = [v if parts and isinstance(v, list) else [v] for v in values]
    for i, piece in enumerate(pieces):
        where = row_location(int(rows[i]), lines)
        if not all(isinstance(p, str) for p in piece):
            raise DataError(Problem(source, where, text_col, f"expected a string to count tokens of, got {_short(values[i])}"))
        if not all(_unicode(p) for p in piece):
            raise DataError(Problem(source, where, text_col, "text that is not valid Unicode (a lone surrogate such as \\ud800): its tokens cannot be counted"))
    flat = [p for piece in pieces for p in piece]
    counts = count_tokens(flat, encoding)
    if not parts:
        return counts
    owner = np.repeat(np.arange(len(pieces)), [len(p) for p in pieces])
    return np.bincount(owner, weights=counts, minlength=len(pieces)).astype(np.int64)


def _unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _with_counts(out: pd.DataFrame, need: np.ndarray, counts: np.ndarray) -> pd.Series:
    """``output_tokens`` with ``counts`` at ``need``: nullable Int64, or as given (object) where a
    given value is not a whole number, so that validation can name it."""
    if "output_tokens" not in out.columns:
        tokens = pd.array([pd.NA] * len(out), dtype="Int64")
    else:
        try:
            tokens = out["output_tokens"].astype("Int64").array.copy()
        except (TypeError, ValueError, OverflowError):
            tokens = out["output_tokens"].astype(object).to_numpy(copy=True)
    tokens[need] = counts
    return pd.Series(tokens, index=out.index)
