"""Small helpers shared by the readers: score conversion, JSON records with progress, finishing."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np
import pandas as pd

from .. import coerce
from ..errors import DataError, Problem
from ..schema import OnError, validate_responses
from ..tokens.fill import fill_token_counts
from .files import count_lines, json_lines

#: progress(done, total): called as a reader advances; total is None when unknown.
Progress = Callable[[int, "int | None"], None]

_CORRECT, _PARTIAL, _INCORRECT, _NOANSWER = "C", "P", "I", "N"


def score_to_float(value: Any) -> float:
    """A score value as a float in Inspect AI's ``value_to_float()`` sense.

    'C' -> 1, 'P' -> 0.5, 'I' and 'N' -> 0; booleans and numbers as floats; strings 'yes'/'true'
    -> 1, 'no'/'false' -> 0 (any case); numeric strings parsed. Unlike Inspect, which logs a
    warning and returns 0, anything else (lists, dicts, other text) is a ``DataError``: an
    unreadable score must not become a wrong answer silently.
    Source: inspect_ai/scorer/_metric.py ``value_to_float``; https://inspect.aisi.org.uk/scorers.html
    """
    if isinstance(value, str):
        if value == _CORRECT:
            return 1.0
        if value == _PARTIAL:
            return 0.5
        if value in (_INCORRECT, _NOANSWER):
            return 0.0
        low = value.strip().lower()
        if low in ("yes", "true"):
            return 1.0
        if low in ("no", "false"):
            return 0.0
        try:
            number = coerce.number(value)  # the shared rule: numeric strings are numbers
        except coerce.BadValue:
            raise DataError(f"cannot read score {value!r} as a number") from None
        if number is None:
            raise DataError(f"score is missing ({value!r})")
        try:
            number = float(number)
        except OverflowError:
            number = math.inf
        if math.isfinite(number):
            return number
        raise DataError(f"score is not finite: {value!r}")
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:
            raise DataError(f"score is not finite: {value!r}") from None
    raise DataError(f"cannot read score {coerce._short(value)} ({type(value).__name__}) as a number; pick a scalar score")


def json_records(path: Path, progress: Progress | None) -> Iterator[tuple[int, dict]]:
    """(line, record) of a JSON-lines file (:func:`~analysis.readers.files.json_lines`), calling
    ``progress(line, total_lines)`` every 1,000 records and at the end; a file without a record
    is a DataError."""
    total = count_lines(path) if progress is not None else None
    n = 0
    for number, record in json_lines(path):
        yield number, record
        n += 1
        if progress is not None and n % 1000 == 0:
            progress(number, total)
    if n == 0:
        raise DataError(Problem(str(path), None, None, "no records in the file"))
    if progress is not None:
        progress(total, total)


@dataclass
class Part:
    """Rows read from one file, before counting and validation: ``where`` gives each row's line
    number or location (e.g. "sample 'q1' epoch 2"), ``visible_only`` marks rows whose text lacks
    the thinking (see :func:`~analysis.tokens.fill.fill_token_counts`)."""

    rows: pd.DataFrame
    source: str | None  # None: the locations in ``where`` name their files
    where: list | None = None
    visible_only: np.ndarray | None = None


def finish(
    rows: pd.DataFrame,
    *,
    source: str,
    on_error: OnError,
    lines: list[int] | None = None,
    encoding: str = "cl100k_base",
    keep_text: bool = True,
    parts: bool = False,
    visible_only: np.ndarray | None = None,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """The end of every reader for one file (:func:`finish_parts` of one part)."""
    return finish_parts([Part(rows, source, lines, visible_only)], on_error=on_error, encoding=encoding,
                        keep_text=keep_text)


def finish_parts(
    parts: list[Part],
    *,
    on_error: OnError,
    encoding: str = "cl100k_base",
    keep_text: bool = True,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """The end of every reader, once per call however many files were read: concatenate, check
    the counts as read and count the missing ones from ``text``
    (:func:`~analysis.tokens.fill.fill_token_counts`, the one policy), mark ``truncated`` from
    ``stop_reason`` or the cap (:func:`mark_truncation`), drop the text unless ``keep_text``
    (lists of generations are kept joined by a blank line), then validate
    (:func:`~analysis.validate_responses`). Messages name the file and each row's line or
    location (with several files, the location holds the file)."""
    if len(parts) == 1:
        part = parts[0]
        rows, source, lines, visible = part.rows, part.source, part.where, part.visible_only
    else:
        rows = pd.concat([p.rows for p in parts], ignore_index=True, sort=False)
        source = None
        lines = [_location(p.source, w, i) for p in parts
                 for i, w in enumerate(p.where if p.where is not None else [None] * len(p.rows))]
        visible = None
        if any(p.visible_only is not None for p in parts):
            visible = np.concatenate([p.visible_only if p.visible_only is not None else np.zeros(len(p.rows), bool)
                                      for p in parts])
    text_col = "text" if "text" in rows.columns else None
    rows = fill_token_counts(rows, text_col=text_col, encoding=encoding, source=source, lines=lines, parts=True,
                             visible_only=visible)
    rows = mark_truncation(rows)
    if text_col is not None and not keep_text:
        rows = rows.drop(columns=text_col)
    elif text_col is not None:
        rows[text_col] = [t if not isinstance(t, list) else "\n\n".join(t) for t in rows[text_col]]
    return validate_responses(rows, source=source, on_error=on_error, lines=lines)


def _location(source: str | None, where: int | str | None, i: int) -> str:
    """A row's location in a table gathered from several files: file, then line or location."""
    here = where if isinstance(where, str) else (f"row {i}" if where is None else f"line {where}")
    return here if source is None else f"{source}: {here}"


