"""plot_token_distribution: every answer a dot, right and wrong apart, boxes from token_quantiles."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis import token_quantiles
from analysis.plots import plot_token_distribution


@pytest.fixture
def long_df():
    return pd.DataFrame({
        "model": ["a"] * 5 + ["b"] * 2,
        "item_id": list("12345") + list("12"),
        "correct": [1.0, 1, 1, 0, 0, 1, 0],
        "output_tokens": pd.array([100, 200, 300, 1000, 3000, 10, 20], dtype="Int64"),
    })


def test_points_and_rows(long_df):
    _, ax = plt.subplots()
    assert plot_token_distribution(long_df, ax=ax) is ax
    right, wrong = ax.collections[:2]
    assert sorted(right.get_offsets()[:, 0]) == [10, 100, 200, 300]
    assert sorted(wrong.get_offsets()[:, 0]) == [20, 1000, 3000]
    # first label on top: a at y=1, b at y=0; right answers above the centre, wrong below
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]
    ya = right.get_offsets()[:, 1][right.get_offsets()[:, 0] >= 100]
    assert (ya > 1).all()
    yb = wrong.get_offsets()[:, 1][wrong.get_offsets()[:, 0] == 20]
    assert (yb < 0).all()
    assert ax.get_xscale() == "log"


def test_boxes_come_from_quantiles(long_df):
    q = token_quantiles(long_df, quantiles=(0.1, 0.25, 0.5, 0.75, 0.9))
    ax = plot_token_distribution(long_df, quantiles=q, order=["a"], show_points=False)
    boxes = ax.patches
    assert len(boxes) == 2  # a correct, a wrong; b not selected
    got = sorted((b.get_x(), b.get_x() + b.get_width()) for b in boxes)
    want = sorted(zip(q[q.model == "a"]["q25"], q[q.model == "a"]["q75"]))
    np.testing.assert_allclose(got, want)
    medians = sorted(l.get_xdata()[0] for l in ax.get_lines() if l.get_linewidth() > 2)
    assert medians == [200.0, 2000.0]


def test_reproducible_jitter(long_df):
    a = plot_token_distribution(long_df, seed=1).collections[0].get_offsets()
    b = plot_token_distribution(long_df, seed=1).collections[0].get_offsets()
    np.testing.assert_array_equal(a, b)


def test_quantiles_table_checked(long_df):
    with pytest.raises(ValueError, match="q10"):
        plot_token_distribution(long_df, quantiles=token_quantiles(long_df, quantiles=(0.5,)))
