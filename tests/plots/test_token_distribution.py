"""plot_token_distribution: boxes from token_quantiles' output (never computed by the plot), every
answer a dot, right and wrong apart."""

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


def _q(df, **kw):
    return token_quantiles(df, quantiles=(0.1, 0.25, 0.5, 0.75, 0.9), **kw)


def test_points_and_rows(long_df):
    _, ax = plt.subplots()
    assert plot_token_distribution(_q(long_df), long_df, ax=ax) is ax
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
    q = _q(long_df)
    ax = plot_token_distribution(q, order=["a"])  # no responses: boxes only
    assert len(ax.collections) == 0
    boxes = ax.patches
    assert len(boxes) == 2  # a correct, a wrong; b not selected
    got = sorted((b.get_x(), b.get_x() + b.get_width()) for b in boxes)
    want = sorted(zip(q[q.model == "a"]["q25"], q[q.model == "a"]["q75"]))
    np.testing.assert_allclose(got, want)
    medians = sorted(l.get_xdata()[0] for l in ax.get_lines() if l.get_linewidth() > 2)
    assert medians == [200.0, 2000.0]


def test_boxes_drawn_as_given_not_recomputed(long_df):
    # a quantiles table that is not the responses' own: the plot draws it as it is
    q = _q(long_df).assign(q50=7.0)
    ax = plot_token_distribution(q, long_df)
    medians = sorted(l.get_xdata()[0] for l in ax.get_lines() if l.get_linewidth() > 2)
    assert medians == [7.0] * 4


def test_unsplit_quantiles_give_unsplit_dots(long_df):
    ax = plot_token_distribution(_q(long_df, split_correct=False), long_df)
    (dots,) = ax.collections
    assert len(dots.get_offsets()) == 7
    assert dots.get_label().startswith("all answers")


def test_reproducible_jitter(long_df):
    a = plot_token_distribution(_q(long_df), long_df, seed=1).collections[0].get_offsets()
    b = plot_token_distribution(_q(long_df), long_df, seed=1).collections[0].get_offsets()
    np.testing.assert_array_equal(a, b)


def test_quantiles_table_checked(long_df):
    with pytest.raises(ValueError, match="q10"):
        plot_token_distribution(token_quantiles(long_df, quantiles=(0.5,)), long_df)
