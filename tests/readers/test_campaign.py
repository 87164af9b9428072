"""read_many / read_any over many files: genuine Inspect logs written by inspect-ai's own eval()
and eval_retry() (tests/fixtures/make_campaign_logs.py; version in
tests/fixtures/inspect/campaign/VERSION), hand-written lm-eval files (tests/fixtures/lm_eval/README.md),
and copies edited here, each edit said where made."""

from __future__ import annotations

import json
import shutil
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from analysis import DataError, TokenSanityWarning, count_tokens, read_any, read_inspect_log, read_lm_eval_samples, read_many
from analysis.errors import NoGenerations, SkippedFilesWarning
from analysis.readers.safezip import SafeZip

FIX = Path(__file__).parents[1] / "fixtures"
CAMPAIGN = FIX / "inspect" / "campaign"
ARITH = FIX / "inspect" / "mockllm_arith.eval"
LM = FIX / "lm_eval"
DEFAULT = "Default output from mockllm/model"  # what eval_retry's rebuilt mockllm answers


def _key(df, column):
    return {(i, int(s)): v for i, s, v in zip(df["item_id"], df["sample"], df[column])}


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TokenSanityWarning)
        return fn(*args, **kwargs)


# ----------------------------------------------------------------------------- eval-retry


def test_original_alone_names_its_failed_samples():
    clean, rejected = read_inspect_log(CAMPAIGN / "retry" / "original.eval", on_error="report")
    assert _key(clean, "correct") == {("q1", 1): 1.0}
    assert rejected["location"].tolist() == ["sample 'q2' epoch 1", "sample 'q3' epoch 1"]
    assert "simulated provider failure on q2" in rejected["error"].iloc[0]


def test_retry_pair_merges_per_sample_and_epoch_latest_wins():
    df = read_many(CAMPAIGN / "retry", keep_text=True)
    assert sorted(_key(df, "text")) == [(f"q{i}", e) for i in (1, 2, 3) for e in (1, 2)]
    text = _key(df, "text")
    assert text[("q1", 1)] == "2"  # completed in the original, copied into the retry log
    assert text[("q2", 1)] == DEFAULT and text[("q2", 2)] == DEFAULT
    assert _key(df, "attempts") == {("q1", 1): 2, ("q2", 1): 2, ("q3", 1): 2, ("q1", 2): 1, ("q2", 2): 1, ("q3", 2): 1}
    assert set(df["log"]) == {str(CAMPAIGN / "retry" / "retry.eval")}
    assert _key(df, "correct")[("q1", 1)] == 1.0 and _key(df, "correct")[("q2", 1)] == 0.0


def test_retry_first_keeps_the_original_attempt_and_error_keeps_both():
    clean, rejected = read_many(CAMPAIGN / "retry", retries="first", on_error="report")
    assert set(rejected["item_id"]) == {"q2", "q3"} and set(rejected["sample"]) == {1}  # the failed originals
    assert set(clean["log"][clean["sample"] == 1]) == {str(CAMPAIGN / "retry" / "original.eval")}
    with pytest.raises(DataError, match=r"retry\.eval: sample 'q1' epoch 1: field .*duplicate record"):
        read_many([CAMPAIGN / "retry" / "original.eval", CAMPAIGN / "retry" / "retry.eval"], retries="error")
    with pytest.raises(ValueError, match="retries must be one of"):
        read_many(CAMPAIGN / "retry", retries="newest")


def test_retry_latest_is_by_creation_time_not_argument_order():
    a = read_many([CAMPAIGN / "retry" / "retry.eval", CAMPAIGN / "retry" / "original.eval"], keep_text=True)
    assert _key(a, "text")[("q2", 1)] == DEFAULT


# ----------------------------------------------------------------------------- roles, versions


def test_grader_role_usage_in_its_own_columns_never_in_the_model_s():
    df = read_inspect_log(CAMPAIGN / "grader.eval")
    # make_campaign_logs.py: evaluated answers used (10 in, 100 out) and (10, 200); the grader,
    # the same mockllm/model, (30, 1) and (30, 2). Inspect's model_usage holds the sums.
    assert _key(df, "output_tokens") == {("g1", 1): 100, ("g2", 1): 200}
    assert _key(df, "input_tokens") == {("g1", 1): 10, ("g2", 1): 10}
    assert _key(df, "role_grader_output_tokens") == {("g1", 1): 1, ("g2", 1): 2}
    assert (df["role_grader_input_tokens"] == 30).all()
    assert str(df["role_grader_output_tokens"].dtype) == "Int64"
    assert _key(df, "correct") == {("g1", 1): 1.0, ("g2", 1): 0.0}


