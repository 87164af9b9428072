"""read_responses: CSV, JSONL, Parquet, gzip, column mapping, line numbers, token counting."""

import gzip
import json

import pandas as pd
import pytest

import analysis
from analysis import DataError


@pytest.fixture
def long_df():
    return pd.DataFrame({
        "model": ["a", "a", "b", "b"], "setting": ["low", "low", "high", "high"], "benchmark": ["x"] * 4,
        "item_id": ["001", "002", "001", "002"], "sample": [0, 0, 0, 0], "correct": [1.0, 0.0, 1.0, 1.0],
        "output_tokens": [10, 20, 300, 400],
    })


def test_csv_round_trip_keeps_leading_zero_ids(tmp_path, long_df):
    p = tmp_path / "r.csv"
    long_df.to_csv(p, index=False)
    out = analysis.read_responses(p)
    assert out["item_id"].tolist() == ["001", "002", "001", "002"]
    assert out["output_tokens"].tolist() == [10, 20, 300, 400]


def test_parquet_and_gzip_jsonl_read_the_same(tmp_path, long_df):
    long_df.to_parquet(tmp_path / "r.parquet", index=False)
    with gzip.open(tmp_path / "r.jsonl.gz", "wt") as fh:
        for rec in long_df.to_dict("records"):
            fh.write(json.dumps(rec) + "\n")
    a = analysis.read_responses(tmp_path / "r.parquet")
    b = analysis.read_responses(tmp_path / "r.jsonl.gz")
    pd.testing.assert_frame_equal(a, b)


def test_columns_map_foreign_names(tmp_path):
    p = tmp_path / "foreign.csv"
    p.write_text("llm,task,qid,is_correct,completion_tokens\nm,b,q1,1,12\n")
    out = analysis.read_responses(p, columns={"llm": "model", "task": "benchmark", "qid": "item_id",
                                              "is_correct": "correct", "completion_tokens": "output_tokens"})
    assert out.loc[0, ["model", "item_id", "output_tokens"]].tolist() == ["m", "q1", 12]


def test_columns_naming_absent_column(tmp_path, long_df):
    p = tmp_path / "r.csv"
    long_df.to_csv(p, index=False)
    with pytest.raises(DataError, match=r"field 'qid': column named in `columns` is not in the file"):
        analysis.read_responses(p, columns={"qid": "item_id"})


def test_csv_line_numbers_with_quoted_newlines(tmp_path):
    p = tmp_path / "multi.csv"
    p.write_text('model,benchmark,item_id,correct,output_tokens,text\n'
                 'm,b,1,1,5,"two\nlines"\n'
                 'm,b,2,1,-3,"one"\n')
    with pytest.raises(DataError, match=r"multi.csv: line 4: field 'output_tokens'"):
        analysis.read_responses(p)


def test_jsonl_blank_lines_keep_line_numbers(tmp_path):
    p = tmp_path / "r.jsonl"
    p.write_text('\n{"model":"m","benchmark":"b","item_id":1,"correct":1,"output_tokens":1}\n\n'
                 '{"model":"m","benchmark":"b","item_id":2,"correct":3,"output_tokens":1}\n')
    with pytest.raises(DataError, match=r"r.jsonl: line 4: field 'correct'"):
        analysis.read_responses(p)


def test_count_missing_tokens_while_reading(tmp_path):
    p = tmp_path / "t.jsonl"
    p.write_text('{"model":"m","benchmark":"b","item_id":1,"correct":1,"text":"hello world"}\n'
                 '{"model":"m","benchmark":"b","item_id":2,"correct":0,"text":"x","output_tokens":7}\n')
    out = analysis.read_responses(p, count_missing_tokens=True, keep_text=False)
    assert out["output_tokens"].tolist() == [2, 7]  # reported count never overwritten
    assert out["token_source"].tolist() == ["counted:cl100k_base", "reported"]
    assert "text" not in out.columns


def test_count_missing_tokens_rejects_non_text(tmp_path):
    p = tmp_path / "t.jsonl"
    p.write_text('{"model":"m","benchmark":"b","item_id":1,"correct":1,"text":["a","b"]}\n')
    with pytest.raises(DataError, match=r"t.jsonl: line 1: field 'text'"):
        analysis.read_responses(p, count_missing_tokens=True)


def test_missing_file():
    with pytest.raises(FileNotFoundError, match="nope.csv"):
        analysis.read_responses("nope.csv")


def test_large_jsonl_spans_chunks(tmp_path, monkeypatch):
    import analysis.readers.tabular as tabular

    monkeypatch.setattr(tabular, "_CHUNK_LINES", 7)
    p = tmp_path / "big.jsonl"
    rows = [{"model": "m", "benchmark": "b", "item_id": i, "correct": i % 2, "output_tokens": i} for i in range(50)]
    rows[33]["output_tokens"] = -1
    p.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with pytest.raises(DataError, match=r"line 34: field 'output_tokens'"):
        analysis.read_responses(p)
    clean, rejected = analysis.read_responses(p, on_error="report")
    assert len(clean) == 49 and rejected["location"].tolist() == ["line 34"]


def test_tsv_and_progress(tmp_path):
    p = tmp_path / "r.tsv"
    p.write_text("model\tbenchmark\titem_id\tcorrect\toutput_tokens\nm\tb\t1\t1\t3\nm\tb\t2\t0\t-1\n")
    with pytest.raises(DataError, match=r"r.tsv: line 3: field 'output_tokens'"):
        analysis.read_responses(p)
    j = tmp_path / "r.jsonl"
    j.write_text('{"model":"m","benchmark":"b","item_id":1,"correct":1,"output_tokens":1}\n')
    seen = []
    analysis.read_responses(j, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, None)]
