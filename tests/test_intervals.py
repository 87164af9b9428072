"""analysis.intervals: the error rule (bad data -> DataError, bad option -> ValueError), and the
coverage of the accuracy intervals on SYNTHETIC evaluations (seeded, a few cells; every cell is
in benchmarks/bench_intervals.py and benchmarks/README.md)."""

import numpy as np
import pytest

from analysis import DataError, wilson_interval
from analysis.intervals import accuracy_interval, bootstrap_means, bootstrap_paired
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


@pytest.mark.parametrize("m,k", [(5, 1), (5, 10), (8, 1), (19, 5), (60, 10)])
def test_cluster_wilson_covers_95_percent_on_average(m, k):
    """Mean coverage over true accuracies 0.02..1.0 and three item heterogeneities within 95 +- 2."""
    cov = coverage("cluster wilson", m, k, reps=500, seed=11)
    assert 0.93 <= cov.mean() <= 0.97, cov.round(3)


def test_the_old_percentile_bootstrap_fails_the_same_check():
    """The check can fail: the interval summarize used before (percentile cluster bootstrap)
    covers far less with 5 items (zero width at 0% and 100%)."""
    cov = coverage("percentile bootstrap", 5, 10, reps=150, seed=11)
    assert cov.mean() < 0.90


def test_paired_interval_covers_on_average():
    cov = paired_coverage(8, 3, reps=60, seed=2)
    assert 0.93 <= cov.mean() <= 0.99, cov.round(3)


def test_never_zero_width_at_all_correct_or_all_wrong():
    for m in (5, 8, 19, 60):
        for k in (1, 4, 10):
            for p in (0.0, 1.0):
                low, high, _ = accuracy_interval(p, 0.0, m, m * k)
                assert high - low > 0.01
                assert low <= p <= high


def test_mus_include_the_extremes():
    assert min(MUS) == 0.02 and max(MUS) == 1.0 and np.all(np.diff(MUS) > 0)
