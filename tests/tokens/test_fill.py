"""analysis.tokens.fill: one policy for filling in missing token counts, the same in every reader,
the CLI and add_token_counts."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import DataError, TokenSanityWarning, add_token_counts, count_tokens
from analysis.tokens.fill import fill_token_counts

TEXTS = ["hello world", "The answer is 42, because 6 x 7 = 42."]


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TokenSanityWarning)
        return fn(*args, **kwargs)


def _sanity_messages(fn, *args, **kwargs):
    """The result and the TokenSanityWarning texts, each without its 'source: ' prefix."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fn(*args, **kwargs)
    texts = [str(c.message) for c in caught if c.category is TokenSanityWarning]
    return out, [t[t.index("model="):] for t in texts]


# --------------------------------------------------------------------------- the policy


def test_only_missing_counts_with_text_are_counted_and_marked():
    df = pd.DataFrame({"model": ["m"] * 4, "output_tokens": pd.array([10, None, None, None], dtype="Int64"),
                       "text": ["not recounted", TEXTS[0], None, ""]})
    before = df.copy()
    out = _quiet(fill_token_counts, df)
    assert out["output_tokens"].dtype == "Int64"
    assert out["output_tokens"].tolist()[:2] == [10, 2] and pd.isna(out["output_tokens"].iloc[2])
    assert out["output_tokens"].iloc[3] == 0  # an empty text is a known count of 0
    # no token_source column: a given count is 'reported' (as validate_responses would say)
    assert out["token_source"].tolist()[:2] == ["reported", "counted:cl100k_base"]
    assert pd.isna(out["token_source"].iloc[2])
    pd.testing.assert_frame_equal(df, before)


def test_an_existing_token_source_is_kept_where_nothing_is_counted():
    df = pd.DataFrame({"model": ["m"] * 2, "output_tokens": pd.array([3, None], dtype="Int64"),
                       "token_source": pd.array(["estimated:x", None], dtype="string"), "text": ["a", "b"]})
    out = _quiet(fill_token_counts, df)
    assert out["token_source"].tolist() == ["estimated:x", "counted:cl100k_base"]


def test_a_given_count_that_is_wrong_is_left_for_validation_to_name():
    df = pd.DataFrame({"model": ["m"] * 3, "output_tokens": [2.5, "many", None], "text": ["x", "y", TEXTS[0]]})
    out = _quiet(fill_token_counts, df)
    assert out["output_tokens"].tolist()[:2] == [2.5, "many"] and out["output_tokens"].iloc[2] == 2
    with pytest.raises(DataError, match="row 1: field 'output_tokens': not a number"):
        analysis.validate_responses(out.assign(benchmark="b", item_id=["1", "2", "3"], correct=1.0))


def test_text_that_is_not_a_string_names_line_or_row_and_field():
    df = pd.DataFrame({"model": ["m"] * 2, "output_tokens": pd.array([None, None], dtype="Int64"),
                       "answer": pd.Series(["ok", ["a", "b"]], dtype=object)})
    with pytest.raises(DataError, match=r"^f.jsonl: line 9: field 'answer': expected a string"):
        _quiet(fill_token_counts, df, text_col="answer", source="f.jsonl", lines=[4, 9])
    with pytest.raises(DataError, match=r"^row 1: field 'answer'"):
        _quiet(fill_token_counts, df, text_col="answer")


def test_without_text_column():
    given = pd.DataFrame({"model": ["m"], "output_tokens": pd.array([3], dtype="Int64")})
    pd.testing.assert_frame_equal(fill_token_counts(given), given)  # nothing to fill: as it is
    missing = given.assign(output_tokens=pd.array([None], dtype="Int64"))
    with pytest.raises(DataError, match="field 'text': column not found"):
        fill_token_counts(missing)
    # text_col=None: the source has no text (provider usage); the count stays missing, with a warning
    out, messages = _sanity_messages(fill_token_counts, missing, text_col=None)
    assert out["output_tokens"].isna().all() and messages == ["model=m: usage is missing for 1 of 1 answers"]


def test_parts_add_up_the_counts_of_each_generation():
    df = pd.DataFrame({"model": ["m"] * 3, "output_tokens": pd.array([None] * 3, dtype="Int64"),
                       "text": pd.Series([TEXTS, [TEXTS[0]], []], dtype=object)})
    out = _quiet(fill_token_counts, df, parts=True)
    each = count_tokens(TEXTS)
    assert out["output_tokens"].tolist() == [int(each.sum()), int(each[0]), 0]
    with pytest.raises(DataError, match="row 0: field 'text'"):
        _quiet(fill_token_counts, df.assign(text=pd.Series([[1], ["a"], []], dtype=object)), parts=True)


