"""samples_from_item_accuracy: c of n correct rows; pass@k on them is the closed form."""

from math import comb

import pandas as pd
import pytest

import analysis

from analysis import DataError, pass_at_k, samples_from_item_accuracy


def per_item():
    return pd.DataFrame({"model": "m", "setting": "s", "problem": [1, 2, 3],
                         "accuracy": [0.25, 1.0, 0.0], "n_samples": 4})


def test_rows_by_hand():
    s = samples_from_item_accuracy(per_item(), item="problem")
    assert len(s) == 12
    assert s["item_id"].tolist() == ["1"] * 4 + ["2"] * 4 + ["3"] * 4
    assert s["sample"].tolist() == [0, 1, 2, 3] * 3
    assert s["correct"].tolist() == [1, 0, 0, 0] + [1] * 4 + [0] * 4


def test_pass_at_k_equals_closed_form():
    s = samples_from_item_accuracy(per_item(), item="problem").assign(output_tokens=100)
    p = pass_at_k(s, [1, 2, 3], by=("model", "setting"))
    for k, got in zip(p["k"], p["pass_at_k"]):
        item1 = 1 - comb(3, k) / comb(4, k)  # 1 of 4 right
        assert got == pytest.approx((item1 + 1 + 0) / 3)
    assert p["total_tokens"].tolist() == [100, 200, 300]


def test_not_a_whole_number_of_samples():
    bad = per_item().assign(accuracy=[0.3, 1.0, 0.0])
    with pytest.raises(DataError, match="row 0.*accuracy"):
        samples_from_item_accuracy(bad, item="problem")


def test_accuracy_out_of_range():
    bad = per_item().assign(accuracy=[0.25, 1.5, 0.0])
    with pytest.raises(DataError, match="row 1"):
        samples_from_item_accuracy(bad, item="problem")


def test_mean_tokens_attached_and_missing_groups_reported():
    pts = pd.DataFrame({"model": ["m"], "setting": ["s"], "mean_tokens": [250.5]})
    s = samples_from_item_accuracy(per_item(), item="problem", mean_tokens=pts)
    assert (s["output_tokens"] == 250.5).all()
    assert (s["token_source"] == "estimated:group mean per answer").all()
    p = pass_at_k(s, [4], by=("model", "setting"))
    assert p["total_tokens"].iloc[0] == pytest.approx(1002.0)
    with pytest.raises(analysis.DataError, match=r"^samples_from_item_accuracy: field 'mean_tokens': no mean_tokens for 1 group\(s\): m, s;"):
        samples_from_item_accuracy(per_item(), item="problem", mean_tokens=pts.assign(setting="other"))
