"""plot_compression_path: marks and lambda labels follow length_penalty_path's output."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Annotation

import analysis
from analysis.plots import plot_compression_path


@pytest.fixture
def sweep():
    # Hull by hand: A(1000, .5) -> B(2000, .7) -> C(4000, .8); prices 20 and 5 points per 1k tokens.
    return pd.DataFrame({"setting": ["A", "B", "C", "D"], "mean_tokens": [1000.0, 2000.0, 4000.0, 3000.0],
                         "accuracy": [0.5, 0.7, 0.8, 0.6]})


def test_path_marks_and_lambda_ranges(sweep):
    lams = [0.0, 0.01, 0.1, 0.3]  # per 1k tokens: 0 and 0.01 (1 pt) -> C; 0.1 (10 pts) -> B; 0.3 -> A
    path = analysis.length_penalty_path(sweep, lams, per_tokens=1000)
    ax = plot_compression_path(path, sweep, hull=analysis.upper_hull(sweep), label="setting")
    (line,) = [l for l in ax.lines if l.get_gid() == "path"]
    np.testing.assert_array_equal(line.get_xdata(), [4000, 2000, 1000])
    texts = [a.get_text() for a in ax.texts if isinstance(a, Annotation)]
    assert texts == ["C: λ∈[0, 0.01]", "B: λ=0.1", "A: λ=0.3"]
    (hull,) = [l for l in ax.lines if l.get_gid() == "hull"]
    np.testing.assert_array_equal(hull.get_xdata(), [1000, 2000, 4000])


def test_uses_given_ax_and_rejects_other_tables(sweep):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    path = analysis.length_penalty_path(sweep, [0.0], per_tokens=1000)
    assert plot_compression_path(path, ax=ax, synthetic=True) is ax
    assert any("SYNTHETIC" in t.get_text() for t in ax.texts)
    with pytest.raises(analysis.DataError, match="lambda"):
        plot_compression_path(sweep)
