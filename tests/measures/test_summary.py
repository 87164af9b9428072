"""summarize and the interval helpers: hand-computed cases, edge cases, bootstrap coverage."""

import warnings

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import DataError, summarize, validate_points, validate_responses, wilson_interval
from analysis.intervals import _bootstrap_means_by_index, bootstrap_means, bootstrap_means_by_level


def responses(rows):
    cols = ["model", "setting", "benchmark", "item_id", "sample", "correct", "output_tokens"]
    return validate_responses(pd.DataFrame(rows, columns=cols))


@pytest.fixture
def one_sample_df():
    # model a: 10 items, 8 correct; model b: 10 items, 0 correct
    rows = [("a", "default", "bench", f"q{i}", 0, 1.0 if i < 8 else 0.0, 100 * (i + 1)) for i in range(10)]
    rows += [("b", "default", "bench", f"q{i}", 0, 0.0, 50) for i in range(10)]
    return responses(rows)


def test_wilson_matches_hand_computation():
    # 8/10 at 95%: z = 1.959964; centre = (0.8 + z^2/20) / (1 + z^2/10) = 0.71688;
    # half = z / (1 + z^2/10) * sqrt(0.016 + z^2/400) = 0.22647  ->  (0.4902, 0.9433)
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.49016, abs=1e-4)
    assert high == pytest.approx(0.94332, abs=1e-4)
    # 0/10: upper = z^2/10 / (1 + z^2/10) = 0.27753
    low, high = wilson_interval(0, 10)
    assert low == 0.0
    assert high == pytest.approx(0.27753, abs=1e-4)


def test_wilson_needs_positive_n():
    with pytest.raises(ValueError):
        wilson_interval(0, 0)


def test_one_failure_gets_the_poisson_bound():
    """1 wrong of 10 (n_eff < 20, x* = 1): upper bound 1 - chi2_{0.025, 2} / 20 instead of Wilson's."""
    from scipy import stats

    rows = [("m", "s", "b", f"q{i}", 0, float(i > 0), 10) for i in range(10)]
    row = summarize(responses(rows)).iloc[0]
    assert row["acc_high"] == pytest.approx(1 - stats.chi2.ppf(0.025, 2) / 20)
    assert row["acc_low"] == pytest.approx(wilson_interval(9, 10)[0])


def test_one_sample_per_item_uses_wilson(one_sample_df):
    pts = summarize(one_sample_df)
    a = pts.set_index("model").loc["a"]
    assert a["n_items"] == 10 and a["n_samples"] == 10
    assert a["accuracy"] == pytest.approx(0.8)
    assert a["ci_method"] == "wilson" and a["n_eff"] == 10
    assert (a["acc_low"], a["acc_high"]) == pytest.approx((0.49016, 0.94332), abs=1e-4)
    assert a["mean_tokens"] == pytest.approx(550.0)
    assert a["median_tokens"] == pytest.approx(550.0)
    assert a["p90_tokens"] == pytest.approx(910.0)  # 900 + 0.1 * (1000 - 900)
    assert a["tokens_per_correct"] == pytest.approx(5500 / 8)
    assert a["token_kind"] == "total" and a["weights"] == "item"
    b = pts.set_index("model").loc["b"]
    assert b["accuracy"] == 0 and b["acc_low"] == 0 and b["acc_high"] == pytest.approx(0.27753, abs=1e-4)
    assert np.isnan(b["tokens_per_correct"])  # nothing correct: no cost per solved item
    validate_points(pts)  # the output is a valid Points table


def test_several_samples_weigh_items_equally():
    from scipy import stats

    rows = [("m", "s", "b", "q1", i, c, t) for i, (c, t) in enumerate([(1, 10), (1, 20), (0, 30), (0, 40)])]
    rows.append(("m", "s", "b", "q2", 0, 1, 50))
    pts = summarize(responses(rows))
    row = pts.iloc[0]
    assert row["accuracy"] == pytest.approx(0.75)  # (0.5 + 1) / 2, not 3/5
    assert row["mean_tokens"] == pytest.approx(37.5)  # (25 + 50) / 2, weighted like accuracy, not 30
    assert row["n_items"] == 2 and row["n_samples"] == 5
    assert row["ci_method"] == "cluster wilson"
    assert row["median_tokens"] == 30 and row["p90_tokens"] == pytest.approx(46)
    assert row["tokens_per_correct"] == pytest.approx(37.5 / 0.75)
    # item means 0.5 and 1: s^2 = 0.125, var of the mean 0.0625, n_eff = 0.75 * 0.25 / 0.0625 = 3
    # (within [2, 5]); design effect 5 / 3, excess share (deff - 1) / deff = 0.4, so t with
    # (2 - 1) / 0.4^2 = 6.25 df; the design effect is estimated, so no Poisson bound at 0.75 failures.
    assert row["n_eff"] == pytest.approx(3)
    z = stats.t.ppf(0.975, 6.25)
    centre = (0.75 + z**2 / 6) / (1 + z**2 / 3)
    half = z / (1 + z**2 / 3) * np.sqrt(0.75 * 0.25 / 3 + z**2 / 36)
    assert row["acc_low"] == pytest.approx(centre - half) and centre - half > 0
    assert row["acc_high"] == pytest.approx(min(1.0, centre + half))
    answer = summarize(responses(rows), weights="answer").iloc[0]
    assert answer["accuracy"] == pytest.approx(3 / 5) and answer["mean_tokens"] == pytest.approx(30)
    assert answer["tokens_per_correct"] == pytest.approx(150 / 3) and answer["weights"] == "answer"
    with pytest.raises(ValueError, match="weights"):
        summarize(responses(rows), weights="prompt")