#: Relative tolerance for a cap compared with counts made by another tokenizer than the model's
#: (``token_source='counted:...'``): such a count is within about 10% of the model's own.
CAP_TOLERANCE = 0.1


def mark_truncation(rows: pd.DataFrame) -> pd.DataFrame:
    """Add a nullable boolean ``truncated`` from what a reader found (a ``truncated`` column the
    source gave is kept as it is): True where ``stop_reason`` (lower-cased) is in
    :data:`~analysis.measures.truncation.STOP_REASONS`, False where it is another reason; where
    no reason is known but the cap ``max_tokens`` and ``output_tokens`` are, True when the
    tokens reach the cap (within :data:`CAP_TOLERANCE` for counted tokens; never for
    'counted-visible' rows, whose thinking is not in the count). Left out when nothing is known."""
    if "truncated" in rows.columns or not ({"stop_reason", "max_tokens"} & set(rows.columns)):
        return rows
    from ..measures.truncation import STOP_REASONS

    n = len(rows)
    value, known = np.zeros(n, bool), np.zeros(n, bool)
    if "stop_reason" in rows.columns:
        reason = rows["stop_reason"].astype("string").str.strip().str.lower()
        known = reason.notna().to_numpy(bool)
        value = reason.isin(STOP_REASONS).fillna(False).to_numpy(bool) & known
    if "max_tokens" in rows.columns and "output_tokens" in rows.columns:
        # counts by the shared rules (a value that is not a count is left for validation to name)
        cap = coerce.count_column(rows["max_tokens"])[0].astype("Float64").to_numpy(float, na_value=np.nan)
        tok = coerce.count_column(rows["output_tokens"])[0].astype("Float64").to_numpy(float, na_value=np.nan)
        mark = rows["token_source"].astype("string") if "token_source" in rows.columns else pd.Series(pd.NA, index=rows.index, dtype="string")
        counted = mark.str.startswith("counted:").fillna(False).to_numpy(bool)
        visible = mark.str.startswith("counted-visible:").fillna(False).to_numpy(bool)
        usable = ~known & ~np.isnan(cap) & ~np.isnan(tok) & ~visible
        with np.errstate(invalid="ignore"):
            at_cap = tok >= cap * np.where(counted, 1.0 - CAP_TOLERANCE, 1.0)
        value = np.where(usable, at_cap, value)
        known = known | usable
    if not known.any():
        return rows
    col = pd.array(value, dtype="boolean")
    col[~known] = pd.NA
    rows = rows.copy()
    rows["truncated"] = col
    return rows
