"""Small helpers shared by the readers: score conversion, JSON lines, progress, finishing."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Callable, Iterator

import pandas as pd

from ..errors import DataError, Problem
from ..schema import validate_responses
from .sanity import check_token_sanity

#: progress(done, total): called as a reader advances; total is None when unknown.
Progress = Callable[[int, "int | None"], None]

_CORRECT, _PARTIAL, _INCORRECT, _NOANSWER = "C", "P", "I", "N"


def score_to_float(value: Any) -> float:
    """A score value as a float in Inspect AI's ``value_to_float()`` sense.

    'C' -> 1, 'P' -> 0.5, 'I' and 'N' -> 0; booleans and numbers as floats; strings 'yes'/'true'
    -> 1, 'no'/'false' -> 0 (any case); numeric strings parsed. Unlike Inspect, which logs a
    warning and returns 0, anything else (lists, dicts, other text) raises ``ValueError``: an
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
            number = float(low)
        except ValueError:
            raise ValueError(f"cannot read score {value!r} as a number") from None
        if math.isfinite(number):
            return number
        raise ValueError(f"score is not finite: {value!r}")
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    raise ValueError(f"cannot read score {value!r} ({type(value).__name__}) as a number; pick a scalar score")


def iter_json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed object) for each non-blank line; DataError names a bad line."""
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(Problem(str(path), f"line {number}", None, f"not valid JSON: {exc.msg}")) from None


def count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(1 for _ in fh)


def finish(
    rows: pd.DataFrame,
    *,
    source: str,
    on_error: str,
    lines: list[int] | None = None,
    sanity: bool = True,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Warn about suspicious tokens, then validate (``analysis.validate_responses``)."""
    if sanity:
        check_token_sanity(rows, source=source)
    return validate_responses(rows, source=source, on_error=on_error, lines=lines)