def test_single_item_with_samples_uses_wilson_on_samples():
    rows = [("m", "s", "b", "q1", i, float(i < 8), 10) for i in range(10)]
    row = summarize(responses(rows)).iloc[0]
    assert row["ci_method"] == "wilson"
    assert (row["acc_low"], row["acc_high"]) == pytest.approx((0.49016, 0.94332), abs=1e-4)


def test_all_correct_has_an_interval_of_positive_width():
    from scipy import stats

    rows = [("m", "s", "b", f"q{i}", j, 1.0, 0) for i in range(5) for j in range(3)]
    row = summarize(responses(rows)).iloc[0]
    # the design effect cannot be estimated: n_eff = 5 items (design effect 3, its largest), t
    # with (5 - 1) / (2/3)^2 = 9 df, lower = 5 / (5 + t^2)
    t = stats.t.ppf(0.975, 9)
    assert row["accuracy"] == 1 and row["acc_high"] == 1 and row["acc_low"] == pytest.approx(5 / (5 + t**2))
    assert row["mean_tokens"] == 0 and row["tokens_per_correct"] == 0
    wrong = summarize(responses([r[:5] + (0.0, 0) for r in rows])).iloc[0]
    assert wrong["acc_low"] == 0 and wrong["acc_high"] == pytest.approx(t**2 / (5 + t**2))


def test_interval_does_not_depend_on_row_order_seed_or_other_groups():
    rng = np.random.default_rng(0)
    correct = rng.random((60, 4)) < rng.random(60)[:, None]
    rows = [("m", "s", "b", f"q{i}", j, float(correct[i, j]), 10 + i) for i in range(60) for j in range(4)]
    df = responses(rows)
    with pytest.warns(FutureWarning, match="summarize: seed no longer changes anything"):
        first = summarize(df, seed=3)
    with pytest.warns(FutureWarning, match="n_boot and seed no longer change anything"):
        pd.testing.assert_frame_equal(first, summarize(df, n_boot=10, seed=4))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no argument given: no warning
        pd.testing.assert_frame_equal(summarize(df), first)
    shuffled = df.sample(frac=1, random_state=1).reset_index(drop=True)
    pd.testing.assert_frame_equal(summarize(shuffled), first)
    extra = df.assign(model="z")
    both = summarize(pd.concat([df, extra], ignore_index=True))
    assert both.loc[both.model == "m", ["acc_low", "acc_high"]].to_numpy().tolist() == first[["acc_low", "acc_high"]].to_numpy().tolist()


def test_cluster_wilson_coverage_400_experiments():
    """Each model is one experiment: 60 items with Beta(2, 2) difficulty, 4 samples each.
    The true accuracy is E[p] = 0.5; the 95% interval should cover it in 92-98% of 400."""
    rng = np.random.default_rng(12345)
    n_exp, n_items, n_samp = 400, 60, 4
    p = rng.beta(2, 2, size=(n_exp, n_items))
    correct = rng.random((n_exp, n_items, n_samp)) < p[..., None]
    df = pd.DataFrame({
        "model": np.repeat([f"exp{i:03d}" for i in range(n_exp)], n_items * n_samp),
        "benchmark": "synthetic",
        "item_id": np.tile(np.repeat([f"q{i}" for i in range(n_items)], n_samp), n_exp),
        "sample": np.tile(np.arange(n_samp), n_exp * n_items),
        "correct": correct.ravel().astype(float),
        "output_tokens": 100,
    })
    pts = summarize(validate_responses(df))
    assert (pts["ci_method"] == "cluster wilson").all()
    covered = ((pts["acc_low"] <= 0.5) & (pts["acc_high"] >= 0.5)).mean()
    assert 0.92 <= covered <= 0.98


def test_missing_tokens_name_the_group():
    df = pd.DataFrame({"model": ["a", "b"], "benchmark": "x", "item_id": ["q1", "q1"], "correct": [1, 0],
                       "text": ["hi", "there"]})
    df = validate_responses(df)  # output_tokens unknown until counted
    with pytest.raises(DataError) as err:
        summarize(df)
    msg = str(err.value)
    assert "model=a" in msg and "model=b" in msg and "output_tokens" in msg and "add_token_counts" in msg


def test_missing_correct_is_an_error():
    df = pd.DataFrame({"model": ["a"], "setting": "s", "benchmark": "x", "item_id": ["q1"], "correct": [np.nan],
                       "output_tokens": [3]})
    with pytest.raises(DataError, match="correct"):
        summarize(df)


