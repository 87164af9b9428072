"""check_token_sanity: each suspicious pattern warns once per group, with the right counts."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from analysis import TokenSanityWarning, check_token_sanity


def frame(**cols):
    n = len(next(iter(cols.values())))
    return pd.DataFrame({"model": ["a"] * n, **cols})


def quiet(df, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TokenSanityWarning)
        return check_token_sanity(df, **kw)


def test_clean_table_is_silent():
    df = frame(output_tokens=[10, 20, 30], reasoning_tokens=[5, 0, pd.NA], input_tokens=[1, 1, 1])
    with warnings.catch_warnings():
        warnings.simplefilter("error", TokenSanityWarning)
        assert check_token_sanity(df) == []


def test_reasoning_above_output_counted():
    [msg] = quiet(frame(output_tokens=[10, 20, 30, 5], reasoning_tokens=[11, 20, 31, pd.NA]))
    assert "2 of 4 answers have reasoning_tokens > output_tokens" in msg


def test_all_zero_usage_per_model():
    df = pd.DataFrame({"model": ["a", "a", "b"], "output_tokens": [0, 0, 0], "input_tokens": [0, 7, 0]})
    msgs = quiet(df)
    assert any("model=a: usage is all zero for 1 of 2" in m for m in msgs)
    assert any("model=b: usage is all zero for 1 of 1" in m for m in msgs)


def test_identical_count_across_a_model():
    df = pd.DataFrame({"model": ["a"] * 3 + ["b"] * 3 + ["c"] * 2, "output_tokens": [512] * 3 + [1, 2, 2] + [9, 9]})
    msgs = quiet(df)
    assert len(msgs) == 1 and "model=a: all 3 answers have the same output_tokens (512)" in msgs[0]


def test_missing_usage_and_warning_class():
    df = frame(output_tokens=[pd.NA, 3, pd.NA, 4, 6])
    with pytest.warns(TokenSanityWarning, match="usage is missing for 2 of 5 answers"):
        check_token_sanity(df, source="f.jsonl")
