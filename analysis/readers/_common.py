"""Small helpers shared by the readers: score conversion, JSON records with progress, finishing."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Callable, Iterator

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


def finish(
    rows: pd.DataFrame,
    *,
    source: str,
    on_error: OnError,
    lines: list[int] | None = None,
    encoding: str = "cl100k_base",
    keep_text: bool = True,
    parts: bool = False,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """The end of every reader: check the counts as read and count the missing ones from
    ``text`` (:func:`~analysis.tokens.fill.fill_token_counts`, the one policy), drop the text
    unless ``keep_text`` (lists of generations, ``parts``, are kept joined by a blank line),
    then validate (:func:`~analysis.validate_responses`)."""
    text_col = "text" if "text" in rows.columns else None
    rows = fill_token_counts(rows, text_col=text_col, encoding=encoding, source=source, lines=lines, parts=parts)
    if text_col is not None and not keep_text:
        rows = rows.drop(columns=text_col)
    elif text_col is not None and parts:
        rows[text_col] = [t if not isinstance(t, list) else "\n\n".join(t) for t in rows[text_col]]
    return validate_responses(rows, source=source, on_error=on_error, lines=lines)
