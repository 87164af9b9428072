"""billed_vs_visible_thinking: hand-computed ratios, classes at the stated thresholds, a CI that
brackets the estimate and does not move for identical runs."""

import numpy as np
import pandas as pd
import pytest

from analysis import billed_vs_visible_thinking
from analysis.measures.billed_vs_visible import THINKING_CLASSES


def runs(model, completion, reasoning, thinking, answer):
    return pd.DataFrame({"model": model, "output_tokens": completion, "reasoning_tokens": reasoning,
                         "thinking_tokens_cl100k": thinking, "answer_tokens_cl100k": answer})


def test_hand_computed_ratios_and_classes():
    df = pd.concat([
        runs("open", [110, 220], [80, 160], [100, 200], [10, 20]),        # full: 300 / (330 - 30) = 1.0
        runs("summary", [1000, 1000], [900, 900], [100, 60], [100, 100]),  # 160 / 1800
        runs("hidden", [500, 500], [450, 450], [0, 0], [50, 50]),          # 0
        runs("placeholder", [1000, 1000], [990, 990], [10, 10], [10, 10]),  # 20 / 1980 ~ 1%
    ], ignore_index=True)
    out = billed_vs_visible_thinking(df, n_boot=200).set_index("model")
    assert out.loc["open", "visible_share"] == pytest.approx(300 / 240)
    assert out.loc["open", "visible_share_implied"] == pytest.approx(1.0)
    assert out.loc["open", "text_coverage"] == pytest.approx(330 / 330)
    assert out.loc["summary", "visible_share_implied"] == pytest.approx(160 / 1800)
    assert out.loc["placeholder", "visible_share_implied"] == pytest.approx(20 / 1980)
    assert out["thinking_class"].to_dict() == {"hidden": "hidden", "open": "full", "placeholder": "hidden",
                                               "summary": "summarised"}
    assert out.loc["open", "billed_reasoning_tokens"] == 240 and out.loc["open", "visible_thinking_tokens"] == 300


def test_thresholds_are_the_documented_ones():
    assert THINKING_CLASSES == {"hidden": (0.0, 0.03), "summarised": (0.03, 0.7), "full": (0.7, np.inf)}
    share = [0.029, 0.03, 0.699, 0.7]
    df = pd.concat([runs(f"m{i}", [1000], [900], [s * 1000], [0]) for i, s in enumerate(share)], ignore_index=True)
    out = billed_vs_visible_thinking(df, n_boot=50)
    assert out["thinking_class"].tolist() == ["hidden", "summarised", "summarised", "full"]


def test_unreported_reasoning_leaves_the_naive_ratio_undefined():
    df = runs("m", [100, 100], [pd.NA, pd.NA], [90, 80], [10, 10])
    out = billed_vs_visible_thinking(df, n_boot=50).iloc[0]
    assert out["n_runs_reported"] == 0 and np.isnan(out["visible_share"])
    assert out["visible_share_implied"] == pytest.approx(170 / 180)


def test_ci_brackets_estimate_and_collapses_for_identical_runs():
    rng = np.random.default_rng(1)
    t = rng.integers(100, 1000, 40)
    df = runs("m", t + 50, t, (t * rng.uniform(0.1, 0.3, 40)).round(), np.full(40, 50))
    out = billed_vs_visible_thinking(df, n_boot=500, seed=3).iloc[0]
    assert out["visible_share_implied_low"] < out["visible_share_implied"] < out["visible_share_implied_high"]
    same = billed_vs_visible_thinking(runs("m", [100] * 5, [90] * 5, [45] * 5, [10] * 5), n_boot=100).iloc[0]
    assert same["visible_share_implied_low"] == same["visible_share_implied_high"] == pytest.approx(0.5)
    again = billed_vs_visible_thinking(df, n_boot=500, seed=3).iloc[0]
    assert again["visible_share_implied_low"] == out["visible_share_implied_low"]  # seeded


def test_bad_options():
    df = runs("m", [100], [90], [45], [10])
    with pytest.raises(ValueError):
        billed_vs_visible_thinking(df, level=1.5)
    with pytest.raises(ValueError):
        billed_vs_visible_thinking(df, n_boot=0)


def test_thinking_class_summary_hand_computed():
    from analysis import DataError, thinking_class_summary

    billed = pd.DataFrame({
        "model": ["m2", "m1", "m3"],
        "thinking_class": pd.array(["full", "full", "hidden"], dtype="string"),
        "visible_share": [np.nan, 1.2, 0.0],  # m2 has no reported reasoning count
        "text_coverage": [0.95, 0.99, 0.2],
    })
    out = thinking_class_summary(billed)
    assert list(out.index) == ["hidden", "summarised", "full"]  # the order of THINKING_CLASSES, empty class kept
    assert out.loc["full", "models"] == "m1, m2" and out.loc["full", "n_models"] == 2
    assert out.loc["full", "visible_share_median"] == 1.2 and out.loc["full", "n_visible_share"] == 1
    assert out.loc["full", "text_coverage_median"] == pytest.approx(0.97)
    assert (out.loc["full", "text_coverage_min"], out.loc["full", "text_coverage_max"]) == (0.95, 0.99)
    assert out.loc["summarised", "models"] == "none" and out.loc["summarised", "n_models"] == 0
    assert np.isnan(out.loc["summarised", "visible_share_median"])
    assert out.loc["hidden", "models"] == "m3"
    unclassified = thinking_class_summary(pd.concat([billed, pd.DataFrame({
        "model": ["m4"], "thinking_class": pd.array([pd.NA], dtype="string"), "visible_share": [np.nan],
        "text_coverage": [np.nan]})], ignore_index=True))
    assert unclassified.loc["unclassified", "models"] == "m4" and len(unclassified) == 4
    with pytest.raises(DataError, match="thinking_class"):
        thinking_class_summary(billed.drop(columns="thinking_class"))


def test_thinking_class_summary_of_billed_vs_visible():
    df = pd.concat([
        runs("open", [110, 220], [80, 160], [100, 200], [10, 20]),
        runs("hidden", [1000, 1000], [900, 900], [0, 0], [100, 100]),
    ])
    from analysis import thinking_class_summary

    out = thinking_class_summary(billed_vs_visible_thinking(df, n_boot=50))
    assert out.loc["full", "models"] == "open" and out.loc["hidden", "models"] == "hidden"
    assert out.loc["full", "visible_share_median"] == pytest.approx(300 / 240)
