"""AES (O1-Pruner), s1's control/scaling/performance, LC-R1's relative change: hand cases."""

import numpy as np
import pandas as pd
import pytest

from analysis import DataError, aes, relative_change, s1_scores


def test_aes_hand_cases():
    # dL = (1000 - 500) / 1000 = 0.5; dA = (0.76 - 0.8) / 0.8 = -0.05 -> 0.5 - 5 * 0.05
    assert aes(0.76, 500, 0.8, 1000) == pytest.approx(0.25)
    # dA = +0.05 -> 0.5 + 3 * 0.05
    assert aes(0.84, 500, 0.8, 1000) == pytest.approx(0.65)
    # QFFT's weights
    assert aes(0.76, 500, 0.8, 1000, alpha=0.1, beta=0.1, gamma=1.0) == pytest.approx(0.05 - 0.05)
    arr = aes(np.array([0.8, 0.4]), np.array([1000, 2000]), 0.8, 1000)
    assert arr.tolist() == pytest.approx([0.0, -1.0 - 2.5])
    with pytest.raises(DataError, match="undefined"):  # a base of 0 is bad data, not a bad option
        aes(0.5, 100, 0.0, 1000)


def test_s1_scores_hand_case():
    runs = pd.DataFrame({"mean_tokens": [1000.0, 2000, 4000], "accuracy": [0.3, 0.5, 0.6], "budget": [1000, 1500, 4000]})
    out = s1_scores(runs, a_max="budget").iloc[0]
    # slopes per token: .2/1000, .3/3000, .1/2000 -> mean .11667 per 1000 tokens = 11.667 points per 1k
    assert out["scaling"] == pytest.approx((0.2 + 0.1 + 0.05) / 3 * 100)
    assert out["control"] == pytest.approx(2 / 3)  # 2000 tokens exceed the 1500 budget
    assert out["performance"] == 0.6 and out["n_runs"] == 3
    assert np.isnan(s1_scores(runs)["control"].iloc[0])
    assert s1_scores(runs, a_min=1500, a_max=5000)["control"].iloc[0] == pytest.approx(2 / 3)
    one = s1_scores(runs.iloc[:1])
    assert np.isnan(one["scaling"].iloc[0])


def test_s1_scores_by_group():
    runs = pd.DataFrame({"model": ["a", "a", "b", "b"], "mean_tokens": [1, 2, 1, 2.0], "accuracy": [0.1, 0.2, 0.5, 0.4]})
    out = s1_scores(runs, by="model").set_index("model")
    assert out.loc["a", "scaling"] == pytest.approx(0.1 * 100 * 1000)
    assert out.loc["b", "scaling"] == pytest.approx(-0.1 * 100 * 1000)


@pytest.fixture
def lc_points():
    return pd.DataFrame({
        "model": ["base", "base", "short", "short", "other"],
        "benchmark": ["math", "aime", "math", "aime", "gpqa"],
        "accuracy": [0.8, 0.4, 0.76, 0.42, 0.5],
        "mean_tokens": [4000.0, 10000, 2000, 6000, 100],
    })


def test_relative_change_hand_case(lc_points):
    out = relative_change(lc_points, "base")
    short = out[out.model == "short"].set_index("benchmark")
    assert short.loc["math", "rel_accuracy"] == pytest.approx(-0.05)
    assert short.loc["math", "rel_tokens"] == pytest.approx(-0.5)
    assert short.loc["aime", "rel_accuracy"] == pytest.approx(0.05)
    assert short.loc["aime", "rel_tokens"] == pytest.approx(-0.4)
    assert out[out.is_base]["rel_accuracy"].eq(0).all()
    assert np.isnan(out[out.model == "other"]["rel_accuracy"].iloc[0])  # no base on gpqa
    avg = relative_change(lc_points, "base", average=True).set_index("model")
    assert avg.loc["short", "rel_accuracy"] == pytest.approx(0.0)
    assert avg.loc["short", "rel_tokens"] == pytest.approx(-0.45)
    assert avg.loc["short", "n_benchmarks"] == 2


def test_relative_change_errors(lc_points):
    with pytest.raises(DataError, match="matches no rows"):
        relative_change(lc_points, "missing")
    twice = pd.concat([lc_points, lc_points.iloc[:1]], ignore_index=True)
    with pytest.raises(DataError, match=r"^relative_change: row 5: field 'benchmark': .*more than one row"):
        relative_change(twice, "base")


def test_relative_change_without_on_uses_the_one_base(lc_points):
    pts = lc_points[lc_points.benchmark == "math"]
    out = relative_change(pts, "base", on=()).set_index("model")
    assert out.loc["short", "rel_tokens"] == pytest.approx(-0.5)
    assert out.loc["short", "rel_accuracy"] == pytest.approx(-0.05)
    with pytest.raises(DataError, match="more than one row"):
        relative_change(lc_points, "base", on=())
