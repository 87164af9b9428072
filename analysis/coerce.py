"""The one reading of a value as a count, an index, an amount, a score or a label.

Every reader and :func:`analysis.validate_responses` go through these rules, so a value means the
same in CSV, JSON lines, Parquet, Inspect, lm-eval and provider files:

- **counts** (tokens) are whole numbers 0 <= n <= 2**63 - 1: ``12`` and ``12.0`` are 12;
  ``1.5``, ``-1``, ``1e30``, ``Infinity`` are errors; **indexes** (``sample``) the same;
- **numeric strings are numbers** (``"12"``, ``" 7 "``, ``"1e3"``; ASCII digits only: no ``"0x10"``,
  ``"1_000"`` or other scripts' digits);
- **missing**: null, NaN and the texts ``""``, ``"nan"``, ``"na"``, ``"n/a"``, ``"null"``, ``"none"``
  (any case) are a missing value, for counts and amounts alike (a missing count can be counted
  from the text later; a missing ``correct`` is an error);
- **booleans** are not counts, amounts or labels (``true`` is not 1 token); a score (``correct``)
  may be a boolean (1 or 0);
- **labels** (model, setting, benchmark, item_id) are text; a whole number is its digits
  (``1`` -> ``'1'``, exact above 2**53; a float that is whole and below 2**53 too, so an id that a
  null turned into a float reads as it was), another finite float its ``repr``; objects, lists,
  bytes, timestamps and booleans are errors, never their printed form;
- timestamps, durations, objects, lists and bytes are never numbers.

The scalar functions (:func:`count`, :func:`amount`, :func:`label`...) raise :class:`BadValue`
with the reason; the column functions (:func:`count_column`...) do the same for a whole column,
vectorised for numeric dtypes, and return the typed values, a mask of bad rows and the reason of
each (the scalar function's, so messages are the same on every path).
"""

from __future__ import annotations

import datetime as _dt
import decimal
import math
import re
from typing import Any, Callable

import numpy as np
import pandas as pd

INT64_MAX = 2**63 - 1
#: Texts that mean "no value" in a numeric field (compared lower-cased, after stripping spaces).
MISSING_TEXT = frozenset({"", "nan", "na", "n/a", "null", "none"})
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_EXACT_FLOAT = 2.0**53


class BadValue(ValueError):
    """A value that cannot be read as the kind asked for; the message says why."""


