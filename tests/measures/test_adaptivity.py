"""token_adaptivity: rank correlation of item tokens with item difficulty across models."""

import numpy as np
import pandas as pd
import pytest

from analysis import DataError, token_adaptivity, validate_responses


def table():
    # 5 items; difficulty from two models' answers: q0 easiest ... q4 hardest.
    rows = []
    for i in range(5):
        for model, tokens in (("adaptive", 100 * (i + 1)), ("flat", 500 - 50 * i)):
            for s in range(4):
                rows.append((model, "default", "b", f"q{i}", s, float(s >= i), tokens))
    cols = ["model", "setting", "benchmark", "item_id", "sample", "correct", "output_tokens"]
    return validate_responses(pd.DataFrame(rows, columns=cols))


def test_token_adaptivity_signs_and_ratio():
    out = token_adaptivity(table()).set_index("model")
    assert out.loc["adaptive", "spearman_rho"] == pytest.approx(1.0)
    assert out.loc["flat", "spearman_rho"] == pytest.approx(-1.0)
    assert out.loc["adaptive", "p_value"] < 0.05
    assert out.loc["adaptive", "n_items"] == 5
    # difficulty 0, .25, .5, .75, 1 (both models answer alike); median .5:
    # easy q0, q1 -> (100 + 200) / 2, hard q3, q4 -> (400 + 500) / 2
    assert out.loc["adaptive", "tokens_easy"] == pytest.approx(150)
    assert out.loc["adaptive", "tokens_hard"] == pytest.approx(450)
    assert out.loc["adaptive", "adaptation_ratio"] == pytest.approx(3.0)


def test_token_adaptivity_undefined_cases():
    df = table()
    two = df[df.item_id.isin(["q0", "q1"])]
    assert np.isnan(token_adaptivity(two)["spearman_rho"]).all()  # fewer than 3 items
    const = df.assign(output_tokens=pd.array([7] * len(df), dtype="Int64"))
    assert np.isnan(token_adaptivity(const)["spearman_rho"]).all()  # constant tokens
    missing = df.copy()
    missing["output_tokens"] = missing["output_tokens"].astype("Int64").mask(missing.index == 0)
    with pytest.raises(DataError, match="model=adaptive"):
        token_adaptivity(missing)


def test_adaptivity_summary_hand_computed():
    adapt = pd.DataFrame({"model": list("abcde"),
                          "spearman_rho": [0.5, 0.7, -0.6, 0.2, np.nan],
                          "p_value": [0.01, 0.001, 0.04, 0.3, np.nan]})
    from analysis import adaptivity_summary

    s = adaptivity_summary(adapt)
    assert (s["n_groups"], s["n_with_rho"], s["n_more_on_harder"], s["n_less_on_harder"]) == (5, 4, 2, 1)
    assert s["rho_median"] == pytest.approx(0.35)  # median of 0.5, 0.7, -0.6, 0.2
    assert (s["rho_min"], s["rho_max"], s["alpha"]) == (-0.6, 0.7, 0.05)
    strict = adaptivity_summary(adapt, alpha=0.005)
    assert (strict["n_more_on_harder"], strict["n_less_on_harder"]) == (1, 0)
    # p exactly at alpha is not below it
    assert adaptivity_summary(adapt.assign(p_value=0.05))["n_more_on_harder"] == 0


def test_adaptivity_summary_errors_and_no_rho():
    from analysis import adaptivity_summary

    none = adaptivity_summary(pd.DataFrame({"spearman_rho": [np.nan], "p_value": [np.nan]}))
    assert none["n_with_rho"] == 0 and np.isnan(none["rho_median"])
    with pytest.raises(DataError, match="empty"):
        adaptivity_summary(pd.DataFrame({"spearman_rho": [], "p_value": []}))
    with pytest.raises(DataError, match="p_value"):
        adaptivity_summary(pd.DataFrame({"spearman_rho": [0.3]}))
    with pytest.raises(ValueError):
        adaptivity_summary(pd.DataFrame({"spearman_rho": [0.3], "p_value": [0.01]}), alpha=1.0)


def test_adaptivity_summary_of_token_adaptivity():
    """On the table above: the adaptive model's rho is +1, the flat one's -1 (5 items, p < 0.05)."""
    from analysis import adaptivity_summary

    s = adaptivity_summary(token_adaptivity(table(), by=("model",)))
    assert (s["n_groups"], s["n_more_on_harder"], s["n_less_on_harder"]) == (2, 1, 1)
    assert (s["rho_min"], s["rho_max"]) == pytest.approx((-1.0, 1.0))
