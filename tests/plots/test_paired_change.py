"""plot_paired_change: one arrow per pair, from base to candidate."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Annotation

import analysis
from analysis.plots import plot_paired_change


@pytest.fixture
def changes():
    return pd.DataFrame({
        "method": ["short", "shorter", "no base"],
        "base_tokens": [1000.0, 1000.0, np.nan], "base_accuracy": [0.8, 0.8, np.nan],
        "candidate_tokens": [500.0, 250.0, 300.0], "candidate_accuracy": [0.78, 0.7, 0.6],
        "delta_acc_low": [-0.05, -0.15, np.nan], "delta_acc_high": [0.01, -0.05, np.nan],
    })


def test_arrows_from_base_to_candidate(changes):
    ax = plot_paired_change(changes, label="method")
    arrows = [a for a in ax.texts if isinstance(a, Annotation) and a.get_gid() == "change"]
    assert [(a.xy, a.xyann) for a in arrows] == [((500.0, 0.78), (1000.0, 0.8)), ((250.0, 0.7), (1000.0, 0.8))]
    labels = [a.get_text() for a in ax.texts if isinstance(a, Annotation) and a.get_gid() != "change"]
    assert labels == ["short", "shorter"]  # the row without a base is not drawn
    (ci,) = [c for c in ax.collections if c.get_gid() == "ci"]
    segs = ci.get_segments()
    assert [tuple(np.round(s[:, 1], 6)) for s in segs] == [(0.75, 0.81), (0.65, 0.75)]


def test_accepts_compare_paired_output():
    items = np.arange(40)
    rows = []
    for setting, tok, ok in (("long", 1000, items % 4 != 0), ("short", 400, items % 5 != 0)):
        rows.append(pd.DataFrame({"model": "m", "setting": setting, "benchmark": "b", "item_id": items.astype(str),
                                  "sample": 1, "correct": ok.astype(float), "output_tokens": tok}))
    resp = pd.concat(rows, ignore_index=True)
    cmp = analysis.compare_paired(resp, "long", "short", n_boot=200)
    ax = plot_paired_change(cmp)
    (arrow,) = [a for a in ax.texts if a.get_gid() == "change"]
    assert arrow.xyann == (1000.0, 0.75) and arrow.xy == (400.0, 0.8)


def test_given_ax_and_missing_columns(changes):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    assert plot_paired_change(changes, ax=ax) is ax
    with pytest.raises(analysis.DataError, match="base_tokens"):
        plot_paired_change(changes.drop(columns="base_tokens"))
