"""One tolerance for membership decisions: values that differ only by summation order are ties."""

import math

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis.tolerance import REL_TOL, at_least, is_close, tie_classes, within

# 91 of 95 correct, computed two ways: the mean of 95 scores, and 91 / 95
SCORES = [1.0] * 91 + [0.0] * 4
SUMMED = sum(np.random.default_rng(0).permutation(SCORES)) / 95
ITEM_MEANS = float(np.mean([np.mean(SCORES[i::5]) for i in range(5)]))  # mean of 5 per-item means
DIRECT = 91 / 95


def test_the_two_computations_really_differ():
    assert ITEM_MEANS != DIRECT  # the premise of the whole module
    assert is_close(ITEM_MEANS, DIRECT) and not is_close(ITEM_MEANS, DIRECT, rel_tol=0)


def test_frontier_treats_summation_order_as_a_tie():
    """The notebook 02 case: the same 91 of 95 right, one point cheaper: it dominates the other."""
    hi, lo = max(ITEM_MEANS, DIRECT), min(ITEM_MEANS, DIRECT)
    pts = pd.DataFrame({"cost_usd": [0.0054, 0.0081], "accuracy": [lo, hi]}, index=["cheap", "dear"])
    out = analysis.pareto_frontier(pts, x="cost_usd")
    assert out["on_frontier"].tolist() == [True, False] and out.loc["dear", "dominated_by"] == "cheap"
    exact = analysis.pareto_frontier(pts, x="cost_usd", rel_tol=0)
    assert exact["on_frontier"].tolist() == [True, True]  # without the tolerance the rounding wins
    hull = analysis.upper_hull(pts, x="cost_usd")
    assert hull["on_hull"].tolist() == [True, False]


def test_reach_and_oracle_savings_use_the_tolerance():
    hi, lo = max(ITEM_MEANS, DIRECT), min(ITEM_MEANS, DIRECT)
    cand = pd.DataFrame({"mean_tokens": [100.0, 400.0], "accuracy": [0.5, lo]})
    ref = pd.Series({"mean_tokens": 800.0, "accuracy": hi})
    res = analysis.iso_accuracy_compression(ref, cand).iloc[0]
    assert res["reason"] == "interpolated" and res["compression"] == pytest.approx(2.0)
    assert analysis.iso_accuracy_compression(ref, cand, rel_tol=0).iloc[0]["reason"].startswith("never reaches")
    need = analysis.tokens_for_accuracy(cand, hi).iloc[0]
    assert need["tokens"] == pytest.approx(400.0)
    curve = pd.DataFrame({"model": "m", "kind": ["actual", "oracle bound"], "accuracy": [hi, lo],
                          "mean_tokens": [500.0, 300.0], "lambda": [np.nan, 0.0]})
    saved = analysis.oracle_tokens_saved(curve, by=["model"]).iloc[0]
    assert saved["oracle_tokens"] == 300.0
    assert math.isnan(analysis.oracle_tokens_saved(curve, by=["model"], rel_tol=0).iloc[0]["oracle_tokens"])


def test_notebook_selection_within_three_points():
    acc = np.array([0.49, 0.50, 0.55, 0.56, 0.48])
    assert not (abs(0.49 - 0.52) <= 0.03)  # the floating-point trap
    assert within(acc, 0.52, 0.03).tolist() == [True, True, True, False, False]
    with pytest.raises(ValueError):
        within(acc, 0.52, -1)


def test_tie_classes_and_options():
    v = np.array([1.0, 1.0 + 1e-15, 2.0, np.nan, 1.0 - 1e-15, 0.0])
    t = tie_classes(v)
    assert t[0] == t[1] == t[4] == 1.0 - 1e-15 and t[2] == 2.0 and np.isnan(t[3]) and t[5] == 0.0
    assert at_least(1.0 - 1e-15, 1.0) and not at_least(0.99, 1.0)
    assert REL_TOL == 1e-9
    with pytest.raises(ValueError, match="rel_tol"):
        analysis.pareto_frontier(pd.DataFrame({"mean_tokens": [1.0], "accuracy": [0.5]}), rel_tol=0.5)
