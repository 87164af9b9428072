"""read_lm_eval_samples on a hand-written samples_*.jsonl (see tests/fixtures/lm_eval/README.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis import DataError, count_tokens, read_lm_eval_samples

FIX = Path(__file__).parents[1] / "fixtures" / "lm_eval" / "demo-model" / "samples_gsm8k_2025-01-01T00-00-00.000000.jsonl"
RESPS = ["He has 3 + 2 = 5 apples. The answer is 5.", "Each box has 4 pens, so 4 + 3 = 7 pens.",
         "10 pages times 3 days is 30 pages. The answer is 30."]


def test_one_row_per_document_first_filter():
    df = read_lm_eval_samples(FIX)
    assert df["item_id"].tolist() == ["0", "1", "2"]
    assert df["correct"].tolist() == [1.0, 0.0, 1.0]
    assert set(df["filter"]) == {"strict-match"}
    assert set(df["model"]) == {"demo-model"} and set(df["benchmark"]) == {"gsm8k"}
    assert df["output_tokens"].tolist() == count_tokens(RESPS).tolist()
    assert set(df["token_source"]) == {"counted:cl100k_base"}


def test_filter_and_metric_chosen_by_name(tmp_path):
    df = read_lm_eval_samples(FIX, filter="flexible-extract", model="m", benchmark="b")
    assert set(df["filter"]) == {"flexible-extract"} and len(df) == 3
    with pytest.raises(DataError, match="no records for filter 'nope'"):
        read_lm_eval_samples(FIX, filter="nope")
    with pytest.raises(DataError, match=r"line 1: field 'acc': metric not in the record"):
        read_lm_eval_samples(FIX, metric="acc")


def _write(tmp_path, records, name="samples_task_2025-01-01T00-00-00.jsonl"):
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def test_old_files_without_filter_key_and_repeats(tmp_path):
    recs = [
        {"doc_id": 0, "resps": [["a b c", "d e"]], "filtered_resps": ["x"], "acc": True},
        {"doc_id": 0, "resps": [["a b c", "d e"]], "filtered_resps": ["y"], "acc": False},
    ]
    df = read_lm_eval_samples(_write(tmp_path, recs))
    assert df["filter"].tolist() == ["#0"] and df["correct"].tolist() == [1.0]
    assert df["benchmark"].tolist() == ["task"]
    assert df["output_tokens"].tolist() == [int(count_tokens(["a b c", "d e"]).sum())]  # repeats: all generations
    assert read_lm_eval_samples(_write(tmp_path, recs), filter="#1")["correct"].tolist() == [0.0]


def test_bad_inputs_name_line_and_field(tmp_path):
    ok = {"doc_id": 0, "resps": [["x"]], "exact_match": 1}
    bad = tmp_path / "samples_t_2025-01-01T00-00-00.jsonl"
    bad.write_text(json.dumps(ok) + "\n{not json\n")
    with pytest.raises(DataError, match=r"line 2: not valid JSON"):
        read_lm_eval_samples(bad)
    loglik = {"doc_id": 0, "resps": [[[-1.5, False]]], "acc": 1}
    with pytest.raises(DataError, match=r"line 1: field 'resps'.*not generated text"):
        read_lm_eval_samples(_write(tmp_path, [loglik]))
    with pytest.raises(DataError, match=r"line 2: field 'exact_match': metric value is not a number"):
        read_lm_eval_samples(_write(tmp_path, [ok, {**ok, "doc_id": 1, "exact_match": "yes"}]))
    with pytest.raises(DataError, match=r"line 1: field 'doc_id'"):
        read_lm_eval_samples(_write(tmp_path, [{"resps": []}]))
    with pytest.raises(DataError, match=r"line 1: field 'correct'.*outside \[0, 1\]"):
        read_lm_eval_samples(_write(tmp_path, [{**ok, "exact_match": 3.5}]))
