"""Iso-accuracy compression and the length-penalty path: hand cases and brute force."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import budget_curve, iso_accuracy_compression, length_penalty_path, validate_responses


def test_iso_accuracy_interpolates_in_log_tokens():
    ref = pd.DataFrame({"mean_tokens": [2000.0], "accuracy": [0.6]})
    cand = pd.DataFrame({"mean_tokens": [100.0, 1000.0, 500.0], "accuracy": [0.4, 0.8, 0.3]})
    out = iso_accuracy_compression(ref, cand)
    # log10 t = 2 + (0.6 - 0.4) / (0.8 - 0.4) * (3 - 2) = 2.5
    assert out["candidate_tokens"].iloc[0] == pytest.approx(10**2.5)
    assert out["compression"].iloc[0] == pytest.approx(2000 / 10**2.5)
    assert out["reason"].iloc[0] == "interpolated"


def test_iso_accuracy_edge_cases():
    cand = pd.DataFrame({"mean_tokens": [100.0, 1000.0], "accuracy": [0.4, 0.8]})
    ref = pd.DataFrame({"mean_tokens": [2000.0, 2000.0, 300.0], "accuracy": [0.9, 0.3, 0.85]}, index=["hi", "lo", "eps"])
    out = iso_accuracy_compression(ref, cand)
    assert np.isnan(out.loc[0, "compression"]) and out.loc[0, "reason"].startswith("never reaches")
    assert out.loc[1, "compression"] == pytest.approx(20.0) and out.loc[1, "reason"] == "at cheapest point"
    assert out["reference"].tolist() == ["hi", "lo", "eps"]
    # epsilon: target 0.85 - 0.05 = 0.8 is reached at 1000 tokens
    eps = iso_accuracy_compression(ref.loc[["eps"]], cand, epsilon=0.05)
    assert eps["candidate_tokens"].iloc[0] == pytest.approx(1000.0) and eps["compression"].iloc[0] == pytest.approx(0.3)
    zero = iso_accuracy_compression(ref.loc[["lo"]], pd.DataFrame({"mean_tokens": [0.0, 10.0], "accuracy": [0.5, 0.6]}))
    assert zero["reason"].iloc[0] == "zero tokens" and np.isinf(zero["compression"].iloc[0])
    one = iso_accuracy_compression(pd.Series({"mean_tokens": 1000.0, "accuracy": 0.4}), cand)
    assert one["compression"].iloc[0] == pytest.approx(10.0)


def test_iso_accuracy_by_group_and_on_a_budget_curve():
    df = validate_responses(pd.DataFrame({
        "model": "m", "setting": "s", "benchmark": "b", "item_id": ["q1", "q2", "q3", "q4"],
        "correct": [1.0, 1.0, 1.0, 0.0], "output_tokens": [100, 1000, 10000, 50],
    }))
    curve = budget_curve(df, [10, 100, 1000, 10000])  # 0, .25, .5, .75
    ref = pd.DataFrame({"benchmark": ["b", "other"], "mean_tokens": [20000.0, 5.0], "accuracy": [0.625, 0.1]})
    out = iso_accuracy_compression(ref, curve, candidate_x="budget", by="benchmark")
    # 0.625 halfway between 0.5 (1000) and 0.75 (10000) in log tokens -> 10**3.5
    assert out.loc[0, "candidate_tokens"] == pytest.approx(10**3.5)
    assert out.loc[0, "compression"] == pytest.approx(20000 / 10**3.5)
    assert np.isnan(out.loc[1, "compression"]) and "no candidate points" in out.loc[1, "reason"]


@pytest.fixture
def four_points():
    return pd.DataFrame({"mean_tokens": [100.0, 300, 400, 200], "accuracy": [0.5, 0.9, 0.95, 0.55]}, index=list("abcd"))


def test_length_penalty_path_hand_case(four_points):
    # hull a (100, .5) -> b (300, .9) -> c (400, .95); slopes .002 and .0005 per token
    out = length_penalty_path(four_points, [0, 0.0004, 0.0005, 0.001, 0.002, 0.01])
    assert out["point"].tolist() == ["c", "c", "b", "b", "a", "a"]  # ties at .0005 and .002 go to fewer tokens
    assert out["objective"].iloc[3] == pytest.approx(0.9 - 0.001 * 300)
    row_b = out.iloc[3]
    assert row_b["price_in"] == pytest.approx(200.0) and row_b["price_out"] == pytest.approx(50.0)
    per_k = length_penalty_path(four_points, [1.0], per_tokens=1000)  # 1 accuracy per 1k tokens = .001 per token
    assert per_k["point"].tolist() == ["b"]
    with pytest.raises(ValueError):
        length_penalty_path(four_points, [-1])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 50), st.integers(0, 20)), min_size=1, max_size=20),
    st.lists(st.integers(0, 40), min_size=1, max_size=5),
)
def test_length_penalty_path_matches_brute_force(rows, lams):
    x = np.array([r[0] for r in rows], float) * 10
    y = np.array([r[1] for r in rows], float) / 20
    lam = np.array(lams, float) / 4000
    out = length_penalty_path(pd.DataFrame({"mean_tokens": x, "accuracy": y}), lam)
    for l, chosen in zip(lam, out["point"]):
        obj = y - l * x
        best = obj.max()
        ties = np.flatnonzero(obj >= best - 1e-12)
        assert obj[chosen] >= best - 1e-12
        assert x[chosen] == x[ties].min()


# --- tokens_for_accuracy, pair_points, compression_vs_base -----------------------------------

from analysis import DataError  # noqa: E402
from analysis.frontiers.compression import compression_vs_base, pair_points, tokens_for_accuracy  # noqa: E402


def test_tokens_for_accuracy_by_hand():
    pts = pd.DataFrame({"mean_tokens": [100.0, 1000.0, 500.0], "accuracy": [0.4, 0.6, 0.3]}, index=["a", "b", "c"])
    out = tokens_for_accuracy(pts, [0.5, 0.3, 0.7])
    # 0.5 is half way from a to b: 10 ** (2 + 0.5) tokens in log space.
    assert out["tokens"].iloc[0] == pytest.approx(10 ** 2.5)
    assert out["reason"].iloc[0] == "interpolated"
    assert (out["below"].iloc[0], out["above"].iloc[0]) == ("a", "b")
    assert out["tokens"].iloc[1] == 100.0 and out["reason"].iloc[1] == "at cheapest point"
    assert np.isnan(out["tokens"].iloc[2]) and out["reason"].iloc[2].startswith("never reaches")
    assert out["below"].iloc[2] == "b" and out["above"].iloc[2] is None


def test_tokens_for_accuracy_agrees_with_iso_compression():
    pts = pd.DataFrame({"g": ["x"] * 3 + ["y"] * 2, "mean_tokens": [100.0, 400.0, 900.0, 50.0, 5000.0],
                        "accuracy": [0.2, 0.5, 0.9, 0.1, 0.8]})
    out = tokens_for_accuracy(pts, 0.6, by="g")
    ref = pd.DataFrame({"g": ["x", "y"], "mean_tokens": [1.0, 1.0], "accuracy": [0.6, 0.6]})
    iso = iso_accuracy_compression(ref, pts, by="g")
    np.testing.assert_allclose(out["tokens"], iso["candidate_tokens"])


def test_pair_points_by_hand():
    pts = pd.DataFrame({"benchmark": ["m", "m", "a", "a", "z"], "setting": ["base", "short", "base", "short", "short"],
                        "mean_tokens": [1000.0, 400.0, 8000.0, 2000.0, 10.0], "accuracy": [0.8, 0.76, 0.3, 0.33, 0.1]})
    out = pair_points(pts, "base")
    assert list(out["benchmark"]) == ["m", "a", "z"]
    np.testing.assert_allclose(out["token_ratio"].to_numpy()[:2], [0.4, 0.25])
    np.testing.assert_allclose(out["delta_accuracy"].to_numpy()[:2], [-0.04, 0.03])
    assert np.isnan(out["base_tokens"].iloc[2])
    with pytest.raises(DataError, match="more than one row"):
        pair_points(pd.concat([pts, pts.iloc[[0]]]), "base")
    with pytest.raises(DataError, match="matches no rows"):
        pair_points(pts, "nothing")


def test_compression_vs_base_families():
    pts = pd.DataFrame({
        "benchmark": ["m"] * 5,
        "method": ["base", "sweep", "sweep", "single", "weak"],
        "mean_tokens": [1000.0, 100.0, 400.0, 250.0, 100.0],
        "accuracy": [0.6, 0.4, 0.7, 0.6, 0.5],
    })
    out = compression_vs_base(pts, {"method": "base"}, family="method").set_index("method")
    # sweep: 0.6 lies 2/3 of the way from 0.4 to 0.7 -> 10 ** (2 + 2/3 * log10(4)) tokens.
    need = 10 ** (2 + 2 / 3 * np.log10(4))
    assert out.loc["sweep", "candidate_tokens"] == pytest.approx(need)
    assert out.loc["sweep", "compression"] == pytest.approx(1000 / need)
    assert out.loc["single", "compression"] == pytest.approx(4.0)
    assert np.isnan(out.loc["weak", "compression"])
    assert out.loc["sweep", "n_points"] == 2
    eps = compression_vs_base(pts, {"method": "base"}, family="method", epsilon=0.1).set_index("method")
    assert eps.loc["weak", "compression"] == pytest.approx(10.0)


def test_base_rows_are_selected_one_way_by_every_base_comparison():
    """pair_points, relative_change and compression_vs_base pick their base through
    _groups.base_values: the same rows, and the same errors naming the same row and field."""
    from analysis import relative_change

    pts = pd.DataFrame({"model": ["b", "b", "b", "b"], "benchmark": ["m", "m", "a", "z"],
                        "setting": ["base", "short", "base", "short"], "method": ["base", "short", "base", "short"],
                        "mean_tokens": [1000.0, 400.0, 800.0, 10.0], "accuracy": [0.8, 0.8, 0.3, 0.1]})
    calls = {
        "pair_points": lambda p, base: pair_points(p, base),
        "relative_change": lambda p, base: relative_change(p, base),
        "compression_vs_base": lambda p, base: compression_vs_base(p, base),
    }
    base = {"setting": "base"}
    # 'z' has no base row: no comparison (NaN, or no row) in every function
    assert np.isnan(pair_points(pts, base).set_index("benchmark").loc["z", "base_tokens"])
    assert np.isnan(relative_change(pts, base).set_index("benchmark").loc["z", "rel_tokens"])
    out = compression_vs_base(pts, base)
    assert out["benchmark"].tolist() == ["m"] and out["compression"].tolist() == [2.5]
    twice = pd.concat([pts, pts.iloc[[0]]], ignore_index=True)
    for name, call in calls.items():
        with pytest.raises(DataError, match=rf"^{name}: row 4: field 'benchmark': base {{'setting': 'base'}} has more than one row"):
            call(twice, base)
        with pytest.raises(DataError, match=rf"^{name}: field 'setting': base {{'setting': 'none'}} matches no rows"):
            call(pts, {"setting": "none"})