def test_inspect_version_column_from_the_header():
    version = (CAMPAIGN / "VERSION").read_text().split()[1]
    df = read_many([CAMPAIGN / "grader.eval", CAMPAIGN / "stops.eval"])
    assert set(df["inspect_version"]) == {version}


# ----------------------------------------------------------------------------- stop reasons


def test_stop_reasons_from_transcripts_and_truncation():
    df = read_inspect_log(CAMPAIGN / "stops.eval", stop_reasons=True)
    assert _key(df, "stop_reason") == {("s1", 1): "stop", ("s2", 1): "max_tokens", ("s3", 1): "model_length"}
    assert _key(df, "truncated") == {("s1", 1): False, ("s2", 1): True, ("s3", 1): True}
    assert set(df["setting"]) == {"max_tokens=50"} and (df["max_tokens"] == 50).all()


def test_without_transcripts_truncation_comes_from_the_cap_only():
    df = read_inspect_log(CAMPAIGN / "stops.eval")  # summaries only: no stop_reason column
    assert "stop_reason" not in df.columns
    assert _key(df, "truncated") == {("s1", 1): False, ("s2", 1): True, ("s3", 1): False}


def test_summarize_reports_truncation_of_a_campaign():
    from analysis import summarize
    from analysis.errors import TruncationWarning

    df = read_many([CAMPAIGN / "stops.eval", ARITH], stop_reasons=True)
    with pytest.warns(TruncationWarning, match=r"stops"):
        points = summarize(df)
    rate = dict(zip(points["benchmark"], points["truncation_rate"]))
    assert rate["stops"] == pytest.approx(2 / 3) and rate["arith"] == 0


def test_summaries_path_equals_full_transcript_path():
    fast = read_inspect_log(ARITH)
    full = read_inspect_log(ARITH, keep_text=True, stop_reasons=True)
    cols = ["item_id", "sample", "correct", "output_tokens", "input_tokens", "token_source"]
    assert fast[cols].equals(full[cols])
    assert set(full["stop_reason"]) == {"stop"}


# ----------------------------------------------------------------------------- many files


def test_read_many_equals_the_files_read_one_by_one(tmp_path):
    files = [CAMPAIGN / "grader.eval", CAMPAIGN / "stops.eval", ARITH]
    together = read_many(files)
    apart = pd.concat([read_inspect_log(f) for f in files], ignore_index=True)
    cols = ["model", "benchmark", "item_id", "sample", "correct", "output_tokens", "input_tokens", "log"]
    assert together[cols].equals(apart[cols])
    assert read_any(files)[cols].equals(together[cols])  # read_any of a list
    shutil.copytree(CAMPAIGN, tmp_path / "c")
    folder = read_any(tmp_path / "c", retries="latest")  # read_any of a folder
    assert len(folder) == 6 + 2 + 3


def test_progress_counts_files_and_unknown_option_is_a_value_error():
    calls = []
    read_many([CAMPAIGN / "grader.eval", CAMPAIGN / "stops.eval"], progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 2), (2, 2)]
    with pytest.raises(ValueError, match=r"no reader takes the option\(s\) \['colour'\]"):
        read_many(CAMPAIGN / "stops.eval", colour="red")


def test_same_sample_in_two_unrelated_files_is_named(tmp_path):
    shutil.copy(ARITH, tmp_path / "a.eval")
    shutil.copy(ARITH, tmp_path / "b.eval")  # the same task run twice (same task_id): merged as retries
    assert len(read_many(tmp_path)) == 6
    with pytest.raises(DataError, match=r"b\.eval: sample 'q1' epoch 1: field 'model/setting/benchmark/item_id/sample': duplicate"):
        read_many(tmp_path, retries="error")


def test_validation_runs_once_across_files_and_names_file_sample_and_field(tmp_path):
    # HAND-EDITED copy of the grader log: a negative output count in one summary
    bad = tmp_path / "bad.eval"
    with SafeZip(CAMPAIGN / "grader.eval") as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "summaries.json":
                summaries = json.loads(data)
                summaries[1]["model_usage"]["mockllm/model"]["output_tokens"] = -5
                data = json.dumps(summaries).encode()
            dst.writestr(name, data)
    with pytest.raises(DataError, match=r"bad\.eval: sample 'g2' epoch 1: field 'output_tokens': negative"):
        read_many([CAMPAIGN / "stops.eval", bad])
    clean, rejected = read_many([CAMPAIGN / "stops.eval", bad], on_error="report")
    assert len(clean) == 4 and rejected["location"].tolist() == [f"{bad}: sample 'g2' epoch 1"]


