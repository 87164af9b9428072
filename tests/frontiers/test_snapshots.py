"""snapshot_shift: the models listed in two snapshots tell measurement from listing, by hand."""

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import DataError


def points(rows):
    return pd.DataFrame(rows, columns=["model", "snapshot", "accuracy", "mean_tokens"])


NEEDED = pd.DataFrame({"snapshot": ["s1", "s2"], "tokens": [10.0, 30.0]})  # gap 3.0


def test_common_models_moved_by_the_whole_gap():
    p = points([("a", "s1", 0.5, 10), ("a", "s2", 0.5, 29),  # 2.9x
                ("b", "s1", 0.4, 4), ("b", "s2", 0.4, 12),  # 3.0x
                ("c", "s1", 0.3, 1), ("d", "s2", 0.6, 50)])  # listed once
    row = analysis.snapshot_shift(p, NEEDED).iloc[0]
    assert (row["first"], row["second"]) == ("s1", "s2")
    assert row["gap"] == pytest.approx(3.0)
    assert row["n_common"] == 2 and row["common"] == "a, b"
    assert row["ratio_min"] == pytest.approx(2.9) and row["ratio_max"] == pytest.approx(3.0)
    assert row["ratio_median"] == pytest.approx(2.95)
    assert row["same_accuracy"] and row["explanation"] == "measurement"


def test_a_common_model_that_did_not_move_makes_it_mixed():
    p = points([("a", "s1", 0.5, 10), ("a", "s2", 0.6, 30), ("b", "s1", 0.4, 4), ("b", "s2", 0.4, 4.4)])
    row = analysis.snapshot_shift(p, NEEDED).iloc[0]
    assert row["explanation"] == "mixed" and not row["same_accuracy"]
    assert row["ratio_min"] == pytest.approx(1.1)


def test_factor_bounds_are_inclusive_and_checked():
    p = points([("a", "s1", 0.5, 10), ("a", "s2", 0.5, 24)])  # 2.4x = 3.0 / 1.25
    assert analysis.snapshot_shift(p, NEEDED).iloc[0]["explanation"] == "measurement"
    assert analysis.snapshot_shift(p, NEEDED, factor=1.2).iloc[0]["explanation"] == "mixed"
    with pytest.raises(ValueError, match="factor"):
        analysis.snapshot_shift(p, NEEDED, factor=0.5)


def test_no_common_rows_cannot_split_the_gap():
    p = points([("a", "s1", 0.5, 10), ("b", "s2", 0.5, 30)])
    row = analysis.snapshot_shift(p, NEEDED).iloc[0]
    assert row["explanation"] == "no common rows" and row["n_common"] == 0
    assert np.isnan(row["ratio_min"]) and not row["same_accuracy"]


def test_bad_input_is_named():
    p = points([("a", "s1", 0.5, 10), ("a", "s2", 0.5, 30), ("a", "s3", 0.5, 30)])
    with pytest.raises(DataError, match="exactly two snapshots"):
        analysis.snapshot_shift(p, NEEDED)
    p = points([("a", "s1", 0.5, 10), ("a", "s2", 0.5, 30)])
    with pytest.raises(DataError, match=r"no row for snapshot\(s\) \['s2'\]"):
        analysis.snapshot_shift(p, NEEDED.iloc[:1])
    with pytest.raises(DataError, match="mean_tokens"):
        analysis.snapshot_shift(p.drop(columns="mean_tokens"), NEEDED)
    dup = points([("a", "s1", 0.5, 10), ("a", "s1", 0.5, 11), ("a", "s2", 0.5, 30)])
    with pytest.raises(DataError):  # two base rows for one model: ambiguous
        analysis.snapshot_shift(dup, NEEDED)


def test_bundled_aa_snapshots():
    """The notebook 01 case: the two models in both AA v4.0 snapshots rose ~2.7x, the whole gap."""
    aa = analysis.artificial_analysis_index()
    v4 = aa[aa["benchmark"].str.contains("v4.0", regex=False) & aa["snapshot"].notna() & ~aa["possibly_stale"]]
    needed = analysis.tokens_for_accuracy(v4, 0.52, by="snapshot")
    row = analysis.snapshot_shift(v4, needed).iloc[0]
    assert row["n_common"] == 2 and row["explanation"] == "measurement" and row["same_accuracy"]
    assert row["ratio_min"] == pytest.approx(100 / 37, rel=1e-9)  # Claude Sonnet 4.6: 37M -> 100M
    assert row["gap"] == pytest.approx(95_372_390 / 35_176_170, rel=1e-6)
