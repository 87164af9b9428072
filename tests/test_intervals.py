"""analysis.intervals: the error rule (bad data -> DataError, bad option -> ValueError)."""

import numpy as np
import pytest

from analysis import DataError, wilson_interval
from analysis.intervals import bootstrap_means, bootstrap_paired


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
