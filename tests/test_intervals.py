"""analysis.intervals: the error rule (bad data -> DataError, bad option -> ValueError), and the
coverage of the accuracy intervals on SYNTHETIC evaluations (seeded, a few cells; every cell is
in benchmarks/bench_intervals.py and benchmarks/README.md)."""

import numpy as np
import pytest

from analysis import DataError, wilson_interval
from analysis.intervals import (accuracy_interval, bootstrap_means, bootstrap_paired, paired_difference_bounds,
                                paired_difference_interval)
from benchmarks.bench_intervals import INTERIOR
from benchmarks.coverage import MUS, coverage, paired_coverage


def test_empty_or_zero_count_data_is_a_data_error():
    rng = np.random.default_rng(0)
    with pytest.raises(DataError, match="n > 0"):
        wilson_interval(0, 0)
    with pytest.raises(DataError, match="empty"):
        bootstrap_means(np.array([]), n_boot=10, rng=rng)
    with pytest.raises(DataError, match="non-empty"):
        bootstrap_paired(np.array([]), np.array([]), n_boot=10, rng=rng)


@pytest.mark.parametrize("ci", [0.0, 1.0, 95])
def test_bad_confidence_level_is_a_value_error_not_a_data_error(ci):
    with pytest.raises(ValueError, match="ci must be") as info:
        wilson_interval(3, 10, ci=ci)
    assert not isinstance(info.value, DataError)


# the cells where the previous rule (t on n_eff (m - 1)/m df) over-covered (97.2-97.5%), the
# closest cell of the new one (5 x 4, 96.9%), and cells at the other corners
CELLS = [(5, 2), (5, 3), (5, 4), (5, 5), (8, 2), (8, 3), (5, 1), (8, 10), (60, 10)]


@pytest.fixture(scope="module")
def cell_coverage():
    """Mean coverage per cell (36 settings x 2,000 seeded evaluations, the benchmark's own seed)
    for the chosen interval, the previous one and a clearly wrong one."""
    methods = ("cluster wilson", "previous cluster wilson", "naive wilson")
    return {meth: {c: coverage(meth, *c, reps=2000, seed=2024).mean() for c in CELLS} for meth in methods}


def test_cluster_wilson_covers_95_percent_on_average(cell_coverage):
    """Mean coverage over true accuracies 0.02..1.0 and three item heterogeneities within 95 +- 2
    in every tested cell (every cell: benchmarks/README.md)."""
    got = cell_coverage["cluster wilson"]
    assert all(0.93 <= v <= 0.97 for v in got.values()), got


def test_the_previous_rule_and_a_wrong_interval_fail_the_same_check(cell_coverage):
    """The check can fail: the previous t rule over-covers with 5-8 prompts x 2-5 samples, plain
    Wilson on all answers (ignoring that samples of an item are correlated) under-covers."""
    prev = cell_coverage["previous cluster wilson"]
    assert [c for c, v in prev.items() if v > 0.97] == [(5, 2), (5, 3), (5, 4), (5, 5), (8, 2), (8, 3)], prev
    naive = cell_coverage["naive wilson"]
    assert min(naive.values()) < 0.85 and sum(v < 0.93 for v in naive.values()) >= 6, naive


def test_the_old_percentile_bootstrap_fails_the_same_check():
    """The interval summarize used before issue 16 (percentile cluster bootstrap) covers far less
    with 5 items (zero width at 0% and 100%)."""
    cov = coverage("percentile bootstrap", 5, 10, reps=150, seed=11)
    assert cov.mean() < 0.90


def test_satterthwaite_df_hand_case():
    """5 items, 15 answers, accuracy 0.6, var of the mean 0.024: n_eff = 0.24 / 0.024 = 10, design
    effect 1.5, df = 4 / (1/3)^2 = 36; Wilson at n_eff 10 with t_36 (no Poisson bound: the design
    effect is estimated)."""
    from scipy import stats

    low, high, n_eff = accuracy_interval(0.6, 0.024, 5, 15)
    z = stats.t.ppf(0.975, 36)
    centre = (0.6 + z**2 / 20) / (1 + z**2 / 10)
    half = z / (1 + z**2 / 10) * np.sqrt(0.24 / 10 + z**2 / 400)
    assert n_eff == pytest.approx(10) and low == pytest.approx(centre - half) and high == pytest.approx(centre + half)
    # nothing estimated (one sample per item): the normal quantile and the Poisson bound at 1 success
    low1, high1, _ = accuracy_interval(0.1, 0.09 / 10, 10, 10)
    assert low1 == pytest.approx(stats.chi2.ppf(0.025, 2) / 20)
    assert high1 == pytest.approx(wilson_interval(1, 10)[1])


