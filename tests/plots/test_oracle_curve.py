"""plot_oracle_curve: lines are the oracle points in lambda order, markers the actual points,
and the figure always says "oracle bound"."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis import DataError, length_penalty_oracle, oracle_tokens_saved, plot_oracle_curve


@pytest.fixture
def two_sample_df():
    """Two models x two items x two samples; hand-computed oracle below."""
    return pd.DataFrame({
        "model": ["A"] * 4 + ["B"] * 4,
        "item_id": ["1", "1", "2", "2"] * 2,
        "sample": [0, 1, 0, 1] * 2,
        "correct": [1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.0],
        "output_tokens": [1000, 200, 3000, 500, 400, 2000, 800, 100],
    })


def _line(ax, gid):
    (line,) = [ln for ln in ax.get_lines() if ln.get_gid() == gid]
    return line


def _points(ax, gid):
    (coll,) = [c for c in ax.collections if c.get_gid() == gid]
    return coll.get_offsets()


def test_lines_are_oracle_points_in_lambda_order(two_sample_df):
    # lambda per 1k tokens: 0 -> correct sample with fewest tokens; 10 -> shortest sample
    curve = length_penalty_oracle(two_sample_df, [10.0, 0.0], by=("model",), per="1k")
    ax = plot_oracle_curve(curve)
    a = _line(ax, "oracle:A")
    # A, lambda 0: item1 1000 (correct), item2 500 (correct) -> 750 tokens, 100%
    # A, lambda 10: item1 200 (wrong), item2 500 (correct) -> 350 tokens, 50%
    assert list(a.get_xdata()) == pytest.approx([750.0, 350.0])
    assert list(a.get_ydata()) == pytest.approx([1.0, 0.5])
    b = _line(ax, "oracle:B")
    # B, lambda 0: item1 2000, item2 800 -> 1400, 100%; lambda 10: 400 (wrong), 100 (wrong) -> 250, 0%
    assert list(b.get_xdata()) == pytest.approx([1400.0, 250.0])
    assert list(b.get_ydata()) == pytest.approx([1.0, 0.0])
    # actual: mean over items of mean tokens / mean correct
    assert np.asarray(_points(ax, "actual:A")).ravel().tolist() == pytest.approx([(600 + 1750) / 2, 0.75])
    assert np.asarray(_points(ax, "actual:B")).ravel().tolist() == pytest.approx([(1200 + 450) / 2, 0.5])
    assert ax.get_xscale() == "log"


def test_always_labelled_oracle_bound(two_sample_df):
    curve = length_penalty_oracle(two_sample_df, [0.0, 1.0], by=("model",), per="1k")
    ax = plot_oracle_curve(curve, title="my title")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("oracle bound") for t in legend)
    assert "A" in legend and "B" in legend
    assert plot_oracle_curve(curve).get_title().lower().startswith("oracle bound")


def test_highlight_draws_others_grey_and_given_ax_is_used(two_sample_df):
    curve = length_penalty_oracle(two_sample_df, [0.0, 10.0], by=("model",), per="1k")
    fig, ax = plt.subplots()
    out = plot_oracle_curve(curve, ax=ax, highlight=["B"])
    assert out is ax
    assert _line(ax, "oracle:A").get_color() == "0.72"
    assert _line(ax, "oracle:B").get_color() != "0.72"
    assert np.asarray(_points(ax, "actual:others")).ravel().tolist() == pytest.approx([1175.0, 0.75])
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "other models (1)" in legend and "A" not in legend
    out = plot_oracle_curve(curve, highlight=["B"], others=False)
    assert [ln.get_gid() for ln in out.get_lines()] == ["oracle:B"]


def test_saved_arrows_point_from_actual_to_oracle(two_sample_df):
    curve = length_penalty_oracle(two_sample_df, [0.0, 10.0], by=("model",), per="1k")
    saved = oracle_tokens_saved(curve, by=("model",))
    ax = plot_oracle_curve(curve, saved=saved, highlight=["A"])
    (arrow,) = [t for t in ax.texts if t.get_gid() == "saved:A"]
    # A: actual 0.75 at 1175 tokens; cheapest oracle point with accuracy >= 0.75 is lambda 0: 750
    assert arrow.xy == pytest.approx((750.0, 1.0))
    assert arrow.xyann == pytest.approx((1175.0, 0.75))
    (label,) = [t for t in ax.texts if t.get_gid() == "saved_label:A"]
    assert label.get_text() == f"−{1 - 750 / 1175:.0%}"


def test_needs_oracle_and_actual_rows(two_sample_df):
    curve = length_penalty_oracle(two_sample_df, [0.0], by=("model",), include_actual=False)
    with pytest.raises(DataError, match="actual"):
        plot_oracle_curve(curve)
    full = length_penalty_oracle(two_sample_df, [0.0], by=("model",))
    with pytest.raises(DataError, match="highlighted"):
        plot_oracle_curve(full, highlight=["C"])
    with pytest.raises(DataError, match="mean_tokens"):
        plot_oracle_curve(full.drop(columns="mean_tokens"))


def test_many_groups_without_highlight_are_all_grey():
    rows = pd.DataFrame({
        "model": np.repeat([f"m{i}" for i in range(10)], 2),
        "item_id": "1", "sample": np.tile([0, 1], 10),
        "correct": np.tile([1.0, 0.0], 10), "output_tokens": np.tile([500, 100], 10),
    })
    ax = plot_oracle_curve(length_penalty_oracle(rows, [0.0, 10.0], by=("model",), per="1k"), synthetic=True)
    assert all(ln.get_color() == "0.72" for ln in ax.get_lines())
    assert "SYNTHETIC DATA" in [t.get_text() for t in ax.texts]
