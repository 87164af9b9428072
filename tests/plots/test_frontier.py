"""plot_frontier: the data behind the plot (points, CI bars, staircase, hull, labels)."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Annotation

import analysis
from analysis.plots import plot_frontier


@pytest.fixture
def points_df():
    # Hand-made Points: frontier A(100, .5), B(300, .7), D(1000, .8); C(400, .6) dominated by B.
    return pd.DataFrame({
        "model": ["A", "B", "C", "D"],
        "mean_tokens": [100.0, 300.0, 400.0, 1000.0],
        "accuracy": [0.5, 0.7, 0.6, 0.8],
        "acc_low": [0.4, 0.6, np.nan, 0.7],
        "acc_high": [0.6, 0.8, np.nan, 0.9],
        "open": [True, False, True, False],
    })


def _by_gid(ax, gid):
    return [a for a in ax.get_children() if a.get_gid() == gid] + [l for l in ax.lines if l.get_gid() == gid]


def test_staircase_and_hull_follow_the_analysis_outputs(points_df):
    front = analysis.pareto_frontier(points_df)
    hull = analysis.upper_hull(points_df)
    ax = plot_frontier(points_df, frontier=front, hull=hull)
    (stair,) = [l for l in ax.lines if l.get_gid() == "frontier"]
    assert stair.get_drawstyle() == "steps-post"
    np.testing.assert_array_equal(stair.get_xdata(), [100, 300, 1000])
    np.testing.assert_array_equal(stair.get_ydata(), [0.5, 0.7, 0.8])
    (h,) = [l for l in ax.lines if l.get_gid() == "hull"]
    # Hull vertices by hand: slope A->B 0.001/token, B->D 0.1/700 < 0.001: all three are vertices.
    x = h.get_xdata()
    assert [x[0], x[-1]] == [100, 1000] and 300 in x
    assert ax.get_xscale() == "log"


@pytest.mark.parametrize("xscale", ["log", "linear"])
def test_hull_is_drawn_as_mixtures(points_df, xscale, check_mixture_path):
    hull = analysis.upper_hull(points_df)
    ax = plot_frontier(points_df, hull=hull, label=None, xscale=xscale)
    (h,) = [l for l in ax.lines if l.get_gid() == "hull"]
    check_mixture_path(h, [100, 300, 1000], [0.5, 0.7, 0.8])
    # by hand: at the log-midpoint of A-B, sqrt(100 * 300) = 173.2 tokens, the mixture has
    # p = (300 - 173.2) / 200 = 0.634 of A: accuracy 0.573, not the 0.6 of a straight line on the log axis
    t = np.sqrt(100 * 300)
    assert np.interp(t, h.get_xdata(), h.get_ydata()) == pytest.approx(0.5 + 0.2 * (t - 100) / 200, abs=1e-12)
    assert ax.get_xscale() == xscale


def test_ci_bars_only_where_interval_known(points_df):
    ax = plot_frontier(points_df, label=None)
    segs = [s for c in ax.collections if type(c).__name__ == "LineCollection" for s in c.get_segments()]
    assert len(segs) == 3  # C has no interval
    lows = sorted(s[0][1] for s in segs)
    assert lows == pytest.approx([0.4, 0.6, 0.7])


def test_labels_and_given_ax(points_df):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    out = plot_frontier(points_df, ax=ax, frontier=analysis.pareto_frontier(points_df), annotate_frontier_only=True)
    assert out is ax
    texts = sorted(a.get_text() for a in ax.texts if isinstance(a, Annotation))
    assert texts == ["A", "B", "D"]


def test_hue_gives_one_scatter_per_group(points_df):
    ax = plot_frontier(points_df, hue="open", label=None)
    scatters = [c for c in ax.collections if c.get_gid() == "points"]
    assert len(scatters) == 2
    assert sorted(len(c.get_offsets()) for c in scatters) == [2, 2]


def test_frontier_per_group(points_df):
    front = analysis.pareto_frontier(points_df, by="open")
    ax = plot_frontier(points_df, frontier=front, by="open", hue="open", label=None)
    lines = [l for l in ax.lines if l.get_gid() == "frontier"]
    xs = sorted(tuple(l.get_xdata()) for l in lines)
    assert xs == [(100.0, 400.0), (300.0, 1000.0)]


def test_crowded_labels_do_not_overlap():
    rng = np.random.default_rng(1)
    n = 14
    pts = pd.DataFrame({"model": [f"model number {i}" for i in range(n)],
                        "mean_tokens": 10 ** rng.uniform(3, 3.6, n), "accuracy": rng.uniform(0.4, 0.6, n)})
    ax = plot_frontier(pts)
    ax.figure.canvas.draw()
    r = ax.figure.canvas.get_renderer()
    boxes = [a.get_window_extent(r) for a in ax.texts if isinstance(a, Annotation)]
    assert len(boxes) == n
    overlaps = sum(boxes[i].overlaps(boxes[j]) for i in range(n) for j in range(i + 1, n))
    assert overlaps == 0


def test_deterministic_positions(points_df):
    pos = []
    for _ in range(2):
        ax = plot_frontier(points_df)
        pos.append([a.xyann for a in ax.texts if isinstance(a, Annotation)])
    assert pos[0] == pos[1]


def test_synthetic_stamp_and_bad_input(points_df):
    ax = plot_frontier(points_df, synthetic=True, label=None)
    assert any("SYNTHETIC" in t.get_text() for t in ax.texts)
    with pytest.raises(analysis.DataError, match="on_frontier"):
        plot_frontier(points_df, frontier=points_df)
    with pytest.raises(analysis.DataError, match="nope"):
        plot_frontier(points_df, x="nope")
