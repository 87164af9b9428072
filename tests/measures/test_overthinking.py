"""analysis.measures.overthinking: hand-computed offsets and efficiency, and the hand-labelled traces."""

from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis.measures.overthinking import first_correct_offset, outcome_efficiency

FIXTURE = Path(__file__).parents[1] / "fixtures" / "first_correct_labels.csv"


@pytest.fixture
def traces():
    return pd.DataFrame({
        "model": ["m", "m", "m"], "setting": "s", "benchmark": "b", "item_id": ["1", "2", "3"],
        "correct": [1.0, 0.0, 1.0],
        "text": ["a b c the answer is 7. d e f g", "so the answer is 5", "no answer here"],
        "gold": ["7", "7", "3"],
    })


def test_offsets_hand_computed(traces):
    out = first_correct_offset(traces, gold_col="gold")
    assert out["first_correct_char"].tolist() == [len("a b c the answer is 7"), pd.NA, pd.NA]
    counts = analysis.count_tokens(["a b c the answer is 7", traces["text"][0]])
    assert out["first_correct_tokens"].iloc[0] == counts[0]
    assert out["text_tokens"].iloc[0] == counts[1]
    assert out["overthinking_tokens"].iloc[0] == counts[1] - counts[0]
    assert out["first_correct_kind"].iloc[0] == "phrase"


def test_reuses_same_encoding_counts(traces):
    t = traces.assign(output_tokens=[1000, 1000, 1000], token_source=["counted:cl100k_base", "reported", "reported"])
    out = first_correct_offset(t, gold_col="gold")
    assert out["text_tokens"].iloc[0] == 1000  # same encoding: reused
    assert out["text_tokens"].iloc[1] == analysis.count_tokens([t["text"][1]])[0]  # other source: recounted


def test_efficiency_hand_computed():
    off = pd.DataFrame({
        "model": "m", "correct": [1.0, 1.0, 0.0, 1.0],
        "text_tokens": pd.array([100, 200, 50, 80], dtype="Int64"),
        "first_correct_tokens": pd.array([25, 200, 10, pd.NA], dtype="Int64"),
    })
    e = outcome_efficiency(off, by=("model",)).iloc[0]
    assert (e["n"], e["n_correct"], e["n_correct_located"], e["n_correct_unlocated"], e["n_wrong_with_gold"]) == (4, 3, 2, 1, 1)
    assert e["outcome_efficiency"] == pytest.approx((0.25 + 1.0 + 0.0) / 3)  # Chen Eq. 1, wrong = 0
    assert e["efficiency_when_correct"] == pytest.approx((0.25 + 1.0) / 2)
    assert e["overthinking_share"] == pytest.approx(75 / 300)
    assert e["mean_overthinking_tokens"] == pytest.approx(37.5)


def test_scanner_agrees_with_hand_labels():
    labels = pd.read_csv(FIXTURE, dtype={"item_id": str, "gold": str})
    assert len(labels) >= 30
    sky = analysis.skythought_outputs().assign(dataset="skythought")
    ds = analysis.deepscaler_budget_sweep().assign(dataset="deepscaler")
    cols = ["dataset", "model", "setting", "benchmark", "item_id", "sample", "text", "gt"]
    both = pd.concat([sky[cols], ds[cols]], ignore_index=True)
    rows = labels.merge(both, on=["dataset", "model", "setting", "benchmark", "item_id", "sample"], how="left")
    assert rows["text"].notna().all()
    assert (rows["text"].str.len() == rows["text_chars"]).all()
    assert (rows["gt"] == rows["gold"]).all()
    out = first_correct_offset(rows[["text", "gt"]], gold_col="gt")
    expected = rows["first_correct_char"].astype("Int64")
    got = out["first_correct_char"].astype("Int64")
    agree = (expected.fillna(-1) == got.fillna(-1)).to_numpy(bool)
    assert agree.all(), rows.loc[~agree, ["model", "setting", "item_id", "anchor"]].to_string()
    has = expected.notna().to_numpy(bool)
    kinds = out.loc[has, "first_correct_kind"].tolist()
    assert kinds == rows.loc[has, "label"].tolist()
