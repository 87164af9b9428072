"""plot_compression_path: marks and lambda labels follow length_penalty_path's output."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.lines import Line2D
from matplotlib.text import Annotation

import analysis
from analysis.plots import plot_compression_path


@pytest.fixture
def sweep():
    # Hull by hand: A(1000, .5) -> B(2000, .7) -> C(4000, .8); prices 20 and 5 points per 1k tokens.
    return pd.DataFrame({"setting": ["A", "B", "C", "D"], "mean_tokens": [1000.0, 2000.0, 4000.0, 3000.0],
                         "accuracy": [0.5, 0.7, 0.8, 0.6]})


def test_path_marks_and_lambda_ranges(sweep, check_mixture_path):
    lams = [0.0, 0.01, 0.1, 0.3]  # per 1k tokens: 0 and 0.01 (1 pt) -> C; 0.1 (10 pts) -> B; 0.3 -> A
    path = analysis.length_penalty_path(sweep, lams, per_tokens=1000)
    ax = plot_compression_path(path, sweep, hull=analysis.upper_hull(sweep), label="setting")
    (line,) = [l for l in ax.lines if l.get_gid() == "path"]
    np.testing.assert_array_equal(line.get_xdata()[line.get_markevery()], [4000, 2000, 1000])
    # joined by mixtures of consecutive choices (checked from the cheap end, x ascending)
    check_mixture_path(Line2D(line.get_xdata()[::-1], line.get_ydata()[::-1]), [1000, 2000, 4000], [0.5, 0.7, 0.8],
                       ax=ax)
    texts = [a.get_text() for a in ax.texts if isinstance(a, Annotation)]
    assert texts == ["C: λ∈[0, 0.01]", "B: λ=0.1", "A: λ=0.3"]
    (hull,) = [l for l in ax.lines if l.get_gid() == "hull"]
    check_mixture_path(hull, [1000, 2000, 4000], [0.5, 0.7, 0.8])


def test_uses_given_ax_and_rejects_other_tables(sweep):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    path = analysis.length_penalty_path(sweep, [0.0], per_tokens=1000)
    assert plot_compression_path(path, ax=ax, synthetic=True) is ax
    assert any("SYNTHETIC" in t.get_text() for t in ax.texts)
    with pytest.raises(analysis.DataError, match="lambda"):
        plot_compression_path(sweep)


def test_widget_returns_the_widget_and_none_headless(sweep, monkeypatch):
    import ipywidgets
    import matplotlib

    from analysis.plots import compression_path_widget

    assert compression_path_widget(sweep) is None  # Agg: nothing to show, the static figure stays
    # an interactive backend (ipympl's name contains "agg" too: it must still get its widget)
    monkeypatch.setattr(matplotlib, "get_backend", lambda *a, **k: "module://ipympl.backend_nbagg")
    shown = []
    monkeypatch.setattr("matplotlib.pyplot.show", lambda *a, **k: shown.append(matplotlib.pyplot.gcf()))
    w = compression_path_widget(sweep, label="setting", xlabel="tokens", log10_range=(-3.0, 0.0))
    assert isinstance(w, ipywidgets.interactive)
    (slider,) = [c for c in w.children if isinstance(c, ipywidgets.FloatLogSlider)]
    assert (slider.min, slider.max) == (-3.0, 0.0)
    # the label says what lambda is in and is shown at its own width (not cut to 80 px)
    assert slider.description == "λ, accuracy per 1,000 tokens"
    assert slider.style.description_width == "initial"
    # moving the slider redraws the path for that lambda: 0.3 per 1k tokens picks A (see above)
    slider.value = 0.3
    (line,) = [l for l in shown[-1].axes[0].lines if l.get_gid() == "path"]
    assert list(line.get_xdata()) == [1000.0]  # one choice: one point
    assert shown[-1].axes[0].get_xlabel() == "tokens"
