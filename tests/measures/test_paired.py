"""Paired comparison of two settings on shared items."""

import numpy as np
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
    # the accuracy change rests on one item of four: the interval holds it and 0 (not distinguishable)
    assert row["delta_acc_low"] < -0.25 < 0 < row["delta_acc_high"] and row["p_accuracy"] > 0.05
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
    # no change, but 5 items cannot rule out one either way: the interval is not of zero width
    assert row["delta_accuracy"] == 0 and row["delta_acc_low"] < 0 < row["delta_acc_high"]
    assert row["p_accuracy"] == 1 and row["p_tokens"] == 1


def test_compare_paired_all_correct_both_sides_has_width_and_row_order_does_not_matter(paired_df):
    rows = [("m", s, "b", f"q{i}", j, 1.0, 100 * (i + 1) + (s == "short") * 7 * j) for s in ("long", "short")
            for i in range(6) for j in range(3)]
    df = pd.DataFrame(rows, columns=["model", "setting", "benchmark", "item_id", "sample", "correct", "output_tokens"])
    out = compare_paired(df, "long", "short", n_boot=300, seed=5)
    row = out.iloc[0]
    assert row["delta_accuracy"] == 0 and row["delta_acc_low"] < 0 < row["delta_acc_high"]
    shuffled = df.sample(frac=1, random_state=3).reset_index(drop=True)
    pd.testing.assert_frame_equal(compare_paired(shuffled, "long", "short", n_boot=300, seed=5), out)


def test_paired_interval_hand_case():
    """Newcombe's hybrid score interval from two Wilson intervals (one sample per item, so the
    cluster-adjusted interval is Wilson's): base 5/10 right, candidate 8/10, phi from the items."""
    from scipy import stats

    from analysis.intervals import paired_difference_interval

    b = np.array([1, 1, 1, 1, 1, 0, 0, 0, 0, 0], float)
    c = np.array([1, 1, 1, 1, 1, 1, 1, 1, 0, 0], float)
    low, high, p = paired_difference_interval(b, c, np.ones(10), np.ones(10))
    z = stats.norm.ppf(0.975)

    def wilson(x, n):
        ph = x / n
        centre = (ph + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z / (1 + z**2 / n) * np.sqrt(ph * (1 - ph) / n + z**2 / (4 * n**2))
        return centre - half, centre + half

    lb, ub = wilson(5, 10)
    lc, uc = wilson(8, 10)
    phi = np.corrcoef(b, c)[0, 1]
    d = 0.3
    exp_low = d - np.sqrt((0.8 - lc) ** 2 - 2 * phi * (0.8 - lc) * (ub - 0.5) + (ub - 0.5) ** 2)
    exp_high = d + np.sqrt((uc - 0.8) ** 2 - 2 * phi * (uc - 0.8) * (0.5 - lb) + (0.5 - lb) ** 2)
    assert (low, high) == pytest.approx((exp_low, exp_high), abs=1e-9)
    assert low < 0.3 < high and 0 < p < 1
    # the p-value inverts the interval: at level 1 - p the interval just reaches 0
    lo_p, hi_p, _ = paired_difference_interval(b, c, np.ones(10), np.ones(10), ci=1 - p - 1e-3, p_value=False)
    assert lo_p > 0


def test_tokens_per_correct_ratio_hand_case_and_brute_force():
    """tpc_ratio = (candidate tokens / accuracy) / (base tokens / accuracy) on the shared items,
    and its interval is the percentile interval of that ratio over the same item resamples as
    the token columns (checked against a brute-force loop over explicit resamples)."""
    from analysis.intervals import percentile_interval

    rng = np.random.default_rng(5)
    items = [f"q{i}" for i in range(12)]
    cb, cc = rng.integers(0, 2, 12).astype(float), rng.integers(0, 2, 12).astype(float)
    cb[0] = cc[0] = 1.0
    tb, tc = rng.integers(100, 1000, 12).astype(float), rng.integers(100, 3000, 12).astype(float)
    df = validate_responses(pd.concat([
        pd.DataFrame({"model": "a", "setting": "s", "benchmark": "x", "item_id": items, "correct": cb, "output_tokens": tb}),
        pd.DataFrame({"model": "b", "setting": "s", "benchmark": "x", "item_id": items, "correct": cc, "output_tokens": tc})], ignore_index=True))
    row = compare_paired(df, {"model": "a"}, {"model": "b"}, by=(), n_boot=400, seed=3).iloc[0]
    assert row["tpc_ratio"] == pytest.approx((tc.mean() / cc.mean()) / (tb.mean() / cb.mean()))
    # the reference: the same resamples (same generator and seed, items sorted by id), then the
    # ratio computed one resample at a time
    from analysis._groups import group_codes
    from analysis.measures.paired import group_rng
    from analysis.intervals import bootstrap_paired

    order = np.argsort(items)  # items sorted by id before resampling
    _, keys = group_codes(df[df["model"] == "a"], (), "t")
    ab, ac, kb, kc = bootstrap_paired(cb[order], cc[order], tb[order], tc[order], n_boot=400, rng=group_rng(3, keys, 0))
    ratios = [(kc[i] * ab[i]) / (kb[i] * ac[i]) for i in range(400)]  # brute force, one resample at a time
    lo, hi = percentile_interval(np.array(ratios), 0.95)
    assert row["tpc_ratio_low"] == pytest.approx(lo) and row["tpc_ratio_high"] == pytest.approx(hi)
    assert lo <= row["tpc_ratio"] <= hi
    never = df.assign(correct=np.where(df["model"] == "b", 0.0, df["correct"]))
    none = compare_paired(never, {"model": "a"}, {"model": "b"}, by=(), n_boot=50).iloc[0]
    assert np.isnan(none["tpc_ratio"]) and np.isnan(none["tpc_ratio_low"]) and np.isnan(none["tpc_ratio_high"])


def test_compare_paired_uses_the_items_own_sampling_variance():
    """Two settings alike on two items answered twice each: item q1 half right (scores 1, 0),
    q2 all right. The within-item floor sets the interval: W = (0.5 / 2 + 0.5 / 2) / 2^2 =
    0.125 (sample variance 0.5 of (1, 0) over 2 answers, on each side), so delta = 0 +- 1.96
    sqrt(0.125). Fractional scores enter through their own variance: (0.75, 0.25) has sample
    variance 0.125, a quarter of that of (1, 0)."""
    from scipy import stats

    def side(setting, q1):
        return pd.DataFrame({"model": "m", "setting": setting, "benchmark": "b",
                             "item_id": ["q1", "q1", "q2", "q2"], "sample": [0, 1, 0, 1],
                             "correct": [*q1, 1.0, 1.0], "output_tokens": 100})

    z = stats.norm.ppf(0.975)
    df = validate_responses(pd.concat([side("long", [1.0, 0.0]), side("short", [1.0, 0.0])], ignore_index=True))
    row = compare_paired(df, "long", "short", n_boot=50).iloc[0]
    assert (row["delta_acc_low"], row["delta_acc_high"]) == pytest.approx((-z * np.sqrt(0.125), z * np.sqrt(0.125)))
    df = validate_responses(pd.concat([side("long", [0.75, 0.25]), side("short", [0.75, 0.25])], ignore_index=True))
    row = compare_paired(df, "long", "short", n_boot=50).iloc[0]
    w = (0.125 / 2 + 0.125 / 2) / 4
    assert row["delta_acc_high"] == pytest.approx(z * np.sqrt(w))
