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


def test_fisher_compare_points_reads_the_counts_back():
    """3 of 30 against 7 of 30 from two Points rows: the same test as the counts themselves."""
    a = pd.Series({"accuracy": 0.1, "n_items": 30, "n_samples": 30})
    b = pd.Series({"accuracy": 7 / 30, "n_items": 30})
    res = analysis.fisher_compare_points(a, b)
    direct = analysis.fisher_exact_test(3, 30, 7, 30)
    assert (res["successes_a"], res["n_a"], res["successes_b"], res["n_b"]) == (3, 30, 7, 30)
    assert res["p_value"] == pytest.approx(direct["p_value"]) and res["p_value"] == pytest.approx(0.299, abs=1e-3)
    assert res["verdict"] == "not distinguishable" and res["direction"] == "higher"
    strong = analysis.fisher_compare_points({"accuracy": 12 / 30, "n_items": 30}, {"accuracy": 0.0, "n_items": 30})
    assert strong["verdict"] == "distinguishable" and strong["direction"] == "lower"
    same = analysis.fisher_compare_points(a, a)
    assert same["direction"] == "the same" and same["p_value"] == pytest.approx(1.0)
    # a stricter alpha changes the verdict, not the p-value
    assert analysis.fisher_compare_points({"accuracy": 12 / 30, "n_items": 30}, {"accuracy": 0.0, "n_items": 30},
                                          alpha=1e-6)["verdict"] == "not distinguishable"


def test_fisher_compare_points_refuses_what_is_not_a_count():
    with pytest.raises(analysis.DataError, match="not a whole number"):
        analysis.fisher_compare_points({"accuracy": 0.5, "n_items": 3}, {"accuracy": 1 / 3, "n_items": 3})
    with pytest.raises(analysis.DataError, match="one answer per item"):
        analysis.fisher_compare_points({"accuracy": 0.5, "n_items": 30, "n_samples": 120}, {"accuracy": 0.5, "n_items": 30})
    with pytest.raises(analysis.DataError, match="n_items"):
        analysis.fisher_compare_points({"accuracy": 0.5}, {"accuracy": 0.5, "n_items": 30})
    with pytest.raises(analysis.DataError, match="row b"):
        analysis.fisher_compare_points({"accuracy": 0.5, "n_items": 30}, {"accuracy": float("nan"), "n_items": 30})


@pytest.mark.parametrize("lows, highs, expected, n_dist", [
    ([-0.3, -0.1], [0.2, 0.4], "not distinguishable", 0),
    ([-0.5, -0.3], [-0.1, -0.01], "all below", 2),
    ([0.1, 0.2], [0.3, 0.5], "all above", 2),
    ([-0.5, -0.2], [-0.1, 0.3], "mixed", 1),  # one below, one containing 0
    ([-0.5, 0.1], [-0.1, 0.3], "mixed", 2),  # opposite directions
    ([-0.2, 0.0], [0.0, 0.2], "not distinguishable", 0),  # touching 0 contains it
])
def test_joint_verdict(lows, highs, expected, n_dist):
    res = analysis.joint_verdict(lows, highs)
    assert res["verdict"] == expected and res["n_distinguishable"] == n_dist and res["n_comparisons"] == len(lows)
    assert res["n_below"] + res["n_above"] == n_dist


def test_joint_verdict_ratios_and_bad_input():
    assert analysis.joint_verdict([1.2], [3.0], null=1.0)["verdict"] == "all above"
    assert analysis.joint_verdict(pd.Series([0.5]), pd.Series([0.9]), null=1.0)["verdict"] == "all below"
    with pytest.raises(ValueError):
        analysis.joint_verdict([], [])
    with pytest.raises(ValueError):
        analysis.joint_verdict([0.1, 0.2], [0.3])
    with pytest.raises(ValueError):
        analysis.joint_verdict([float("nan")], [0.3])
    with pytest.raises(ValueError):
        analysis.joint_verdict([0.3], [0.1])


def test_samples_per_item():
    # model a: q1 five samples, q2 three; model b: q1 ten (the same item id in another model is another item)
    df = pd.DataFrame({"model": ["a"] * 8 + ["b"] * 10, "item_id": ["q1"] * 5 + ["q2"] * 3 + ["q1"] * 10})
    every = analysis.samples_per_item(df)
    assert len(every) == 1
    assert every.iloc[0][["n_items", "min_samples", "median_samples", "max_samples"]].tolist() == [3, 3, 5, 10]
    per_model = analysis.samples_per_item(df, by="model").set_index("model")
    assert per_model.loc["a", ["n_items", "min_samples", "median_samples", "max_samples"]].tolist() == [2, 3, 4, 5]
    assert per_model.loc["b", ["n_items", "min_samples", "median_samples", "max_samples"]].tolist() == [1, 10, 10, 10]
    with pytest.raises(analysis.DataError, match="no responses"):
        analysis.samples_per_item(df.iloc[0:0])
    with pytest.raises(analysis.DataError, match="item_id"):
        analysis.samples_per_item(df.drop(columns="item_id"))
