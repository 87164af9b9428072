"""token_quantiles and outcome_token_ratio: hand-computed answers and a numpy reference."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import DataError, outcome_token_ratio, token_quantiles


@pytest.fixture
def two_models():
    # model a: right answers 100, 200, 300; wrong answers 1000, 3000. model b: right 10, wrong none.
    return pd.DataFrame({
        "model": ["a"] * 5 + ["b"],
        "item_id": ["1", "2", "3", "4", "5", "1"],
        "correct": [1.0, 1.0, 1.0, 0.0, 0.0, 1.0],
        "output_tokens": pd.array([100, 200, 300, 1000, 3000, 10], dtype="Int64"),
    })


def test_quantiles_by_outcome_by_hand(two_models):
    q = token_quantiles(two_models, quantiles=(0.5, 0.25))
    assert list(zip(q["model"], q["outcome"])) == [("a", "correct"), ("a", "wrong"), ("b", "correct")]
    assert q["n_answers"].tolist() == [3, 2, 1]
    assert q["q50"].tolist() == [200.0, 2000.0, 10.0]
    assert q["q25"].tolist() == [150.0, 1500.0, 10.0]
    assert q["mean_tokens"].tolist() == [200.0, 2000.0, 10.0]


def test_quantiles_unsplit(two_models):
    q = token_quantiles(two_models, split_correct=False, quantiles=(0.5,))
    assert q["outcome"].tolist() == ["all", "all"]
    assert q["q50"].tolist() == [300.0, 10.0]


def test_partial_scores_are_their_own_outcome(two_models):
    df = two_models.assign(correct=[1.0, 0.5, 1.0, 0.0, 0.0, 1.0])
    q = token_quantiles(df, quantiles=(0.5,))
    assert q[q["model"] == "a"]["outcome"].tolist() == ["correct", "wrong", "partial"]


def test_ratio_by_hand(two_models):
    r = outcome_token_ratio(two_models)
    a = r[r["model"] == "a"].iloc[0]
    assert (a["n_correct"], a["n_wrong"]) == (3, 2)
    assert a["wrong_to_right"] == pytest.approx(2000 / 200)
    b = r[r["model"] == "b"].iloc[0]
    assert b["n_wrong"] == 0 and np.isnan(b["wrong_to_right"])


def test_ratio_mixed_items_only():
    # item 1 mixed (right 100, wrong 400), item 2 only right (10 000 tokens): left out.
    df = pd.DataFrame({
        "model": "m", "item_id": ["1", "1", "2"], "correct": [1.0, 0.0, 1.0],
        "output_tokens": pd.array([100, 400, 10_000], dtype="Int64"),
    })
    assert outcome_token_ratio(df)["wrong_to_right"].iloc[0] == pytest.approx(400 / 5050)
    r = outcome_token_ratio(df, mixed_items_only=True)
    assert r["wrong_to_right"].iloc[0] == pytest.approx(4.0)
    assert r["n_correct"].iloc[0] == 1


def test_missing_tokens_is_data_error(two_models):
    df = two_models.copy()
    df["output_tokens"] = df["output_tokens"].astype("Int64")
    df.loc[2, "output_tokens"] = pd.NA
    with pytest.raises(DataError, match="output_tokens"):
        token_quantiles(df)


def test_bad_quantile():
    with pytest.raises(ValueError):
        token_quantiles(pd.DataFrame({"model": ["a"], "correct": [1.0], "output_tokens": [1]}), quantiles=(1.5,))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("xyz"), st.booleans(), st.integers(0, 10_000)), min_size=1, max_size=60))
def test_matches_numpy_quantile(rows):
    df = pd.DataFrame(rows, columns=["model", "correct", "output_tokens"]).assign(correct=lambda d: d["correct"] * 1.0)
    q = token_quantiles(df, quantiles=(0.1, 0.5, 0.9))
    assert q["n_answers"].sum() == len(df)
    for _, row in q.iterrows():
        want_c = 1.0 if row["outcome"] == "correct" else 0.0
        t = df[(df["model"] == row["model"]) & (df["correct"] == want_c)]["output_tokens"].to_numpy(float)
        assert len(t) == row["n_answers"]
        np.testing.assert_allclose([row["q10"], row["q50"], row["q90"]], np.quantile(t, [0.1, 0.5, 0.9]))


@pytest.mark.parametrize("mixed, median, kept, explanation", [
    ([1.1, 0.9, 1.0], 1.0, 0.0, "item difficulty"),
    ([3.0, 4.0, 2.0], 3.0, np.log(3) / np.log(4), "longer when wrong"),
    ([2.0], 2.0, 0.5, "longer when wrong"),  # exactly half the gap left: not "mostly difficulty"
    ([0.25], 0.25, -1.0, "shorter when wrong"),
])
def test_outcome_ratio_summary(mixed, median, kept, explanation):
    from analysis import outcome_ratio_summary

    pooled = pd.DataFrame({"model": list("abcd"), "wrong_to_right": [4.0, 2.0, np.nan, 8.0]})
    s = outcome_ratio_summary(pooled, pd.DataFrame({"wrong_to_right": mixed}))
    assert (s["n_groups_all"], s["median_all"]) == (3, 4.0)
    assert (s["n_groups_mixed"], s["median_mixed"]) == (len(mixed), pytest.approx(median))
    assert s["gap_kept"] == pytest.approx(kept) and s["explanation"] == explanation


def test_outcome_ratio_summary_no_gap_and_errors(two_models):
    from analysis import outcome_ratio_summary

    flat = pd.DataFrame({"wrong_to_right": [1.0, 1.0]})
    s = outcome_ratio_summary(flat, flat)
    assert s["explanation"] == "no gap" and np.isnan(s["gap_kept"])
    with pytest.raises(DataError, match="mixed"):
        outcome_ratio_summary(flat, pd.DataFrame({"wrong_to_right": [np.nan]}))
    with pytest.raises(DataError, match="wrong_to_right"):
        outcome_ratio_summary(pd.DataFrame({"model": ["a"]}), flat)
    # from outcome_token_ratio: model a's median wrong 2000 / right 200 = 10, b has no wrong answer
    s = outcome_ratio_summary(outcome_token_ratio(two_models), flat)
    assert (s["n_groups_all"], s["median_all"]) == (1, 10.0)
