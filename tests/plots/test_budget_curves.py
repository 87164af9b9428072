"""plot_budget_curves draws the curve's data: one line per group, in budget order."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis import budget_curve
from analysis.plots import plot_budget_curves


def long_df():
    return pd.DataFrame({
        "model": ["a", "a", "b", "b"], "setting": "s", "benchmark": "x", "item_id": ["1", "2", "1", "2"],
        "sample": 0, "correct": [1.0, 1.0, 1.0, 0.0],
        "output_tokens": pd.array([100, 1000, 50, 20], dtype="Int64"),
    })


def test_lines_hold_the_curve():
    curve = budget_curve(long_df(), [1000, 10, 100, 500])
    _, ax = plt.subplots()
    out = plot_budget_curves(curve, ax=ax)
    assert out is ax
    lines = ax.get_lines()
    assert [l.get_label() for l in lines] == ["a", "b"]
    np.testing.assert_array_equal(lines[0].get_xdata(), [10, 100, 500, 1000])
    np.testing.assert_allclose(lines[0].get_ydata(), [0, 0.5, 0.5, 1.0])
    np.testing.assert_allclose(lines[1].get_ydata(), [0, 0.5, 0.5, 0.5])
    assert lines[0].get_drawstyle() == "steps-post"
    assert ax.get_xscale() == "log"
    assert "%" in ax.get_ylabel()


def test_by_order_suffix_and_markers():
    curve = budget_curve(long_df(), [10, 1000])
    ax = plot_budget_curves(curve, by=["model", "setting"], order=["b, s"], step=False, markers=True,
                            label_suffix=" (post hoc)")
    lines = ax.get_lines()
    assert [l.get_label() for l in lines] == ["b, s (post hoc)"]
    assert lines[0].get_marker() == "o" and lines[0].get_drawstyle() == "default"


def test_other_columns_and_colors():
    pts = pd.DataFrame({"model": "m", "max_tokens": [512, 128], "accuracy": [0.2, 0.0]})
    ax = plot_budget_curves(pts, x="max_tokens", colors={"m": "#123456"}, source="src", title="T")
    line = ax.get_lines()[0]
    np.testing.assert_array_equal(line.get_xdata(), [128, 512])
    assert line.get_color() == "#123456"
    assert ax.get_title() == "T"
    assert any(t.get_text() == "src" for t in ax.texts)


def test_background_colour_has_no_legend_entries():
    curve = budget_curve(long_df(), [10, 1000])
    ax = plot_budget_curves(curve, color="0.8", legend=False)
    ax = plot_budget_curves(curve[curve.model == "a"], ax=ax)
    assert [l.get_color() for l in ax.get_lines()][:2] == ["0.8", "0.8"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a"]


def test_ci_bars_from_interval_columns():
    pts = pd.DataFrame({"model": "m", "max_tokens": [512, 128], "accuracy": [0.2, 0.0],
                        "acc_low": [0.1, 0.0], "acc_high": [0.4, 0.1]})
    ax = plot_budget_curves(pts, x="max_tokens", ci=True)
    segs = ax.collections[0].get_segments()
    np.testing.assert_allclose(sorted((s[0][0], s[0][1], s[1][1]) for s in segs), [(128, 0.0, 0.1), (512, 0.1, 0.4)])
