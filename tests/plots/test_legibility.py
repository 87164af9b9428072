"""The legibility check (tests/plots/legibility.py) on planted figures: each rule fails where it
should and passes where it should. Every figure the notebooks save goes through the same check
in tests/test_notebooks.py (the first, instrumented run)."""

import importlib.util
from pathlib import Path

import matplotlib.ticker
import pytest

from analysis.plots import accuracy_axis, mark_synthetic, source_note
from analysis.plots.style import MAX_WIDTH

_spec = importlib.util.spec_from_file_location("rte_legibility", Path(__file__).with_name("legibility.py"))
leg = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(leg)


def test_a_plain_figure_in_the_shared_style_passes(figure):
    fig, ax = figure()
    ax.plot([0.1, 0.5, 0.9], [0.2, 0.5, 0.95])
    ax.set_title("title")
    ax.set_xlabel("x")
    accuracy_axis(ax)
    assert leg.display_scale(fig) == 1.0
    assert leg.figure_problems(fig) == []


def test_small_text_and_figures_scaled_down(figure):
    fig, ax = figure()
    ax.text(0.5, 0.5, "tiny", fontsize=7)
    assert leg.figure_problems(fig) == ["text 'tiny': 7 pt shown at 100% = 7.0 pt (below 8)"]
    # 10-pt tick labels on a figure twice as wide as the output area are shown at about 5 pt
    fig, ax = figure(width=2 * leg.DISPLAY_PX / 100, height=3)
    ax.plot([1, 2], [1, 2])
    fig.tight_layout()
    scale = leg.display_scale(fig)
    assert 0.48 < scale < 0.55
    problems = leg.figure_problems(fig)
    assert problems and all("10 pt shown at" in p for p in problems)
    # at the widest figure the style allows, nothing is scaled
    fig, ax = figure(width=MAX_WIDTH, height=3)
    ax.plot([1, 2], [1, 2])
    assert leg.display_scale(fig) == 1.0


def test_overlapping_texts_are_found_from_the_renderer(figure):
    fig, ax = figure()
    ax.annotate("first label", (0.5, 0.5))
    ax.annotate("second label", (0.5, 0.5), xytext=(20, 2), textcoords="offset points")
    ax.annotate("far away", (0.1, 0.1))
    problems = leg.figure_problems(fig)
    assert len(problems) == 1 and problems[0].startswith("texts overlap: 'first label' and 'second label'")
    # the synthetic stamp lies across everything on purpose and does not count
    fig, ax = figure()
    ax.annotate("a point", (0.5, 0.5))
    mark_synthetic(ax)
    assert leg.figure_problems(fig) == []


def test_tick_labels_outside_the_view_are_not_counted(figure):
    fig, ax = figure()
    ax.plot([0, 1], [0, 1])
    ax.set_xticks([-5, 0, 1, 5])  # two ticks outside the limits: not drawn
    ax.set_xlim(0, 1)
    assert leg.figure_problems(fig) == []


def test_percent_axes_stay_within_0_and_100_percent(figure):
    fig, ax = figure()
    ax.plot([1, 2], [0.5, 1.0])
    ax.set_ylim(0.4, 1.2)
    ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(xmax=1.0))
    assert leg.figure_problems(fig) == ["percent y axis of an Axes runs from 40% to 120% (beyond [0, 100%] by more than 5%)"]
    accuracy_axis(ax)  # the shared axis cuts autoscaled limits back to 100% + 3 points
    assert ax.get_ylim()[1] == pytest.approx(1.03)
    assert leg.figure_problems(fig) == []


def test_interval_bars_cut_by_the_limits(figure):
    fig, ax = figure()
    ax.errorbar([1, 2], [0.5, 0.8], yerr=[[0.1, 0.3], [0.1, 0.1]], fmt="o")
    ax.set_title("cut")
    ax.set_ylim(0.6, 1.0)
    problems = leg.figure_problems(fig)
    assert len(problems) == 1 and problems[0].startswith("an interval bar of 'cut' is cut by the axis limits")
    ax.set_ylim(0.3, 1.0)
    assert leg.figure_problems(fig) == []


def test_a_long_source_note_is_wrapped_inside_the_figure(figure):
    fig, ax = figure(width=MAX_WIDTH, height=4)
    ax.plot([1, 2], [1, 2])
    ax.set_xlabel("x")
    source_note(ax, "Data: " + "a long source description, " * 12 + "the end.")
    assert leg.display_scale(fig) == 1.0  # the note does not widen the figure
    assert leg.figure_problems(fig) == []  # 8 pt, clear of the x label


def test_audit_saves_checks_what_save_figure_saves(tmp_path, figure):
    import json
    import types

    saved = []
    module = types.SimpleNamespace(save_figure=lambda fig, name, **kw: saved.append(name) or [name])
    leg.audit_saves(module, tmp_path / "audit")
    fig, ax = figure()
    ax.text(0.5, 0.5, "tiny", fontsize=6)
    assert module.save_figure(fig, "99_demo", folder="x") == ["99_demo"] and saved == ["99_demo"]
    report = json.loads((tmp_path / "audit" / "99_demo.json").read_text())
    assert report["scale"] == 1.0 and report["problems"] == ["text 'tiny': 6 pt shown at 100% = 6.0 pt (below 8)"]


def test_a_legend_over_data_is_found(figure):
    """A framed legend hides what lies under its frame; a frameless one (the shared style) only
    what lies under its entries; a legend outside the Axes covers nothing."""
    fig, ax = figure()
    ax.plot([0, 1], [0, 1], label="diagonal")
    ax.scatter([0.05], [0.95], label="a point")
    ax.legend(loc="upper left", frameon=True, framealpha=1)
    problems = leg.figure_problems(fig)
    assert len(problems) == 1 and problems[0].startswith("the legend of an Axes covers data: 'a point' (1 points")
    # frameless: a point in the blank part of the legend's box, right of its short entries, is visible
    fig, ax = figure()
    ax.plot([0, 1], [0.3, 0.3], label="a")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    legend = ax.legend(loc="upper left", title="a long legend title", frameon=False)
    fig.canvas.draw()
    box = legend.get_window_extent(fig.canvas.get_renderer())
    x, y = ax.transData.inverted().transform((box.x1 - 3, box.y0 + 3))  # inside the box, beside the entry
    ax.scatter([x], [y], label="_beside")
    assert leg.figure_problems(fig) == []
    entry = legend.get_texts()[0].get_window_extent(fig.canvas.get_renderer())
    x, y = ax.transData.inverted().transform((entry.x0 - 12, (entry.y0 + entry.y1) / 2))  # on the entry's handle
    ax.scatter([x], [y])
    assert any("covers data: 'unlabelled data'" in p for p in leg.figure_problems(fig))
    # outside the Axes: nothing to cover
    fig, ax = figure()
    ax.plot([0, 1], [0, 1], label="diagonal")
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.2))
    assert leg.figure_problems(fig) == []
