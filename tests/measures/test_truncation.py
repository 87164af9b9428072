"""analysis.measures.truncation: hand-computed cases and the bundled loaders' truncated columns."""

import warnings

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis.measures.truncation import TruncationWarning, ends_with_final_answer, mark_truncated, truncation_rate


def _df():
    return pd.DataFrame({
        "model": ["a", "a", "a", "b", "b"],
        "setting": "s", "benchmark": "x",
        "output_tokens": [100, 99, 50, 10, 12],
        "max_tokens": [100, 100, 100, np.nan, np.nan],
        "finish": [None, None, "length", "stop", None],
    })


def test_cap_and_reason():
    out = mark_truncated(_df(), finish_reason_col="finish")
    # row 0 at the cap; row 1 below; row 2 reason says length; row 3 reason 'stop'; row 4 unknown
    assert out["truncated"].tolist() == [True, False, True, False, pd.NA]


def test_reason_case_insensitive_and_tolerance():
    df = _df().assign(finish=["MAX_TOKENS", None, None, None, None])
    out = mark_truncated(df, finish_reason_col="finish", tolerance=0.02)
    assert out["truncated"].tolist()[:3] == [True, True, False]


def test_text_rule():
    texts = pd.Series(["so \\(\\boxed{25}\\).", "and then we comp", "\\boxed{3} but wait" + " x" * 80, None])
    assert ends_with_final_answer(texts).tolist() == [True, False, False, False]
    df = pd.DataFrame({"output_tokens": [98, 98, 50], "max_tokens": [100, 100, 100],
                       "text": ["\\boxed{1}.", "cut mid", "cut mid"]})
    assert mark_truncated(df, tolerance=0.05, text_col="text")["truncated"].tolist() == [False, True, False]


def test_rate_and_warning():
    out = mark_truncated(_df(), finish_reason_col="finish")
    with pytest.warns(TruncationWarning, match=r"a, s, x \(2/3\)"):
        rate = truncation_rate(out)
    a = rate.set_index("model").loc["a"]
    assert (a["n"], a["n_known"], a["n_truncated"]) == (3, 3, 2)
    assert a["truncation_rate"] == pytest.approx(2 / 3)
    b = rate.set_index("model").loc["b"]
    assert (b["n_known"], b["n_truncated"], b["truncation_rate"]) == (1, 0, 0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        truncation_rate(out, warn=False)
        truncation_rate(out, threshold=0.7)


def test_bundled_truncation():
    lrm = analysis.lrm_token_economy()
    assert lrm["truncated"].sum() == 2
    assert set(lrm.loc[lrm["truncated"].astype(bool), "model"]) == {"magistral-small-2506"}
    ds = analysis.deepscaler_budget_sweep()
    assert ds.groupby("max_tokens")["truncated"].sum().tolist() == [30, 30, 30, 30, 29, 26, 15]
    # 4 answers graded correct were cut in the summary after the thinking (its boxed answer
    # was graded): all at cap 4096, all with a finished </think>
    cut_correct = ds[(ds["correct"] == 1) & ds["truncated"].astype(bool)]
    assert cut_correct["max_tokens"].tolist() == [4096] * 4
    assert cut_correct["text"].str.contains("</think>", regex=False).all()


def test_bad_options_are_value_errors_and_bad_data_data_errors():
    """One rule: an option out of range is a ValueError (not a DataError); a table without the
    column asked for is a DataError naming the function and the column."""
    from analysis import DataError

    df = _df()
    for call in (lambda: mark_truncated(df, tolerance=1.0), lambda: mark_truncated(df, tolerance=-0.1),
                 lambda: truncation_rate(mark_truncated(df), threshold=1.5)):
        with pytest.raises(ValueError) as info:
            call()
        assert not isinstance(info.value, DataError)
    with pytest.raises(DataError, match=r"^mark_truncated: field 'why': the finish-reason column is missing"):
        mark_truncated(df, finish_reason_col="why")
    with pytest.raises(DataError, match=r"field 'truncated'"):
        truncation_rate(df)


def test_right_answers_at_the_cap_are_counted():
    """Scores over all answers and over the cut ones, by hand; no columns without scores."""
    df = pd.DataFrame({"model": ["a", "a", "a", "a", "b"], "truncated": [True, True, False, None, False],
                       "correct": [1.0, 0.0, 1.0, 1.0, 0.5]})
    rate = truncation_rate(df, by=("model",), warn=False).set_index("model")
    assert rate.loc["a", ["n_correct", "n_correct_truncated"]].tolist() == [3.0, 1.0]
    assert rate.loc["b", ["n_correct", "n_correct_truncated"]].tolist() == [0.5, 0.0]
    plain = truncation_rate(df.drop(columns="correct"), by=("model",), warn=False)
    assert "n_correct" not in plain.columns and "n_correct_truncated" not in plain.columns


def test_bundled_deepscaler_cut_answers_can_be_right():
    """DeepScaleR's 4,096 cap: 4 of its 7 right answers are cut texts (notebook 07)."""
    sweep = analysis.deepscaler_budget_sweep()
    rate = truncation_rate(sweep, by=("max_tokens",), warn=False).set_index("max_tokens")
    assert rate.loc[4096, ["n_correct", "n_correct_truncated"]].tolist() == [7.0, 4.0]
