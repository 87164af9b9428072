"""place_legend: inside where it covers no data, else under the Axes (not onto a panel below),
decided again at each draw. Checked with the independent legibility check (tests/plots/legibility.py)."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from analysis.plots import source_note
from analysis.plots._legend import data_points_px, legend_below, place_legend

_spec = importlib.util.spec_from_file_location("rte_legibility", Path(__file__).with_name("legibility.py"))
leg = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(leg)


def _place(legend, renderer=None):
    renderer = renderer or legend.figure.canvas.get_renderer()
    box = legend.get_window_extent(renderer)
    frame = legend.axes.get_window_extent(renderer)
    return ("below" if box.y1 <= frame.y0 else
            ("upper" if box.y0 > (frame.y0 + frame.y1) / 2 else "lower") + " " +
            ("left" if box.x1 < (frame.x0 + frame.x1) / 2 else "right" if box.x0 > (frame.x0 + frame.x1) / 2 else "centre"))


def test_the_preferred_place_when_free_else_the_next_free_one(figure):
    fig, ax = figure(figsize=(6, 4))
    ax.plot([0, 1], [0.8, 1.0], label="high line")
    ax.scatter([0.1, 0.9], [0.9, 0.95], label="high points")
    ax.set_ylim(0, 1.05)
    legend = place_legend(ax, prefer="lower right")
    fig.canvas.draw()
    assert _place(legend) == "lower right" and leg.figure_problems(fig) == []
    # data in the lower right corner: that place is taken, the next free one is used
    fig, ax = figure(figsize=(6, 4))
    ax.plot([0, 1], [0.8, 1.0], label="high line")
    ax.scatter(np.linspace(0.6, 1, 30), np.linspace(0.0, 0.3, 30), label="low right points")
    ax.set_ylim(0, 1.05)
    legend = place_legend(ax, prefer="lower right")
    fig.canvas.draw()
    assert _place(legend) == "lower left" and leg.figure_problems(fig) == []


def test_lines_count_between_their_vertices(figure):
    """A long straight line through a corner has no vertex there, but its points are sampled."""
    fig, ax = figure(figsize=(6, 4))
    ax.plot([0, 1], [1, 0], label="diagonal")
    ax.plot([0, 1], [0, 1], label="other diagonal")
    pts = data_points_px(ax)
    frame = ax.get_window_extent()
    assert len(pts) > 100 and ((pts[:, 0] - frame.x0) < 0.3 * frame.width).sum() > 30


def test_no_free_place_goes_under_the_axes_with_the_source_under_it(figure):
    fig, ax = figure(figsize=(6, 4))
    x = np.linspace(0, 1, 60)
    for i in range(8):  # lines across the whole Axes
        ax.plot(x, (x * (i + 1) * 7) % 1, label=f"series {i}")
    ax.set_xlabel("tokens")
    legend = place_legend(ax)
    source_note(ax, "Source: synthetic lines")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    assert legend_below(ax) is legend and _place(legend) == "below"
    assert legend._ncols == 2  # two columns where one found no free place
    note = next(t for t in ax.texts if t.get_gid() == "source")
    assert note.get_window_extent(renderer).y1 <= legend.get_window_extent(renderer).y0
    assert ax.xaxis.get_tightbbox(renderer).y0 >= legend.get_window_extent(renderer).y1
    assert leg.figure_problems(fig) == []


def test_never_under_the_axes_onto_a_panel_below(figure):
    fig, (top, bottom) = figure(2, 1, figsize=(6, 7))
    x = np.linspace(0, 1, 60)
    for i in range(8):
        top.plot(x, (x * (i + 1) * 7) % 1, label=f"series {i}")
    bottom.plot([0, 1], [0, 1])
    legend = place_legend(top)
    fig.canvas.draw()
    assert legend_below(top) is None and _place(legend) != "below"


def test_the_place_is_chosen_again_when_the_layout_changes(figure):
    fig, ax = figure(figsize=(6, 4))
    ax.scatter([0.05, 0.1], [0.9, 0.95], label="points up left")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    legend = place_legend(ax, prefer="upper right")
    fig.canvas.draw()
    assert _place(legend) == "upper right"
    ax.scatter(np.linspace(0.6, 1, 20), np.full(20, 0.9), label="points up right")  # drawn later
    fig.canvas.draw()
    assert _place(legend) != "upper right" and leg.figure_problems(fig) == []


def test_points_along_a_polyline_hand_case():
    """Every 2 px: 4 px right (2 steps), 3 px up (2 steps: 1.5 px apart); a missing vertex is a
    gap (its segments give no finite point), and the last vertex closes the line."""
    from analysis.plots._legend import _along

    xy = np.array([[0, 0], [4, 0], [4, 3], [np.nan, np.nan], [10, 10]], float)
    got = _along(xy)
    finite = got[np.isfinite(got).all(axis=1)]
    assert finite.tolist() == [[0, 0], [2, 0], [4, 0], [4, 1.5], [10, 10]]


def test_without_matplotlibs_private_helper_the_legend_still_draws(figure, monkeypatch):
    """place_legend leans on Legend._get_anchored_bbox (matplotlib 3.8-3.11); were it gone, the
    legend falls back to matplotlib's own "best" instead of failing to draw."""
    from matplotlib.legend import Legend

    fig, ax = figure(figsize=(6, 4))
    ax.plot([0, 1], [0, 1], label="diagonal")
    legend = place_legend(ax)
    monkeypatch.delattr(Legend, "_get_anchored_bbox")
    with pytest.raises(AttributeError):
        legend.covered(10, 10, fig.canvas.get_renderer())
    monkeypatch.setattr(Legend, "_find_best_position", lambda self, w, h, r, *a, **k: (5.0, 7.0))
    fig.canvas.draw()
    box = legend.get_window_extent(fig.canvas.get_renderer())
    assert (box.x0, box.y0) == (5.0, 7.0)
