"""analysis.coerce: the one reading of counts, amounts, scores and labels, with known answers,
and the vectorised column functions against the scalar rule applied value by value."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import coerce
from analysis.coerce import BadValue


@pytest.mark.parametrize("value, expected", [
    (0, 0), (12, 12), (12.0, 12), (-0.0, 0), ("12", 12), (" 7 ", 7), ("1e3", 1000), ("+5", 5),
    (2**63 - 1, 2**63 - 1), (np.int64(3), 3), (np.uint64(2**63 - 1), 2**63 - 1),
    (None, None), (math.nan, None), ("", None), ("NaN", None), ("NA", None), ("null", None), (pd.NA, None),
])
def test_count_known_answers(value, expected):
    assert coerce.count(value) == expected


@pytest.mark.parametrize("value, words", [
    (2**63, "too large"), (1e30, "too large"), (math.inf, "not a finite number"), (-1, "negative"),
    (1.5, "not a whole number"), (True, "a boolean"), (np.bool_(False), "a boolean"), ("abc", "not a number"),
    ("0x10", "not a number"), ("1_000", "not a number"), ("\u0661\u0662", "not a number"), ("Infinity", "not a number"),
    ({}, "a JSON object"), ([3], "a list"), (pd.Timestamp("2024-01-01"), "a timestamp"), (b"1", "bytes"),
])
def test_count_rejects(value, words):
    with pytest.raises(BadValue, match=words):
        coerce.count(value)


@pytest.mark.parametrize("value, expected", [
    (1, "1"), (2**53 + 1, "9007199254740993"), (1.0, "1"), (1.5, "1.5"), (1e19, "1e+19"), ("q", "q"),
    ("  ", None), (None, None), (math.nan, None),
])
def test_label_known_answers(value, expected):
    assert coerce.label(value) == expected


@pytest.mark.parametrize("value", [True, {"name": "m"}, ["m"], math.inf, pd.Timestamp("2024-01-01"), b"m"])
def test_label_rejects(value):
    with pytest.raises(BadValue):
        coerce.label(value)


def test_amount_and_fraction():
    assert coerce.amount("0.25") == 0.25 and coerce.amount(None) is None and coerce.amount("nan") is None
    assert coerce.fraction(True) == 1.0 and coerce.fraction("0.5") == 0.5
    for bad, read in [(True, coerce.amount), (-1, coerce.amount), (10**400, coerce.amount), (2, coerce.fraction),
                      (math.inf, coerce.fraction), ("yes", coerce.fraction)]:
        with pytest.raises(BadValue):
            read(bad)


def test_column_keeps_integers_beside_nulls():
    assert coerce.column([1, 2]).dtype == np.int64
    mixed = coerce.column([1, None, 2**53 + 1])
    assert mixed.dtype == object and mixed.tolist() == [1, None, 2**53 + 1]
    frame = coerce.records_frame([{"id": 1}, {"id": None, "x": 2}])
    assert frame["id"].tolist() == [1, None] and frame["x"].tolist()[1] == 2


values = st.one_of(st.none(), st.booleans(), st.integers(-(2**66), 2**66), st.floats(allow_nan=True, allow_infinity=True),
                   st.sampled_from(["12", " 7 ", "1e3", "nan", "", "x", "1.5", "-2", "9223372036854775808"]),
                   st.just({}), st.just([1]))


def _scalar(read, v):
    try:
        return ("ok", read(v))
    except BadValue:
        return ("bad", None)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(values, min_size=1, max_size=8), st.sampled_from(["object", "native"]))
def test_columns_agree_with_the_scalar_rule(items, layout):
    """Each column function gives, row by row, what the scalar rule gives for that value,
    whatever dtype pandas chose (object, int64, float64, bool)."""
    raw = pd.Series(items, dtype=object) if layout == "object" else pd.Series(items)
    cells = raw.astype(object).tolist()
    for column, read in [(coerce.count_column, coerce.count), (lambda r: coerce.float_column(r, coerce.amount), coerce.amount),
                         (lambda r: coerce.float_column(r, coerce.fraction), coerce.fraction), (coerce.label_column, coerce.label)]:
        got, bad, reason = column(raw)
        for i, v in enumerate(cells):
            kind, want = _scalar(read, v.item() if isinstance(v, np.generic) else v)
            assert bool(bad[i]) == (kind == "bad"), (read.__name__, v)
            if kind == "bad":
                assert reason(i)
            elif want is None:
                assert pd.isna(got.iloc[i]), (read.__name__, v, got.iloc[i])
            else:
                assert got.iloc[i] == want, (read.__name__, v, got.iloc[i], want)
