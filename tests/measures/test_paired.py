"""Paired comparison of two settings on shared items."""

import pandas as pd
import pytest

from analysis import DataError, compare_paired, validate_responses


@pytest.fixture
def paired_df():
    base = pd.DataFrame({"model": "m", "setting": "long", "benchmark": "b", "item_id": ["q1", "q2", "q3", "q4", "q5"],
                         "correct": [1.0, 1, 1, 0, 1], "output_tokens": [1000, 2000, 3000, 4000, 500]})
    cand = pd.DataFrame({"model": "m", "setting": "short", "benchmark": "b", "item_id": ["q1", "q2", "q3", "q4", "q6"],
                         "correct": [1.0, 0, 1, 0, 1], "output_tokens": [500, 1000, 1500, 2000, 10]})
    return validate_responses(pd.concat([base, cand], ignore_index=True))


def test_compare_paired_hand_case(paired_df):
    out = compare_paired(paired_df, "long", "short", n_boot=500)
    assert list(out["model"]) == ["m"] and list(out["benchmark"]) == ["b"]
    row = out.iloc[0]
    assert (row["n_items"], row["n_base_only"], row["n_candidate_only"]) == (4, 1, 1)
    assert row["base_accuracy"] == pytest.approx(0.75) and row["candidate_accuracy"] == pytest.approx(0.5)
    assert row["delta_accuracy"] == pytest.approx(-0.25)
    assert row["base_tokens"] == pytest.approx(2500) and row["candidate_tokens"] == pytest.approx(1250)
    assert row["delta_tokens"] == pytest.approx(-1250) and row["token_ratio"] == pytest.approx(0.5)
    # every shared item halves its tokens, so every resample has ratio exactly 0.5
    assert row["token_ratio_low"] == pytest.approx(0.5) and row["token_ratio_high"] == pytest.approx(0.5)
    assert row["delta_tokens_high"] < 0 and row["p_tokens"] == 0
    # the accuracy change rests on one item of four: resamples range from 0 to -1 (item q2 drawn every time)
    assert row["delta_acc_low"] <= -0.25 <= row["delta_acc_high"] and row["delta_acc_high"] == 0
    assert row["p_accuracy"] > 0.05


def test_compare_paired_selectors_and_errors(paired_df):
    out = compare_paired(paired_df, {"setting": "long"}, {"setting": "short"}, by=("benchmark",), n_boot=50)
    assert list(out.columns[:1]) == ["benchmark"] and out["n_items"].iloc[0] == 4
    with pytest.raises(DataError, match="matches no rows"):
        compare_paired(paired_df, "long", "nope")
    with pytest.raises(DataError, match="same rows"):
        compare_paired(paired_df, "long", {"model": "m"})


def test_compare_paired_identical_settings_show_no_change(paired_df):
    twin = paired_df[paired_df.setting == "long"].assign(setting="copy")
    df = pd.concat([paired_df, twin], ignore_index=True)
    row = compare_paired(df, "long", "copy", n_boot=200).iloc[0]
    assert row["delta_accuracy"] == 0 and row["delta_acc_low"] == 0 and row["delta_acc_high"] == 0
    assert row["p_accuracy"] == 1 and row["p_tokens"] == 1