def is_missing(value: Any) -> bool:
    """None, NaN, pandas' NA or NaT."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, (float, np.floating)):
        return bool(np.isnan(value))
    return False


def _what(value: Any) -> str:
    """What a value that is not a number or a label is, for messages."""
    if isinstance(value, (bool, np.bool_)):
        return f"a boolean ({bool(value)!r})"
    if isinstance(value, dict):
        return f"a JSON object ({_short(value)})"
    if isinstance(value, (list, tuple, np.ndarray)):
        return f"a list ({_short(value)})"
    if isinstance(value, (_dt.datetime, _dt.date, np.datetime64, pd.Period)):
        return f"a timestamp ({value})"
    if isinstance(value, (_dt.timedelta, np.timedelta64)):
        return f"a duration ({value})"
    if isinstance(value, (bytes, bytearray)):
        return f"bytes ({_short(value)})"
    return f"a {type(value).__name__} ({_short(value)})"


def _short(value: Any) -> str:
    text = repr(value.tolist() if isinstance(value, np.ndarray) else value)
    return text if len(text) <= 60 else text[:57] + "..."


def number(value: Any) -> int | float | None:
    """A number as given (int exact, float), None when missing; BadValue when not a number."""
    if is_missing(value):
        return None
    if isinstance(value, (bool, np.bool_)):
        raise BadValue(f"{_what(value)} is not a number")
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    if isinstance(value, decimal.Decimal):
        if value.is_nan():
            return None
        return int(value) if value.is_finite() and value == value.to_integral_value() else float(value)
    if isinstance(value, str):
        text = value.strip()
        if text.lower() in MISSING_TEXT:
            return None
        if _INTEGER.fullmatch(text):
            return int(text)
        if _NUMBER.fullmatch(text):
            return float(text)
        raise BadValue(f"not a number: {_short(value)}")
    raise BadValue(f"{_what(value)} is not a number")


def count(value: Any) -> int | None:
    """A token count: a whole number 0 <= n <= 2**63 - 1, or None when missing."""
    n = number(value)
    if n is None:
        return None
    if isinstance(n, float):
        if not math.isfinite(n):
            raise BadValue(f"not a finite number: {_short(value)}")
        if n != math.floor(n):
            raise BadValue(f"not a whole number: {_short(value)}")
        n = int(n)
    if n < 0:
        raise BadValue(f"negative: {_short(value)}")
    if n > INT64_MAX:
        raise BadValue(f"too large for a count (above 2**63 - 1): {_short(value)}")
    return n


def amount(value: Any) -> float | None:
    """A cost or a duration: a finite number >= 0 as a float, or None when missing."""
    n = number(value)
    if n is None:
        return None
    try:
        f = float(n)
    except OverflowError:
        raise BadValue(f"too large: {_short(value)}") from None
    if not math.isfinite(f):
        raise BadValue(f"not a finite number: {_short(value)}")
    if f < 0:
        raise BadValue(f"negative: {_short(value)}")
    return f


def fraction(value: Any) -> float | None:
    """A score in [0, 1] (booleans are 1 and 0), or None when missing."""
    if isinstance(value, (bool, np.bool_)):
        return float(value)
    n = number(value)
    if n is None:
        return None
    try:
        f = float(n)
    except OverflowError:
        f = math.inf
    if not 0 <= f <= 1:  # NaN cannot get here; inf fails
        raise BadValue(f"outside [0, 1]: {_short(value)}")
    return f


def label(value: Any) -> str | None:
    """A label as text (see the module doc), or None when missing or blank."""
    if is_missing(value):
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, (bool, np.bool_)):
        raise BadValue(f"{_what(value)} is not a label")
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        f = float(value)
        if not math.isfinite(f):
            raise BadValue(f"not a finite number: {f!r}")
        return str(int(f)) if f == math.floor(f) and abs(f) < _EXACT_FLOAT else repr(f)
    raise BadValue(f"{_what(value)} is not a label (give it as text)")


def text(value: Any) -> str | None:
    """Free text (``text``, ``source``): a string, or None when missing."""
    if is_missing(value):
        return None
    if isinstance(value, str):
        return value
    raise BadValue(f"{_what(value)} is not text")


# --------------------------------------------------------------------------- columns


Reason = Callable[[int], str]


def _scalars(raw: pd.Series) -> list:
    values = raw.astype(object).tolist() if not isinstance(raw.dtype, np.dtype) or raw.dtype != object else raw.tolist()
    return values


def _elementwise(raw: pd.Series, read: Callable[[Any], Any]) -> tuple[list, np.ndarray, Reason]:
    values = _scalars(raw)
    out: list = []
    bad = np.zeros(len(values), bool)
    reasons: dict[int, str] = {}
    for i, v in enumerate(values):
        try:
            out.append(read(v))
        except BadValue as exc:
            out.append(None)
            bad[i] = True
            reasons[i] = str(exc)
    return out, bad, reasons.__getitem__


def _reason_of(raw: pd.Series, read: Callable[[Any], Any]) -> Reason:
    """The scalar rule's reason for row ``pos`` (called only for rows found bad)."""

    def reason(pos: int) -> str:
        value = raw.iloc[pos]
        try:
            read(value.item() if isinstance(value, np.generic) else value)
        except BadValue as exc:
            return str(exc)
        return f"not readable: {_short(value)}"

    return reason


def _kind(raw: pd.Series) -> str:
    dtype = raw.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return "other"
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    return "other"


def _as_float(raw: pd.Series) -> np.ndarray:
    return raw.to_numpy(dtype=float, na_value=np.nan)


def count_column(raw: pd.Series, *, missing: int | None = None) -> tuple[pd.Series, np.ndarray, Reason]:
    """``raw`` as counts: (Int64 values, bad-row mask, reason). ``missing`` replaces missing
    values (``sample``: 0); bad rows hold NA."""
    kind = _kind(raw)
    n = len(raw)
    if kind == "bool":
        given = raw.notna().to_numpy(bool)
        values = pd.array([pd.NA] * n, dtype="Int64")
        bad = given
    elif kind == "int":
        isna = raw.isna().to_numpy(bool)
        if str(raw.dtype).lower().startswith("uint"):
            big = raw.to_numpy(dtype="uint64", na_value=0) > np.uint64(INT64_MAX)
            ints = np.where(big, 0, raw.to_numpy(dtype="uint64", na_value=0)).astype(np.int64)
        else:
            big = np.zeros(n, bool)
            ints = raw.to_numpy(dtype=np.int64, na_value=0)
        bad = ~isna & (big | (ints < 0))
        values = pd.array(ints, dtype="Int64")
        values[isna | bad] = pd.NA
    elif kind == "float":
        f = _as_float(raw)
        isna = np.isnan(f)
        with np.errstate(invalid="ignore"):
            ok = np.isfinite(f) & (f == np.floor(f)) & (f >= 0) & (f < 2.0**63)
        bad = ~isna & ~ok
        values = pd.array(np.where(ok, f, 0).astype(np.int64), dtype="Int64")
        values[~ok] = pd.NA
    else:
        out, bad, reason = _elementwise(raw, count)
        values = pd.array(out, dtype="Int64")
        return _fill(values, bad, missing, raw.index), bad, reason
    return _fill(values, bad, missing, raw.index), bad, _reason_of(raw, count)


