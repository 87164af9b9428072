"""Tests for notebook conclusions: Fisher's exact test, the difference of two Points, missing runs."""

import numpy as np
import pandas as pd
import pytest

import analysis


def test_fisher_exact_matches_the_hypergeometric_sum():
    """3 of 30 against 7 of 30: two-sided p sums the tables no more likely than the observed one."""
    from scipy.stats import hypergeom

    res = analysis.fisher_exact_test(3, 30, 7, 30)
    rv = hypergeom(60, 10, 30)  # 60 answers, 10 right, 30 in the first run
    probs = rv.pmf(np.arange(0, 11))
    expected = probs[probs <= rv.pmf(3) * (1 + 1e-7)].sum()
    assert res["p_value"] == pytest.approx(expected) and res["p_value"] == pytest.approx(0.299, abs=1e-3)
    assert not res["distinguishable"] and res["difference"] == pytest.approx(4 / 30)
    assert analysis.fisher_exact_test(0, 30, 12, 30)["distinguishable"]
    with pytest.raises(ValueError):
        analysis.fisher_exact_test(5, 4, 1, 4)


def test_compare_points_square_and_add():
    a = pd.Series({"accuracy": 0.5, "acc_low": 0.3, "acc_high": 0.7})
    b = pd.Series({"accuracy": 0.8, "acc_low": 0.55, "acc_high": 0.9})
    res = analysis.compare_points(a, b)
    assert res["difference"] == pytest.approx(0.3)
    assert res["diff_low"] == pytest.approx(0.3 - np.hypot(0.25, 0.2))
    assert res["diff_high"] == pytest.approx(0.3 + np.hypot(0.1, 0.2))
    assert not res["distinguishable"]
    far = analysis.compare_points(a, pd.Series({"accuracy": 0.99, "acc_low": 0.95, "acc_high": 1.0}))
    assert far["distinguishable"]


def test_missing_runs_and_token_definitions():
    rows = [("m", "b", f"q{i}", s) for i in range(4) for s in range(5 if i else 2)]
    rows += [("n", "b", f"q{i}", s) for i in range(4) for s in range(5)]
    df = pd.DataFrame(rows, columns=["model", "benchmark", "item_id", "sample"])
    out = analysis.missing_runs(df)
    assert out.to_dict("records") == [{"model": "m", "benchmark": "b", "n_items": 4, "expected_samples": 5,
                                       "n_short_items": 1, "n_missing": 3, "short_items": "q0 (2 of 5)"}]
    assert analysis.missing_runs(df[df.model == "n"]).empty
    df["token_source"] = np.where(df["model"] == "m", "reported", "counted:cl100k_base")
    defs = analysis.token_definitions(df)
    assert defs.loc[0, "mixed"] and defs.loc[0, "token_sources"] == "counted:cl100k_base; reported"


@pytest.mark.parametrize("low,high,null,expected", [
    (0.01, 0.2, 0.0, "distinguishable"), (-0.3, -0.05, 0.0, "distinguishable"),
    (-0.1, 0.2, 0.0, "not distinguishable"), (0.0, 0.2, 0.0, "not distinguishable"),  # touching 0 holds it
    (6.3, 10.9, 1.0, "distinguishable"), (0.8, 1.4, 1.0, "not distinguishable"), (0.2, 0.9, 1.0, "distinguishable"),
])
def test_verdict_follows_the_interval(low, high, null, expected):
    assert analysis.verdict(low, high, null=null) == expected


def test_verdict_needs_an_interval():
    with pytest.raises(ValueError, match="needs an interval"):
        analysis.verdict(float("nan"), 1.0)
    with pytest.raises(ValueError, match="low <= high"):
        analysis.verdict(0.5, 0.1)
