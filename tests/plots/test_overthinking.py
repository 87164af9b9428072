"""plot_overthinking: bars equal the table's values, in group then cap order, with n annotated."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis import DataError, plot_overthinking
from analysis.plots.overthinking import natural_key


@pytest.fixture
def efficiency_df():
    """Shape of outcome_efficiency(..., by=("family", "model", "setting")): settings as strings."""
    return pd.DataFrame({
        "family": ["RL", "RL", "RL", "base", "base"],
        "model": ["org/M", "org/M", "org/M", "org/A", "B"],
        "setting": ["cap=8192", "cap=128", "cap=1024", "default", "default"],
        "n": [30, 30, 30, 70, 70],
        "n_correct": [9, 0, 2, 32, 10],
        "n_correct_located": [9, 0, 2, 32, 7],
        "n_correct_unlocated": [0, 0, 0, 0, 3],
        "overthinking_share": [0.12, np.nan, 0.30, 0.01, 0.2],
        "outcome_efficiency": [0.26, 0.0, 0.05, 0.45, 0.1],
    })


def test_bars_in_group_then_numeric_cap_order(efficiency_df):
    ax = plot_overthinking(efficiency_df, hue_order=["base", "RL"])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    # caps by value (128 < 1024 < 8192), not as strings ('1024' < '128' < '8192'); org dropped
    assert labels == ["A", "B", "M, cap=128", "M, cap=1024", "M, cap=8192"]
    widths = [p.get_width() for p in ax.containers[0]]
    assert widths == pytest.approx([0.01, 0.2, 0.0, 0.30, 0.12])  # NaN (no correct answer) drawn as 0
    colours = [p.get_facecolor() for p in ax.containers[0]]
    assert colours[0] == colours[1] and colours[2] == colours[3] == colours[4] and colours[0] != colours[2]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["base", "RL"]


def test_n_annotations_say_how_many_answers_each_bar_rests_on(efficiency_df):
    ax = plot_overthinking(efficiency_df, hue_order=["base", "RL"])
    notes = [t.get_text() for t in ax.texts if t.get_gid() == "n"]
    assert notes == ["n=32", "n=7 (+3 unlocated)", "no correct answer (0 of 30)", "n=2", "n=9"]


def test_other_value_column_and_given_ax_is_used(efficiency_df):
    fig, ax = plt.subplots()
    out = plot_overthinking(efficiency_df, ax=ax, x="outcome_efficiency", hue=None)
    assert out is ax
    # no grouping: all rows sorted by label
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B", "M, cap=128", "M, cap=1024", "M, cap=8192"]
    assert [p.get_width() for p in ax.containers[0]] == pytest.approx([0.45, 0.1, 0.0, 0.05, 0.26])
    assert "outcome efficiency" in ax.get_xlabel()
    assert ax.get_legend() is None


def test_default_hue_order_is_natural_sort(efficiency_df):
    ax = plot_overthinking(efficiency_df)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["RL", "base"]


def test_natural_key_orders_numbers_by_value():
    caps = ["cap=8192", "cap=128", "cap=1024", "cap=256"]
    assert sorted(caps, key=natural_key) == ["cap=128", "cap=256", "cap=1024", "cap=8192"]


def test_synthetic_stamp_and_source(efficiency_df):
    ax = plot_overthinking(efficiency_df, synthetic=True, source="made up")
    texts = [t.get_text() for t in ax.texts]
    assert "SYNTHETIC DATA" in texts
    assert "made up" in texts


def test_missing_column_and_unknown_group_are_data_errors(efficiency_df):
    with pytest.raises(DataError, match="n_correct_located"):
        plot_overthinking(efficiency_df.drop(columns="n_correct_located"))
    with pytest.raises(DataError, match="hue_order"):
        plot_overthinking(efficiency_df, hue_order=["base"])