def test_paired_interval_coverage():
    """compare_paired's accuracy interval, on the pairs away from the boundary (``INTERIOR``; at
    the boundary pairs any interval covers 99-100%): mean coverage in 95 +- 2 with 5 prompts x 10
    samples, 8 x 3 and 19 x 10, and the boundary pairs not below 95%. Without the within-item
    floor the 5 x 10 interior pairs cover under 93% (the check can fail)."""
    for m, k in ((5, 10), (8, 3), (19, 10)):
        cov = paired_coverage(m, k, reps=400, seed=2)
        assert 0.93 <= cov[:, INTERIOR].mean() <= 0.97, (m, k, cov.round(3))
        assert np.delete(cov, INTERIOR, axis=1).mean() >= 0.95, (m, k, cov.round(3))
    cov = paired_coverage(5, 10, reps=400, seed=2, within_floor=False)
    assert cov[:, INTERIOR].mean() < 0.93, cov.round(3)
    cov = paired_coverage(8, 1, reps=400, seed=2)
    assert cov[:, INTERIOR].mean() >= 0.93, cov.round(3)


def test_within_item_floor_hand_case():
    """Both sides alike: item means (0.5, 1) of 2 answers each. phi = 1, so Newcombe's half-widths
    largely cancel (+-0.30); the floor W = (0.25 + 0 + 0.25 + 0) / 2^2 = 0.125 (0.5 * 0.5 / (2 - 1) per
    half-right item) gives d +- 1.96 sqrt(0.125) = +-0.693."""
    from scipy import stats

    b = c = np.array([0.5, 1.0])
    var = b * (1 - b) / (2 - 1)
    bare = paired_difference_interval(b, c, [2, 2], [2, 2], p_value=False)
    assert bare[1] - bare[0] < 0.7  # Newcombe alone: +-0.30, from the asymmetry of the Wilson bounds
    low, high, p = paired_difference_interval(b, c, [2, 2], [2, 2], base_item_var=var, candidate_item_var=var)
    z = stats.norm.ppf(0.975)
    assert (low, high) == pytest.approx((-z * np.sqrt(0.125), z * np.sqrt(0.125)))
    assert p == 1.0
    # the floor only widens: a wide Newcombe interval is left as it is
    b2, c2 = np.array([0.0, 1.0, 0.0, 1.0]), np.array([1.0, 0.0, 1.0, 0.5])
    small = np.full(4, 1e-6)
    assert paired_difference_interval(b2, c2, [2] * 4, [2] * 4, p_value=False, base_item_var=small,
                                      candidate_item_var=small)[:2] == \
        paired_difference_interval(b2, c2, [2] * 4, [2] * 4, p_value=False)[:2]
    with pytest.raises(ValueError, match="one value per item"):
        paired_difference_interval(b, c, [2, 2], [2, 2], base_item_var=[0.1])
    with pytest.raises(ValueError, match=">= 0"):
        paired_difference_interval(b, c, [2, 2], [2, 2], base_item_var=[-0.1, 0.0])


def test_paired_bounds_match_the_scalar_interval():
    rng = np.random.default_rng(0)
    b, c = rng.binomial(3, 0.6, (40, 8)) / 3, rng.binomial(3, 0.7, (40, 8)) / 3
    b[0], c[1] = 1.0, 0.0  # a constant side: phi = 0
    vb, vc = b * (1 - b) / 2, c * (1 - c) / 2
    for within in ({}, {"base_item_var": vb, "candidate_item_var": vc}):
        lo, hi = paired_difference_bounds(b, c, 24, 24, **within)
        for r in range(40):
            row = {key: v[r] for key, v in within.items()}
            low, high, _ = paired_difference_interval(b[r], c[r], np.full(8, 3), np.full(8, 3), p_value=False, **row)
            assert (low, high) == pytest.approx((lo[r], hi[r]), abs=1e-12)


def test_never_zero_width_at_all_correct_or_all_wrong():
    for m in (5, 8, 19, 60):
        for k in (1, 4, 10):
            for p in (0.0, 1.0):
                low, high, _ = accuracy_interval(p, 0.0, m, m * k)
                assert high - low > 0.01
                assert low <= p <= high


def test_mus_include_the_extremes():
    assert min(MUS) == 0.02 and max(MUS) == 1.0 and np.all(np.diff(MUS) > 0)