def test_malformed_usage_names_file_sample_and_field(tmp_path):
    bad = tmp_path / "text.eval"
    with SafeZip(CAMPAIGN / "stops.eval") as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "summaries.json":  # HAND-EDITED: a count given as text
                summaries = json.loads(data)
                summaries[2]["model_usage"]["mockllm/model"]["input_tokens"] = "five"
                data = json.dumps(summaries).encode()
            dst.writestr(name, data)
    with pytest.raises(DataError, match=r"text\.eval: sample 's3' epoch 1: field 'model_usage\.mockllm/model\.input_tokens': not a number"):
        read_many([bad])


# ----------------------------------------------------------------------------- lm-eval


THINK = LM / "think-model" / "samples_gsm8k_2025-02-01T00-00-00.000000.jsonl"
CAP = LM / "cap-model" / "samples_gsm8k_2025-03-01T00-00-00.000000.jsonl"
MC = LM / "mc-model" / "samples_mmlu_abstract_algebra_2025-01-01T00-00-00.000000.jsonl"


def test_stripped_thinking_is_counted_visible_with_one_warning():
    with pytest.warns(TokenSanityWarning, match=r"2 of 2 answers were counted from visible text .*counted-visible:cl100k_base"):
        df = read_lm_eval_samples(THINK)
    assert set(df["token_source"]) == {"counted-visible:cl100k_base"}
    assert df["output_tokens"].tolist() == count_tokens(["The answer is 42.", "The answer is 6."]).tolist()
    assert "truncated" not in df.columns  # a visible-only count says nothing about the cap (2,048)
    plain = _quiet(read_lm_eval_samples, THINK, thinking_stripped=False)
    assert set(plain["token_source"]) == {"counted:cl100k_base"}


def test_think_end_token_in_generation_arguments_is_detected(tmp_path):
    # HAND-EDITED copy of the cap-model file: think_end_token passed with the generation arguments
    lines = [json.loads(x) for x in CAP.read_text().splitlines()]
    for rec in lines:
        rec["arguments"]["gen_args_0"]["arg_1"]["think_end_token"] = "</think>"
    path = tmp_path / CAP.name
    path.write_text("".join(json.dumps(r) + "\n" for r in lines))
    df = _quiet(read_lm_eval_samples, path)
    assert set(df["token_source"]) == {"counted-visible:cl100k_base"}


def test_max_gen_toks_marks_truncation():
    df = _quiet(read_lm_eval_samples, CAP)
    assert df["max_tokens"].tolist() == [16, 16]
    assert df["output_tokens"].tolist() == [14, 15]
    assert df["truncated"].tolist() == [False, True]


def test_loglikelihood_alone_is_a_clear_error_and_skipped_by_name_in_a_folder(tmp_path):
    with pytest.raises(NoGenerations, match=r"mmlu_abstract_algebra.*line 1: field 'resps'.*loglikelihood"):
        read_lm_eval_samples(MC)
    with pytest.raises(DataError, match="loglikelihood"):
        read_any(MC)
    shutil.copytree(LM, tmp_path / "lm")
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        df = read_any(tmp_path / "lm")
    skipped = [w for w in seen if issubclass(w.category, SkippedFilesWarning)]
    assert len(skipped) == 1 and "mc-model/samples_mmlu_abstract_algebra" in str(skipped[0].message)
    assert "skipped 1 of 4 files" in str(skipped[0].message)
    assert sorted(set(df["model"])) == ["cap-model", "demo-model", "think-model"]
    only_mc = tmp_path / "mc"
    shutil.copytree(LM / "mc-model", only_mc)
    with pytest.warns(SkippedFilesWarning), pytest.raises(DataError, match="loglikelihood"):
        read_many(only_mc)


def test_mixed_formats_in_one_call():
    df = _quiet(read_many, [CAMPAIGN / "stops.eval", CAP])
    assert set(df["model"]) == {"mockllm/model", "cap-model"}
    assert set(df["token_source"]) == {"reported", "counted:cl100k_base"}