def test_cost_from_column_and_from_prices(one_sample_df):
    df = one_sample_df.assign(cost_usd=0.5, input_tokens=pd.array([1000] * 20, dtype="Int64"))
    pts = summarize(df)
    assert (pts["cost_usd"] == 0.5).all() and (pts["n_cost_missing"] == 0).all()
    prices = pd.DataFrame({"model": ["a", "b"], "usd_per_mtok_output": [10.0, 2.0], "usd_per_mtok_input": [1.0, 1.0]})
    pts = summarize(df, prices=prices).set_index("model")
    assert pts.loc["a", "cost_usd"] == pytest.approx(550 * 10 / 1e6 + 1000 * 1 / 1e6)
    assert pts.loc["b", "cost_usd"] == pytest.approx(50 * 2 / 1e6 + 1000 / 1e6)
    with pytest.raises(DataError, match="no price"):
        summarize(df, prices=prices.iloc[:1])
    partial = one_sample_df.assign(cost_usd=[0.1] * 19 + [np.nan])
    pts = summarize(partial).set_index("model")
    assert pts.loc["a", "cost_usd"] == pytest.approx(0.1) and pts.loc["a", "n_cost_missing"] == 0
    assert np.isnan(pts.loc["b", "cost_usd"]) and pts.loc["b", "n_cost_missing"] == 1


def test_no_cost_column_without_costs(one_sample_df):
    assert "cost_usd" not in summarize(one_sample_df).columns


def test_other_groupings_and_bad_options(one_sample_df):
    pts = summarize(one_sample_df, by=("benchmark",))
    assert len(pts) == 1 and pts["n_items"].iloc[0] == 10 and pts["accuracy"].iloc[0] == pytest.approx(0.4)
    with pytest.raises(ValueError):
        summarize(one_sample_df, ci=95)
    with pytest.raises(DataError, match="required column"):
        summarize(one_sample_df.drop(columns="item_id"))
    no_id = one_sample_df.assign(item_id=one_sample_df["item_id"].astype(object))
    no_id.loc[3, "item_id"] = None
    with pytest.raises(DataError, match=r"^summarize: row 3: field 'item_id': missing value"):
        summarize(no_id)


def test_summarize_reports_truncation_and_warns():
    import warnings

    from analysis import TruncationWarning

    df = pd.DataFrame({
        "model": ["a"] * 4 + ["b"] * 4, "benchmark": "x", "item_id": list("pqrs") * 2,
        "correct": [1, 0, 1, 0, 1, 1, 1, 0], "output_tokens": [100, 50, 20, 10, 100, 90, 80, 70],
        "max_tokens": [100] * 8,
    })
    df = analysis.validate_responses(df)
    with pytest.warns(TruncationWarning, match=r"2 of 2 groups .*: default, x: a \(1/4\); b \(1/4\)$"):
        out = analysis.summarize(df, truncation_threshold=0.2)
    assert out["n_truncated"].tolist() == [1, 1]
    assert out["truncation_rate"].tolist() == [0.25, 0.25]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        analysis.summarize(df, truncation_threshold=0.3)  # 25% is under the threshold: no warning
    plain = analysis.summarize(df.drop(columns="max_tokens"))
    assert "truncation_rate" not in plain.columns


def test_bootstrap_by_level_has_the_index_bootstraps_distribution():
    """20 zeros and 10 ones: a resampled mean is Binomial(30, 1/3) / 30 (mean 1/3, variance
    (1/3)(2/3)/30). The multinomial-over-levels draw and the index resample both match it."""
    values = np.array([0.0] * 20 + [1.0] * 10)
    rng = np.random.default_rng(7)
    by_level = bootstrap_means(values, n_boot=40_000, rng=rng)  # 2 levels <= 30 / 4: level path
    by_index = _bootstrap_means_by_index(values, n_boot=40_000, rng=rng)
    var = (1 / 3) * (2 / 3) / 30
    for boot in (by_level, by_index):
        assert boot.mean() == pytest.approx(1 / 3, abs=4 * np.sqrt(var / 40_000))
        assert boot.var() == pytest.approx(var, rel=0.05)
        assert np.allclose(boot * 30, np.round(boot * 30))  # whole counts of ones
    # P(mean = 10/30) = C(30, 10) (1/3)^10 (2/3)^20 = 0.1530
    assert np.mean(np.isclose(by_level, 1 / 3)) == pytest.approx(0.1530, abs=0.01)


def test_bootstrap_by_level_edge_cases():
    rng = np.random.default_rng(0)
    assert (bootstrap_means_by_level([0.5], [8], n_boot=5, rng=rng) == 0.5).all()
    boot = bootstrap_means_by_level([0.0, 1.0], [3, 1], n_boot=1000, rng=rng)
    assert set(np.round(boot * 4).astype(int)) <= {0, 1, 2, 3, 4}
    with pytest.raises(ValueError):
        bootstrap_means_by_level([0.0], [0], n_boot=5, rng=rng)
