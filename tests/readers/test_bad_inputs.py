"""Every malformed file gives a DataError naming the file, the line or row, and the field."""

from pathlib import Path

import pytest

import analysis
from analysis import DataError

HERE = Path(__file__).parents[1] / "bad_inputs"

# file -> (location named in the message or None for the whole file, field or None, words expected)
CASES = {
    "empty.csv": (None, None, "empty"),
    "header_only.csv": (None, None, "no rows"),
    "missing_column.csv": (None, "correct", "required column is missing"),
    "negative_tokens.csv": ("line 3", "output_tokens", "negative: -7"),
    "fractional_tokens.csv": ("line 4", "output_tokens", "not a whole number: 12.5"),
    "text_in_tokens.csv": ("line 2", "output_tokens", "not a number: 'many'"),
    "correct_out_of_range.csv": ("line 3", "correct", "outside [0, 1]"),
    "reasoning_exceeds_output.csv": ("line 3", "reasoning_tokens", "more than output_tokens 100"),
    "duplicate_key.csv": ("line 4", "model/setting/benchmark/item_id/sample", "same key as line 2"),
    "missing_model.csv": ("line 3", "model", "missing value"),
    "ragged_row.csv": ("line 3", None, "malformed CSV"),
    "not_utf8.csv": ("line 3", None, "not UTF-8"),
    "negative_sample.csv": ("line 2", "sample", "negative"),
    "missing_correct.csv": ("line 2", "correct", "missing value"),
    "malformed.jsonl": ("line 3", None, "not valid JSON"),
    "not_object.jsonl": ("line 2", None, "expected a JSON object"),
    "not_utf8.jsonl": ("line 2", None, "not UTF-8"),
    "blank_lines_only.jsonl": (None, None, "empty"),
    "negative_tokens.jsonl": ("line 4", "output_tokens", "negative: -2"),
    "bad_token_source.jsonl": ("line 1", "token_source", "'guessed'"),
    "correct_not_number.jsonl": ("line 1", "correct", "not a number: 'yes'"),
    "not_parquet.parquet": (None, None, "not a readable Parquet file"),
    "negative_tokens.parquet": ("row 1", "output_tokens", "negative: -4"),
    "unknown_extension.txt": (None, None, "unknown file type"),
    "truncated.jsonl.gz": (None, None, "cannot decompress"),
}


def test_corpus_is_complete():
    on_disk = {p.name for p in HERE.iterdir() if p.name != "README.md"}
    assert on_disk == set(CASES), "every file in tests/bad_inputs has a case, and every case a file"
    assert len(CASES) >= 15


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_message_names_file_line_and_field(name):
    location, field, words = CASES[name]
    path = HERE / name
    with pytest.raises(DataError) as info:
        analysis.read_responses(path)
    message = str(info.value)
    assert str(path) in message
    assert words in message
    if location:
        assert f"{path}: {location}:" in message
    if field:
        assert f"field '{field}'" in message
    assert "Traceback" not in message


@pytest.mark.parametrize("name", ["negative_tokens.csv", "duplicate_key.csv", "negative_tokens.jsonl"])
def test_report_mode_keeps_every_row(name):
    path = HERE / name
    clean, rejected = analysis.read_responses(path, on_error="report")
    total = sum(1 for line in path.read_text().splitlines()[1 if path.suffix == ".csv" else 0:] if line.strip())
    assert len(clean) + len(rejected) == total
    assert len(rejected) == 1
    assert rejected["reason"].str.contains("field '").all()
    assert rejected["location"].str.startswith("line ").all()
