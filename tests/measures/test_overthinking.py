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
    assert (labels["dataset"] == "lrm_token_economy").sum() >= 30
    sky = analysis.skythought_outputs().assign(dataset="skythought")
    ds = analysis.deepscaler_budget_sweep().assign(dataset="deepscaler")
    lrm = analysis.lrm_token_economy_traces()  # labelled text: the thinking
    lrm = lrm.assign(dataset="lrm_token_economy", text=lrm["thinking_text"], gt=lrm["gold"])
    cols = ["dataset", "model", "setting", "benchmark", "item_id", "sample", "text", "gt"]
    both = pd.concat([sky[cols], ds[cols], lrm[cols]], ignore_index=True)
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


def test_split_thinking_and_writeup_hand_computed():
    think = "x = 3, so the answer is 7. let me double check this again"
    df = pd.DataFrame({
        "model": "m", "correct": [1.0, 1.0, 1.0],
        "thinking": [think, "no idea yet", None],
        "answer": ["We get \\boxed{7}.", "Hence \\boxed{7} done", "\\boxed{7}"],
        "gold": ["7", "7", "7"],
    })
    out = first_correct_offset(df, gold_col="gold", text_col="thinking", answer_col="answer")
    c = analysis.count_tokens
    t0, a0, p0 = c([think])[0], c([df["answer"][0]])[0], c(["x = 3, so the answer is 7"])[0]
    r0 = out.iloc[0]
    assert r0["first_correct_part"] == "thinking" and r0["first_correct_char"] == len("x = 3, so the answer is 7")
    assert (r0["thinking_tokens"], r0["writeup_tokens"], r0["text_tokens"]) == (t0, a0, t0 + a0)
    assert r0["first_correct_tokens"] == p0
    assert r0["overthinking_thinking_tokens"] == t0 - p0 and r0["overthinking_writeup_tokens"] == a0
    r1 = out.iloc[1]  # first given in the write-up: no overthinking in the thinking
    t1, a1, p1 = c(["no idea yet"])[0], c(["Hence \\boxed{7} done"])[0], c(["Hence \\boxed{7}"])[0]
    assert r1["first_correct_part"] == "answer" and r1["first_correct_tokens"] == t1 + p1
    assert r1["overthinking_thinking_tokens"] == 0 and r1["overthinking_writeup_tokens"] == a1 - p1
    assert out.iloc[2]["thinking_tokens"] == 0  # missing thinking counts as empty
    for r in (r0, r1):
        assert r["overthinking_tokens"] == r["overthinking_thinking_tokens"] + r["overthinking_writeup_tokens"]
    eff = outcome_efficiency(out, by=("model",)).iloc[0]
    over_w = a0 + (a1 - p1) + 0
    over = (t0 - p0 + a0) + (a1 - p1) + 0
    assert eff["writeup_share_of_overthinking"] == pytest.approx(over_w / over)
    assert eff["mean_overthinking_thinking_tokens"] == pytest.approx((t0 - p0) / 3)


def test_without_answer_col_no_split_columns(traces):
    out = first_correct_offset(traces, gold_col="gold")
    assert "overthinking_writeup_tokens" not in out.columns
    assert "writeup_share_of_overthinking" not in outcome_efficiency(out, by=("model",)).columns


def test_overthinking_summary_hand_computed():
    from analysis import DataError, overthinking_summary

    split = pd.DataFrame({"model": list("abc"), "overthinking_share": [0.1, 0.3, 0.5],
                          "writeup_share_of_overthinking": [0.2, float("nan"), 0.6],
                          "n_correct": [10, 5, 5], "n_correct_located": [9, 5, 3]})
    s = overthinking_summary(split)
    assert s["n_groups"] == 3
    assert (s["share_median"], s["share_min"], s["share_max"]) == pytest.approx((0.3, 0.1, 0.5))
    assert s["n_writeup"] == 2
    assert (s["writeup_median"], s["writeup_min"], s["writeup_max"]) == pytest.approx((0.4, 0.2, 0.6))
    assert (s["n_correct"], s["n_correct_unlocated"]) == (20, 3)
    unsplit = overthinking_summary(split.drop(columns="writeup_share_of_overthinking"))
    assert unsplit["n_writeup"] == 0 and pd.isna(unsplit["writeup_median"])
    with pytest.raises(DataError, match="empty"):
        overthinking_summary(split.iloc[0:0])
    with pytest.raises(DataError, match="n_correct_located"):
        overthinking_summary(split.drop(columns="n_correct_located"))
