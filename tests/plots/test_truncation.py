"""plot_truncation: points in numeric cap order, threshold line, accuracy beside, counts annotated."""

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis import DataError, mark_truncated, plot_truncation, summarize, truncation_rate


@pytest.fixture
def capped_df():
    """One model, three caps (given out of order), two items each; truncated = tokens >= cap."""
    return pd.DataFrame({
        "model": "M", "setting": "s", "benchmark": "b",
        "max_tokens": [1024] * 2 + [128] * 2 + [256] * 2,
        "item_id": ["1", "2"] * 3, "sample": 0,
        "correct": [1.0, 0.0, 0.0, 0.0, 0.0, 1.0],
        "output_tokens": [1024, 300, 128, 128, 256, 100],
    })


def _line(ax, gid):
    (line,) = [ln for ln in ax.get_lines() if ln.get_gid() == gid]
    return line


def test_rates_by_numeric_cap_with_counts(capped_df):
    rates = truncation_rate(mark_truncated(capped_df), by=("model", "max_tokens"), warn=False)
    ax = plot_truncation(rates.assign(max_tokens=rates["max_tokens"].astype(str)))  # strings still ordered as numbers
    line = _line(ax, "truncation")
    assert list(line.get_xdata()) == [128.0, 256.0, 1024.0]
    assert list(line.get_ydata()) == pytest.approx([1.0, 0.5, 0.5])
    assert [t.get_text() for t in ax.texts if t.get_gid() == "n"] == ["2/2", "1/2", "1/2"]
    assert [ln for ln in ax.get_lines() if ln.get_gid() == "accuracy"] == []  # truncation_rate has no accuracy
    assert _line(ax, "threshold").get_ydata()[0] == pytest.approx(0.05)
    assert ax.get_xscale() == "log"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["128", "256", "1024"]


def test_summarize_output_adds_accuracy_and_its_interval(capped_df):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        points = summarize(mark_truncated(capped_df), by=("model", "max_tokens"))
    fig, ax = plt.subplots()
    assert plot_truncation(points, ax=ax, threshold=0.1) is ax
    acc = _line(ax, "accuracy")
    assert list(acc.get_xdata()) == [128.0, 256.0, 1024.0]
    assert list(acc.get_ydata()) == pytest.approx([0.0, 0.5, 0.5])
    (ci,) = [c for c in ax.collections if c.get_gid() == "accuracy_ci"]
    assert len(ci.get_segments()) == 3
    assert _line(ax, "threshold").get_ydata()[0] == pytest.approx(0.1)
    assert [t.get_text() for t in ax.texts if t.get_gid() == "n"] == ["2/2", "1/2", "1/2"]  # n_samples
    assert any("10%" in t.get_text() for t in ax.get_legend().get_texts())


def test_no_threshold_no_annotation_and_synthetic_stamp(capped_df):
    rates = truncation_rate(mark_truncated(capped_df), by=("model", "max_tokens"), warn=False)
    ax = plot_truncation(rates, threshold=None, annotate=False, synthetic=True)
    assert [ln.get_gid() for ln in ax.get_lines()] == ["truncation"]
    assert [t.get_text() for t in ax.texts] == ["SYNTHETIC DATA"]


def test_bad_caps_are_data_errors(capped_df):
    rates = truncation_rate(mark_truncated(capped_df), by=("model", "max_tokens"), warn=False)
    with pytest.raises(DataError, match="max_tokens"):
        plot_truncation(rates.drop(columns="max_tokens"))
    with pytest.raises(DataError, match="positive"):
        plot_truncation(rates.assign(max_tokens=[0, 256, 1024]))
    with pytest.raises(DataError, match="one row per cap"):
        plot_truncation(pd.concat([rates, rates]))
    # NaN rates (nothing known) are skipped in the annotations, not drawn as text
    ax = plot_truncation(rates.assign(truncation_rate=pd.array([np.nan, 0.5, 0.5], dtype="Float64")))
    assert [t.get_text() for t in ax.texts if t.get_gid() == "n"] == ["1/2", "1/2"]