def test_check_warns_once_on_the_counts_as_given_and_can_be_left_out():
    df = pd.DataFrame({"model": ["m", "m", "n"], "output_tokens": pd.array([None, 4, None], dtype="Int64"),
                       "text": ["a", "b", "c"]})
    _, messages = _sanity_messages(fill_token_counts, df)
    assert messages == ["model=m: usage is missing for 1 of 2 answers", "model=n: usage is missing for 1 of 1 answers"]
    _, messages = _sanity_messages(fill_token_counts, df, check=False)
    assert messages == []


def test_add_token_counts_is_the_same_function():
    df = pd.DataFrame({"model": ["m"] * 2, "output_tokens": pd.array([None, 7], dtype="Int64"), "body": TEXTS})
    pd.testing.assert_frame_equal(_quiet(add_token_counts, df, text_col="body"),
                                  _quiet(fill_token_counts, df, text_col="body"))
    assert analysis.add_token_counts is add_token_counts
    assert add_token_counts.__module__ == "analysis.tokens.fill"


# --------------------------------------------------------------------------- every reader alike


def _inspect_log(tmp_path):
    log = {"version": 2, "status": "success",
           "eval": {"task": "t", "model": "m", "scorers": [{"name": "match"}]},
           "samples": [{"id": i + 1, "epoch": 1, "scores": {"match": {"value": "C"}}, "model_usage": {},
                        "output": {"completion": text}} for i, text in enumerate(TEXTS)]}
    path = tmp_path / "log.json"
    path.write_text(json.dumps(log))
    return lambda: analysis.read_inspect_log(path, benchmark="b")


def _lm_eval(tmp_path):
    path = tmp_path / "samples_b_2025-01-01T00-00-00.jsonl"
    path.write_text("".join(json.dumps({"doc_id": i, "resps": [[t]], "filtered_resps": [t], "exact_match": 1.0}) + "\n"
                            for i, t in enumerate(TEXTS)))
    return lambda: analysis.read_lm_eval_samples(path, model="m")


def _table(tmp_path, suffix):
    rows = pd.DataFrame({"model": "m", "benchmark": "b", "item_id": ["1", "2"], "correct": 1.0, "text": TEXTS})
    path = tmp_path / f"r{suffix}"
    if suffix == ".csv":
        rows.to_csv(path, index=False)
    else:
        rows.to_json(path, orient="records", lines=True)
    return lambda: analysis.read_responses(path, count_missing_tokens=True)


def _frame(tmp_path):
    rows = pd.DataFrame({"model": "m", "benchmark": "b", "item_id": ["1", "2"], "correct": 1.0, "text": TEXTS})
    return lambda: analysis.validate_responses(add_token_counts(rows))


READERS = {
    "inspect": _inspect_log,
    "lm_eval": _lm_eval,
    "csv": lambda p: _table(p, ".csv"),
    "jsonl": lambda p: _table(p, ".jsonl"),
    "add_token_counts": _frame,
}


@pytest.mark.parametrize("kind", sorted(READERS))
def test_every_reader_fills_missing_counts_the_same_way(kind, tmp_path):
    """Same counts, same token_source, the same one sanity warning, whatever read the answers."""
    out, messages = _sanity_messages(READERS[kind](tmp_path))
    assert out["output_tokens"].tolist() == count_tokens(TEXTS).tolist()
    assert out["token_source"].tolist() == ["counted:cl100k_base"] * 2
    assert messages == ["model=m: usage is missing for 2 of 2 answers"]


def test_provider_responses_without_usage_warn_the_same_and_stay_missing(tmp_path):
    payload = {"object": "chat.completion", "model": "m", "choices": [{"message": {"content": TEXTS[0]}}]}
    path = tmp_path / "p.jsonl"
    path.write_text("".join(json.dumps({"item_id": str(i), "correct": True, "benchmark": "b", "response": payload}) + "\n"
                            for i in range(2)))
    out, messages = _sanity_messages(analysis.read_provider_responses, path)
    assert out["output_tokens"].isna().all() and out["token_source"].isna().all()
    assert messages == ["model=m: usage is missing for 2 of 2 answers"]


def test_cli_counts_what_a_reader_left_missing_with_the_same_policy(tmp_path, capsys):
    from analysis.cli import main

    rows = pd.DataFrame({"model": "m", "benchmark": "b", "item_id": ["1", "2"], "correct": 1.0, "text": TEXTS})
    rows.to_csv(tmp_path / "r.csv", index=False)
    _, messages = _sanity_messages(main, ["summarize", str(tmp_path / "r.csv"), "--n-boot", "10",
                                          "--out", str(tmp_path / "p.csv")])
    assert messages == ["model=m: usage is missing for 2 of 2 answers"]  # once: the reader's check
    points = pd.read_csv(tmp_path / "p.csv")
    assert points["mean_tokens"].tolist() == [float(np.mean(count_tokens(TEXTS)))]
    assert "counting tokens of 2 answers" in capsys.readouterr().err
