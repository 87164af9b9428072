"""detect_format / read_any: each fixture goes to its reader; CSV and plain JSONL go to tabular."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis import DataError, detect_format, read_any

FIX = Path(__file__).parents[1] / "fixtures"
LM = FIX / "lm_eval" / "demo-model" / "samples_gsm8k_2025-01-01T00-00-00.000000.jsonl"


@pytest.mark.parametrize(
    "path, kind",
    [(FIX / "inspect" / "mockllm_arith.eval", "inspect"), (FIX / "inspect" / "mockllm_arith.json", "inspect"), (LM, "lm_eval")],
)
def test_fixtures_are_recognised_and_read(path, kind):
    assert detect_format(path) == kind
    assert len(read_any(path)) in (3, 6)


def test_providers_and_tabular(tmp_path):
    prov = tmp_path / "p.jsonl"
    payload = {"object": "chat.completion", "model": "m", "choices": [], "usage": {"completion_tokens": 7, "prompt_tokens": 1}}
    prov.write_text(json.dumps({"item_id": "x", "correct": 1, "benchmark": "b", "response": payload}) + "\n")
    assert detect_format(prov) == "providers"
    assert read_any(prov)["output_tokens"].tolist() == [7]

    plain = tmp_path / "r.jsonl"
    plain.write_text(json.dumps({"model": "m", "benchmark": "b", "item_id": "1", "correct": 1, "output_tokens": 5}) + "\n")
    csv = tmp_path / "r.csv"
    csv.write_text("model,benchmark,item_id,correct,output_tokens\nm,b,1,1,5\n")
    assert detect_format(plain) == "tabular" and detect_format(csv) == "tabular"
    from analysis import read_responses

    for path in (plain, csv):
        pd.testing.assert_frame_equal(read_any(path), read_responses(path))
    clean, rejected = read_any(csv, on_error="report")
    assert len(clean) == 1 and len(rejected) == 0


def test_unrecognised_json_and_truncated_eval(tmp_path):
    other = tmp_path / "x.json"
    other.write_text('{"a": 1}')
    with pytest.raises(DataError, match="not an Inspect log"):
        detect_format(other)
    broken = tmp_path / "x.eval"
    broken.write_bytes(b"garbage")
    assert detect_format(broken) == "inspect"
    with pytest.raises(DataError, match="not a readable zip"):
        read_any(broken)
