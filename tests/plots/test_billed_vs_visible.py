"""plot_billed_vs_visible: one point per model at its share, sorted, thresholds drawn."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis import DataError, plot_billed_vs_visible
from analysis.measures.billed_vs_visible import THINKING_CLASSES


@pytest.fixture
def table():
    return pd.DataFrame({
        "model": ["a", "b", "c"],
        "visible_share_implied": [0.95, 0.0, 0.2],
        "visible_share_implied_low": [0.9, 0.0, 0.15],
        "visible_share_implied_high": [1.0, 0.0, 0.25],
        "visible_share": [1.2, 0.0, np.nan],
        "thinking_class": ["full", "hidden", "summarised"],
    })


def test_points_sorted_by_share_with_thresholds(table):
    ax = plot_billed_vs_visible(table, thresholds=THINKING_CLASSES)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["b", "c", "a"]
    main = [c for c in ax.collections if c.get_offsets().shape[0] == 3][0]
    assert main.get_offsets()[:, 0].tolist() == pytest.approx([0.0, 0.2, 0.95])
    naive = [c for c in ax.collections if c.get_offsets().shape[0] == 2][0]  # NaN naive ratio not drawn
    assert naive.get_offsets()[:, 0].tolist() == pytest.approx([0.0, 1.2])
    assert sorted(line.get_xdata()[0] for line in ax.get_lines() if line.get_linestyle() == "--") == [0.03, 0.7]
    plt.close(ax.figure)


def test_missing_column_is_a_data_error(table):
    with pytest.raises(DataError, match="thinking_class"):
        plot_billed_vs_visible(table.drop(columns="thinking_class"))
