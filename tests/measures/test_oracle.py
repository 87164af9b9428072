"""analysis.measures.oracle: the length-penalty oracle on hand-computed samples, and a brute force."""


import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from analysis.errors import DataError
from analysis.measures.oracle import actual_points, length_penalty_oracle, oracle_tokens_saved


@pytest.fixture
def two_items():
    # item 1: correct at 100 and 300 tokens, wrong at 10; item 2: wrong at 50, correct at 1000
    return pd.DataFrame({
        "model": "m", "setting": "s", "benchmark": "b",
        "item_id": ["1", "1", "1", "2", "2"], "sample": [1, 2, 3, 1, 2],
        "correct": [1.0, 1.0, 0.0, 0.0, 1.0],
        "output_tokens": [300, 100, 10, 50, 1000],
    })


def test_hand_computed(two_items):
    c = length_penalty_oracle(two_items, [0.0, 0.002, 0.01])
    orc = c[c["kind"] == "oracle bound"].set_index("lambda")
    # lambda 0: correct everywhere, fewer tokens on ties -> item 1 picks 100, item 2 picks 1000
    assert orc.loc[0.0, "accuracy"] == 1.0 and orc.loc[0.0, "mean_tokens"] == 550.0
    # 0.002/token: item 1: 1-0.2=0.8 (100) vs 0-0.02; item 2: 1-2=-1 (1000) vs -0.1 (50) -> 50
    assert orc.loc[0.002, "accuracy"] == 0.5 and orc.loc[0.002, "mean_tokens"] == 75.0
    # 0.01/token: item 1: 1-1=0 (100) vs -0.1 (10) -> 100 still; item 2 -> 50
    assert orc.loc[0.01, "mean_tokens"] == 75.0
    act = c[c["kind"] == "actual"].iloc[0]
    assert act["accuracy"] == pytest.approx((2 / 3 + 1 / 2) / 2)
    assert act["mean_tokens"] == pytest.approx((410 / 3 + 525) / 2)
    assert np.isnan(act["lambda"]) and (c["n_samples"] == 5).all()


def test_per_1k_units(two_items):
    a = length_penalty_oracle(two_items, [2.0], per="1k", include_actual=False)
    b = length_penalty_oracle(two_items, [0.002], include_actual=False)
    assert a[["accuracy", "mean_tokens"]].equals(b[["accuracy", "mean_tokens"]])
    assert a["lambda_unit"].iloc[0] == "per 1k tokens"


def test_tie_goes_to_fewer_tokens():
    df = pd.DataFrame({"model": "m", "setting": "s", "benchmark": "b", "item_id": "1",
                       "correct": [0.0, 0.0], "output_tokens": [20, 10]})
    out = length_penalty_oracle(df, [0.0], include_actual=False)
    assert out["mean_tokens"].iloc[0] == 10


def test_tokens_saved(two_items):
    c = length_penalty_oracle(two_items, [0.0, 0.002])
    s = oracle_tokens_saved(c).iloc[0]
    # actual accuracy 7/12: only lambda 0 (accuracy 1) reaches it, at 550 tokens
    assert s["oracle_tokens"] == 550.0 and s["lambda"] == 0.0
    assert s["tokens_saved"] == pytest.approx((410 / 3 + 525) / 2 - 550)


def test_errors_bad_data_is_a_data_error_bad_option_a_value_error(two_items):
    with pytest.raises(DataError, match="output_tokens"):
        length_penalty_oracle(two_items.assign(output_tokens=[1, None, 3, 4, 5]), [0.0])
    for kwargs, match in (({"per": "1m"}, "per"), ({"lambdas": [-1.0]}, "lambda"), ({"lambdas": []}, "lambda")):
        with pytest.raises(ValueError, match=match) as info:
            length_penalty_oracle(two_items, **{"lambdas": [0.0], **kwargs})
        assert not isinstance(info.value, DataError), kwargs


def test_missing_column_names_the_function_called(two_items):
    with pytest.raises(DataError, match=r"^actual_points: field 'correct'"):
        actual_points(two_items.drop(columns="correct"))
    with pytest.raises(DataError, match=r"^length_penalty_oracle: field 'output_tokens'"):
        length_penalty_oracle(two_items.drop(columns="output_tokens"), [0.0])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.booleans(), st.integers(1, 500)), min_size=1, max_size=12),
       st.floats(0, 0.01))
def test_matches_brute_force(rows, lam):
    df = pd.DataFrame(rows, columns=["item_id", "correct", "output_tokens"]).assign(
        model="m", setting="s", benchmark="b", correct=lambda d: d["correct"].astype(float))
    got = length_penalty_oracle(df, [lam], include_actual=False).iloc[0]
    accs, toks = [], []
    for _, g in df.groupby("item_id"):
        best = min(zip(g["correct"], g["output_tokens"]), key=lambda ct: (-(ct[0] - lam * ct[1]), ct[1]))
        accs.append(best[0]); toks.append(best[1])
    assert got["accuracy"] == pytest.approx(np.mean(accs))
    assert got["mean_tokens"] == pytest.approx(np.mean(toks))


def test_oracle_saving_summary_hand_computed():
    from analysis import oracle_saving_summary

    saved = pd.DataFrame({"model": list("abcd"), "saved_share": [0.2, np.nan, 0.4, 0.3],
                          "compression": [1 / 0.8, np.nan, 1 / 0.6, 1 / 0.7]})
    s = oracle_saving_summary(saved)
    assert (s["n_groups"], s["n_reached"]) == (4, 3)
    assert (s["saved_median"], s["saved_min"], s["saved_max"]) == pytest.approx((0.3, 0.2, 0.4))
    assert s["compression_median"] == pytest.approx(1 / 0.7)
    none = oracle_saving_summary(saved.assign(saved_share=np.nan, compression=np.nan))
    assert none["n_reached"] == 0 and np.isnan(none["saved_median"])
    with pytest.raises(DataError, match="empty"):
        oracle_saving_summary(saved.iloc[0:0])
    with pytest.raises(DataError, match="compression"):
        oracle_saving_summary(saved.drop(columns="compression"))