def _fill(values, bad: np.ndarray, missing: int | None, index) -> pd.Series:
    if missing is not None:
        values = values.copy()
        values[values.isna() & ~bad] = missing
    return pd.Series(values, index=index)


def float_column(raw: pd.Series, read: Callable[[Any], float | None]) -> tuple[pd.Series, np.ndarray, Reason]:
    """``raw`` as amounts (``read=amount``) or scores (``read=fraction``): (float values, bad
    mask, reason); bad and missing rows hold NaN."""
    kind = _kind(raw)
    if kind == "bool" and read is fraction:
        kind = "float"
    if kind == "bool":
        bad = raw.notna().to_numpy(bool)
        return pd.Series(np.full(len(raw), np.nan), index=raw.index), bad, _reason_of(raw, read)
    if kind in ("int", "float"):
        f = raw.astype("Float64").to_numpy(dtype=float, na_value=np.nan) if kind == "int" else _as_float(raw)
        isna = np.isnan(f)
        with np.errstate(invalid="ignore"):
            ok = np.isfinite(f) & (f >= 0) & ((f <= 1) if read is fraction else True)
        bad = ~isna & ~ok
        return pd.Series(np.where(ok, f, np.nan), index=raw.index), bad, _reason_of(raw, read)
    out, bad, reason = _elementwise(raw, read)
    values = np.array([np.nan if v is None else v for v in out], dtype=float)
    return pd.Series(values, index=raw.index), bad, reason


def label_column(raw: pd.Series) -> tuple[pd.Series, np.ndarray, Reason]:
    """``raw`` as labels: (string values, bad mask, reason); missing and blank values are NA
    (the caller decides whether that is allowed), bad rows NA."""
    kind = _kind(raw)
    n = len(raw)
    if kind == "bool":
        bad = raw.notna().to_numpy(bool)
        return pd.Series(pd.array([pd.NA] * n, dtype="string"), index=raw.index), bad, _reason_of(raw, label)
    if kind == "int":
        isna = raw.isna().to_numpy(bool)
        out: list = [None if m else str(int(v)) for v, m in zip(raw.astype(object).tolist(), isna)]
        bad, reason = np.zeros(n, bool), _reason_of(raw, label)
    elif _is_text_dtype(raw):
        values = raw.astype("string")
        blank = (values.str.strip() == "").fillna(False).to_numpy(bool)
        return values.mask(blank), np.zeros(n, bool), _reason_of(raw, label)
    else:
        out, bad, reason = _elementwise(raw, label)
    return _strings(out, raw.index, bad, reason)


def text_column(raw: pd.Series) -> tuple[pd.Series, np.ndarray, Reason]:
    """Free text: strings or missing; anything else (a number, an object) is bad."""
    if _is_text_dtype(raw):
        return raw.astype("string"), np.zeros(len(raw), bool), _reason_of(raw, text)
    out, bad, reason = _elementwise(raw, text)
    return _strings(out, raw.index, bad, reason)


def _is_text_dtype(raw: pd.Series) -> bool:
    return isinstance(raw.dtype, pd.StringDtype)


_NOT_UNICODE = "text that is not valid Unicode (a lone surrogate such as \\ud800)"


def _strings(values: list, index, bad: np.ndarray, reason: Reason) -> tuple[pd.Series, np.ndarray, Reason]:
    """A nullable string column. A string holding a lone surrogate (not Unicode: it cannot be
    stored, written or counted) makes its row bad rather than failing the whole column."""
    try:
        return pd.Series(pd.array(values, dtype="string"), index=index), bad, reason
    except UnicodeEncodeError:
        pass
    broken = np.fromiter((isinstance(v, str) and not _encodable(v) for v in values), bool, len(values))
    cleaned = [None if b else v for v, b in zip(values, broken)]

    def why(pos: int) -> str:
        return _NOT_UNICODE if broken[pos] else reason(pos)

    return pd.Series(pd.array(cleaned, dtype="string"), index=index), bad | broken, why


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --------------------------------------------------------------------------- building frames


def column(values: list) -> pd.Series:
    """A column of values as a file gave them, typed without changing any: all ints (within
    int64) -> int64, all floats -> float64, anything else (ints beside nulls, huge ints, mixed
    types, strings) stays Python objects for the rules above to read."""
    kinds = set(map(type, values))
    if kinds == {int}:
        try:
            return pd.Series(np.array(values, dtype=np.int64))
        except OverflowError:
            pass
    elif kinds == {float}:
        return pd.Series(np.array(values, dtype=float))
    return pd.Series(values, dtype=object)


def records_frame(records: list[dict]) -> pd.DataFrame:
    """A DataFrame of records (dicts) whose columns are built by :func:`column`: an integer id
    beside a null stays an integer, a count above 2**53 stays exact."""
    keys: dict[str, None] = {}
    for r in records:
        keys.update(dict.fromkeys(r))
    return pd.DataFrame({k: column([r.get(k) for r in records]) for k in keys}, index=pd.RangeIndex(len(records)))
