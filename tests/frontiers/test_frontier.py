"""Pareto frontier and upper hull: hand cases, ties and duplicates, brute-force references."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import DataError, pareto_frontier, upper_hull


def brute_dominance(x, y, g):
    """D[i, j]: point j dominates point i (same group, <= tokens, >= accuracy, one strict)."""
    return (
        (x[None, :] <= x[:, None]) & (y[None, :] >= y[:, None])
        & ((x[None, :] < x[:, None]) | (y[None, :] > y[:, None])) & (g[None, :] == g[:, None])
    )


def brute_hull_vertices(x, y):
    """Vertices of the concave majorant of the frontier points, by checking every chord."""
    D = brute_dominance(x, y, np.zeros(len(x)))
    front = sorted({(x[i], y[i]) for i in range(len(x)) if not D[i].any()})
    verts = set()
    for k, (px, py) in enumerate(front):
        above_all = True
        for a in range(k):
            for b in range(k + 1, len(front)):
                (ax, ay), (bx, by) = front[a], front[b]
                chord = ay + (by - ay) * (px - ax) / (bx - ax)
                if py <= chord + 1e-12:
                    above_all = False
        if above_all:
            verts.add((px, py))
    return verts


def test_hand_case_with_ties_and_duplicates():
    pts = pd.DataFrame({
        "mean_tokens": [100, 100, 200, 200, 300, 50, 300],
        "accuracy":    [0.5, 0.4, 0.7, 0.7, 0.6, 0.5, 0.9],
    }, index=list("abcdefg"))
    out = pareto_frontier(pts)
    # a is dominated by f (fewer tokens, same accuracy); b by a or f; c and d are identical
    # duplicates (both on); e by c/d (fewer tokens, higher accuracy); f and g on.
    assert out["on_frontier"].to_dict() == {"a": False, "b": False, "c": True, "d": True, "e": False, "f": True, "g": True}
    assert out.loc["a", "dominated_by"] == "f"
    assert out.loc["b", "dominated_by"] in {"a", "f"}
    assert out.loc["e", "dominated_by"] in {"c", "d", "g"}
    assert out.loc[out.on_frontier, "dominated_by"].isna().all()


def test_same_tokens_higher_accuracy_dominates():
    pts = pd.DataFrame({"mean_tokens": [10.0, 10.0], "accuracy": [0.2, 0.3]})
    out = pareto_frontier(pts)
    assert out["on_frontier"].tolist() == [False, True]
    assert out["dominated_by"].iloc[0] == 1


def test_by_group_and_nan():
    pts = pd.DataFrame({"model": ["a", "a", "b"], "mean_tokens": [1.0, 2.0, 0.5], "accuracy": [0.5, 0.4, 0.1]})
    assert pareto_frontier(pts, by="model")["on_frontier"].tolist() == [True, False, True]
    assert pareto_frontier(pts)["on_frontier"].tolist() == [True, False, True]
    with pytest.raises(DataError, match="accuracy"):
        pareto_frontier(pts.assign(accuracy=[0.5, np.nan, 0.1]))
    empty = pareto_frontier(pts.iloc[0:0])
    assert list(empty.columns[-2:]) == ["on_frontier", "dominated_by"] and len(empty) == 0


small_points = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 5), st.integers(0, 2)), min_size=1, max_size=40
)


@settings(max_examples=200, deadline=None)
@given(small_points, st.booleans())
def test_frontier_matches_brute_force(rows, grouped):
    x = np.array([r[0] for r in rows], float)
    y = np.array([r[1] for r in rows], float) / 5
    g = np.array([r[2] for r in rows]) if grouped else np.zeros(len(rows), int)
    pts = pd.DataFrame({"mean_tokens": x, "accuracy": y, "g": g}, index=np.arange(len(rows)) * 7 + 3)
    out = pareto_frontier(pts, by="g" if grouped else None)
    D = brute_dominance(x, y, g)
    assert out["on_frontier"].tolist() == (~D.any(axis=1)).tolist()
    pos = {label: i for i, label in enumerate(pts.index)}
    for i in np.flatnonzero(D.any(axis=1)):
        assert D[i, pos[out["dominated_by"].iloc[i]]]


def test_upper_hull_hand_case():
    pts = pd.DataFrame({"mean_tokens": [100.0, 200, 300, 400, 350, 300], "accuracy": [0.5, 0.55, 0.9, 0.95, 0.2, 0.9]})
    out = upper_hull(pts)
    # (200, .55) lies below the chord from (100, .5) to (300, .9) (0.7 at 200 tokens).
    assert out["on_hull"].tolist() == [True, False, True, True, False, True]
    assert out["hull_order"].iloc[[0, 2, 3]].tolist() == [0, 1, 2]
    assert out["hull_order"].iloc[[1, 4]].isna().all()
    assert out["hull_order"].iloc[5] == 1  # duplicate of the vertex (300, .9)
    # marginal price: 0.4 accuracy over 200 tokens = 200 points per 1k; then 0.05 over 100 = 50
    assert out["marginal_price"].iloc[2] == pytest.approx(200.0)
    assert out["marginal_price"].iloc[3] == pytest.approx(50.0)
    assert np.isnan(out["marginal_price"].iloc[0])


def test_upper_hull_collinear_middle_point_is_not_a_vertex():
    pts = pd.DataFrame({"mean_tokens": [1.0, 2, 3], "accuracy": [0.1, 0.2, 0.3]})
    assert upper_hull(pts)["on_hull"].tolist() == [True, False, True]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 30), st.integers(0, 20)), min_size=1, max_size=25))
def test_upper_hull_matches_brute_force(rows):
    x = np.array([r[0] for r in rows], float)
    y = np.array([r[1] for r in rows], float) / 20
    out = upper_hull(pd.DataFrame({"mean_tokens": x, "accuracy": y}))
    got = {(a, b) for a, b, on in zip(x, y, out["on_hull"]) if on}
    assert got == brute_hull_vertices(x, y)
    # every copy of a vertex is marked
    assert all(on == ((a, b) in got) for a, b, on in zip(x, y, out["on_hull"]))
