"""What a value given in a file must become, written independently of ``analysis.coerce``.

The rules (README "The tables"): counts are whole numbers 0 <= n < 2**63; numeric strings are
numbers; NaN, null and the missing-text spellings ("", "nan", "na", "n/a", "null", "none", any
case) are a missing value; booleans are not counts, costs or labels (a score may be a boolean);
objects and lists are never accepted; a number as a label is its text (a whole float below
2**53 without '.0', so an id that a null turned into a float reads as it was); a missing ``sample`` is 0 and a missing or blank ``setting`` is
'default'. Each function returns the value the table must hold, ``MISSING`` or ``BAD``.
"""

from __future__ import annotations

import math
import re

BAD = type("BAD", (), {"__repr__": lambda s: "BAD"})()
MISSING = type("MISSING", (), {"__repr__": lambda s: "MISSING"})()
MISSING_TEXT = {"", "nan", "na", "n/a", "null", "none"}
_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"[+-]?[0-9]+")
INT64_MAX = 2**63 - 1


def number(v):
    if v is None:
        return MISSING
    if isinstance(v, bool):
        return BAD
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return MISSING if math.isnan(v) else v
    if isinstance(v, str):
        s = v.strip()
        if s.lower() in MISSING_TEXT:
            return MISSING
        if not _NUMBER.fullmatch(s):
            return BAD
        if _INTEGER.fullmatch(s):
            return int(s)
        return float(s)
    return BAD


def count(v):
    n = number(v)
    if n is MISSING or n is BAD:
        return n
    if isinstance(n, float):
        if not math.isfinite(n) or n != math.floor(n):
            return BAD
        n = int(n)
    return n if 0 <= n <= INT64_MAX else BAD


def index(v):
    n = count(v)
    return 0 if n is MISSING else n


def amount(v):
    n = number(v)
    if n is MISSING or n is BAD:
        return n
    try:
        f = float(n)
    except OverflowError:
        return BAD
    return f if math.isfinite(f) and f >= 0 else BAD


def fraction(v):
    """``correct``: booleans are 0/1; required, so missing is BAD."""
    if isinstance(v, bool):
        return float(v)
    n = amount(v)
    if n is MISSING or n is BAD:
        return BAD
    return n if n <= 1 else BAD


def score(v):
    """A score as Inspect's ``value_to_float`` reads it (letters, yes/no), then ``fraction``."""
    if isinstance(v, str):
        if v == "C":
            return 1.0
        if v == "P":
            return 0.5
        if v in ("I", "N"):
            return 0.0
        low = v.strip().lower()
        if low in ("yes", "true"):
            return 1.0
        if low in ("no", "false"):
            return 0.0
    return fraction(v)


def label(v):
    if v is None or isinstance(v, bool):
        return BAD
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            return BAD
        return str(int(v)) if v == math.floor(v) and abs(v) < 2**53 else repr(v)
    if isinstance(v, str):
        return v if v.strip() else BAD
    return BAD


def setting(v):
    if v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip()):
        return "default"
    return label(v)


KINDS = {"count": count, "index": index, "amount": amount, "fraction": fraction, "label": label,
         "setting": setting, "score": score}
