"""plot_parallel_vs_sequential: k points at k x mean tokens, chains as labelled squares."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis import majority_vote, pass_at_k
from analysis.plots import plot_parallel_vs_sequential


@pytest.fixture
def samples_df():
    return pd.DataFrame({
        "model": "m", "setting": "s", "benchmark": "x",
        "item_id": ["1"] * 3 + ["2"] * 3, "sample": [0, 1, 2] * 2,
        "correct": [1.0, 0, 0, 0, 0, 1.0], "answer": ["7", "3", "3", "1", "2", "5"],
        "output_tokens": pd.array([100, 200, 300, 100, 200, 300], dtype="Int64"),
    })


@pytest.fixture
def chains():
    return pd.DataFrame({"model": ["big", "big"], "setting": ["high", "low"], "accuracy": [0.9, 0.6],
                         "acc_low": [0.8, 0.5], "acc_high": [0.95, 0.7], "mean_tokens": [2000.0, 500.0]})


def test_parallel_line_is_total_tokens(samples_df, chains):
    p = pass_at_k(samples_df, [1, 2, 3])
    _, ax = plt.subplots()
    assert plot_parallel_vs_sequential(p, chains, ax=ax) is ax
    line = ax.get_lines()[0]
    np.testing.assert_allclose(line.get_xdata(), [200, 400, 600])
    np.testing.assert_allclose(line.get_ydata(), p["pass_at_k"])
    assert "pass@k" in line.get_label()
    assert [t.get_text() for t in ax.texts if t.get_text().startswith("k=")] == ["k=1", "k=2", "k=3"]
    # chains: squares in token order, labelled, one dotted connector within the model, error bars
    sq = ax.collections[-1]
    np.testing.assert_allclose(sq.get_offsets(), [[500, 0.6], [2000, 0.9]])
    assert {"big, low", "big, high"} <= {t.get_text() for t in ax.texts}
    assert sum(l.get_linestyle() == ":" for l in ax.get_lines()) == 1
    assert ax.get_xscale() == "log"


def test_majority_vote_and_synthetic_stamp(samples_df):
    mv = majority_vote(samples_df, [1, 3], n_draws=20)
    ax = plot_parallel_vs_sequential(mv, synthetic=True, annotate=False)
    assert "majority" in ax.get_lines()[0].get_label()
    assert any("SYNTHETIC" in t.get_text() for t in ax.texts)
    assert not any(t.get_text().startswith("k=") for t in ax.texts)


def test_ambiguous_metric(samples_df):
    both = pass_at_k(samples_df, [1]).assign(majority_accuracy=0.5)
    with pytest.raises(ValueError, match="metric"):
        plot_parallel_vs_sequential(both)
    ax = plot_parallel_vs_sequential(both, metric="majority_accuracy")
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), [0.5])


def test_label_offsets(samples_df, chains):
    ax = plot_parallel_vs_sequential(pass_at_k(samples_df, [1]), chains, label_offsets={"big, high": (-50, 7)},
                                     annotate=False)
    moved = [t for t in ax.texts if t.get_text() == "big, high"][0]
    other = [t for t in ax.texts if t.get_text() == "big, low"][0]
    assert moved.xyann == (-50, 7)  # as asked
    # the other name is placed clear of its marker, the other names and the legend
    renderer = ax.figure.canvas.get_renderer()
    box = other.get_window_extent(renderer)
    assert other.xyann != (-50, 7)
    assert not box.overlaps(moved.get_window_extent(renderer))
    assert not box.overlaps(ax.get_legend().get_window_extent(renderer))
