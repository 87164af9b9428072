"""read_inspect_log on genuine Inspect AI logs (tests/fixtures/make_inspect_logs.py, inspect-ai
version in tests/fixtures/inspect/VERSION) and on copies edited here, each edit said where made."""

from __future__ import annotations

import json
import struct
import warnings
import zipfile
from pathlib import Path

import pytest

from analysis import DataError, TokenSanityWarning, count_tokens, read_inspect_log

FIX = Path(__file__).parents[1] / "fixtures" / "inspect"
EVAL, JSON, ZERO = FIX / "mockllm_arith.eval", FIX / "mockllm_arith.json", FIX / "mockllm_zero_usage.eval"

# Known from make_inspect_logs.py: the mock model's answers, epoch by epoch, and match() on them.
ANSWERS = {(1, "q1"): "The answer is 4", (1, "q2"): "I think it is 6", (1, "q3"): "3",
           (2, "q1"): "4", (2, "q2"): "8", (2, "q3"): "It is 4"}
CORRECT = {(1, "q1"): 1.0, (1, "q2"): 0.0, (1, "q3"): 1.0, (2, "q1"): 1.0, (2, "q2"): 0.0, (2, "q3"): 0.0}


def _by_key(df, column):
    return {(int(s), i): v for s, i, v in zip(df["sample"], df["item_id"], df[column])}


@pytest.mark.parametrize("path", [EVAL, JSON])
def test_genuine_log_rows_scores_and_tokens(path):
    with warnings.catch_warnings():
        warnings.simplefilter("error", TokenSanityWarning)
        df = read_inspect_log(path)
    assert len(df) == 6
    assert set(df["model"]) == {"mockllm/model"} and set(df["benchmark"]) == {"arith"}
    assert set(df["setting"]) == {"default"}
    assert _by_key(df, "correct") == CORRECT
    # mockllm reports len(completion) in characters as output_tokens (mockllm.py, _ensure_default_usage)
    assert _by_key(df, "output_tokens") == {k: len(v) for k, v in ANSWERS.items()}
    assert set(df["token_source"]) == {"reported"}
    assert df["reasoning_tokens"].isna().all()


def test_eval_members_are_zstd_and_deflate_copy_reads_the_same(tmp_path):
    with zipfile.ZipFile(EVAL) as z:
        assert {i.compress_type for i in z.infolist()} == {93}  # Zstandard, written by inspect-ai itself
    from analysis.readers.safezip import SafeZip

    deflated = tmp_path / "deflate.eval"
    with SafeZip(EVAL) as src, zipfile.ZipFile(deflated, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name))
    a, b = read_inspect_log(EVAL), read_inspect_log(deflated)
    assert a.drop(columns=["latency_s", "log"]).equals(b.drop(columns=["latency_s", "log"]))


def test_zero_usage_log_warns_with_count():
    with pytest.warns(TokenSanityWarning, match=r"usage is all zero for 6 of 6 answers"):
        df = read_inspect_log(ZERO)
    assert (df["output_tokens"] == 0).all()


def _edited_json(tmp_path, edit) -> Path:
    data = json.loads(JSON.read_text())
    edit(data)
    out = tmp_path / "edited.json"
    out.write_text(json.dumps(data))
    return out


def test_hand_edited_grader_usage_is_ignored_and_reasoning_read(tmp_path):
    # HAND-EDITED copy: a grader model's usage beside the evaluated model's, and reasoning tokens.
    def edit(d):
        for s in d["samples"]:
            s["model_usage"]["openai/grader-model"] = {"input_tokens": 999, "output_tokens": 5000, "total_tokens": 5999}
            s["model_usage"]["mockllm/model"]["reasoning_tokens"] = 1
            s["model_usage"]["mockllm/model"]["input_tokens_cache_read"] = 100
            s["model_usage"]["mockllm/model"]["total_cost"] = 0.25

    df = read_inspect_log(_edited_json(tmp_path, edit))
    assert _by_key(df, "output_tokens") == {k: len(v) for k, v in ANSWERS.items()}
    assert (df["reasoning_tokens"] == 1).all()
    assert (df["input_tokens"] == 14 + 100).all()
    assert (df["cost_usd"] == 0.25).all()


def test_scorer_by_name_and_score_values(tmp_path):
    # HAND-EDITED copy: includes() values replaced by every kind of value Inspect allows.
    values = ["P", True, "0.25", 1, "no", "N"]

    def edit(d):
        for s, v in zip(d["samples"], values):
            s["scores"]["includes"]["value"] = v

    path = _edited_json(tmp_path, edit)
    df = read_inspect_log(path, scorer="includes")
    assert df["correct"].tolist() == [0.5, 1.0, 0.25, 1.0, 0.0, 0.0]
    assert read_inspect_log(path)["correct"].tolist() == [CORRECT[k] for k in sorted(CORRECT)]  # default: first scorer, match
    with pytest.raises(DataError, match="no scorer named 'nope'"):
        read_inspect_log(path, scorer="nope")


def test_dict_score_value_is_a_clear_error(tmp_path):
    path = _edited_json(tmp_path, lambda d: d["samples"][2]["scores"]["match"].update(value={"a": 1}))
    with pytest.raises(DataError, match=r"edited\.json: sample 'q3' epoch 1: field 'scores\.match\.value'"):
        read_inspect_log(path)


def test_missing_model_usage_is_counted_from_text_with_warning(tmp_path):
    # HAND-EDITED copy: only a grader's usage; the evaluated model's tokens must not be taken from it.
    def edit(d):
        for s in d["samples"]:
            s["model_usage"] = {"openai/grader-model": {"input_tokens": 9, "output_tokens": 5000, "total_tokens": 5009}}

    with pytest.warns(TokenSanityWarning, match="usage is missing for 6 of 6"):
        df = read_inspect_log(_edited_json(tmp_path, edit))
    expected = dict(zip(ANSWERS, count_tokens(list(ANSWERS.values()))))
    assert _by_key(df, "output_tokens") == expected
    assert set(df["token_source"]) == {"counted:cl100k_base"}


def test_setting_from_generate_config_and_progress(tmp_path):
    path = _edited_json(tmp_path, lambda d: d["eval"]["model_generate_config"].update(reasoning_effort="high"))
    calls = []
    df = read_inspect_log(path, progress=lambda done, total: calls.append((done, total)))
    assert set(df["setting"]) == {"reasoning_effort=high"}
    assert calls == [(i, 6) for i in range(1, 7)]


def test_evallog_like_object_is_accepted():
    class FakeEvalLog:  # duck-typed like inspect_ai.log.EvalLog (pydantic model_dump)
        location = "memory"

        def __init__(self, data):
            self._data = data
            self.eval, self.samples = data["eval"], data["samples"]

        def model_dump(self, **kwargs):
            return self._data

    df = read_inspect_log(FakeEvalLog(json.loads(JSON.read_text())))
    assert _by_key(df, "correct") == CORRECT


# ----------------------------------------------------------------------------- bad input


def test_truncated_zip(tmp_path):
    bad = tmp_path / "truncated.eval"
    bad.write_bytes(EVAL.read_bytes()[: EVAL.stat().st_size // 2])
    with pytest.raises(DataError, match=r"truncated\.eval.*truncated or corrupt"):
        read_inspect_log(bad)


def test_unknown_version_json_and_eval(tmp_path):
    path = _edited_json(tmp_path, lambda d: d.update(version=99))
    with pytest.raises(DataError, match="unknown Inspect log version 99"):
        read_inspect_log(path)
    from analysis.readers.safezip import SafeZip

    out = tmp_path / "v99.eval"
    with SafeZip(EVAL) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "header.json":
                data = json.dumps({**json.loads(data), "version": 99}).encode()
            dst.writestr(name, data)
    with pytest.raises(DataError, match=r"v99\.eval.*field 'version'"):
        read_inspect_log(out)


@pytest.mark.parametrize("member", ["../evil.json", "/etc/evil.json", "samples/../../x.json", "C:/x.json"])
def test_member_path_leaving_the_archive_is_rejected(tmp_path, member):
    out = tmp_path / "escape.eval"
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("header.json", JSON.read_text())
        z.writestr(member, "{}")
    with pytest.raises(DataError, match=r"escape\.eval: member .*leaves the archive"):
        read_inspect_log(out)


def _patch_declared_size(data: bytes, member: str, size: int) -> bytes:
    """Set a member's uncompressed size in the zip's central directory (APPNOTE 4.3.12, offset 24)."""
    buf = bytearray(data)
    pos = buf.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", buf, pos + 28)[0]
        if bytes(buf[pos + 46 : pos + 46 + name_len]).decode() == member:
            struct.pack_into("<I", buf, pos + 24, size)
            return bytes(buf)
        pos = buf.find(b"PK\x01\x02", pos + 4)
    raise AssertionError(member)


def test_enormous_declared_size_is_rejected_before_reading(tmp_path):
    out = tmp_path / "huge.eval"
    out.write_bytes(_patch_declared_size(EVAL.read_bytes(), "samples/q2_epoch_1.json", 0xFFFFFFF0))
    # declared 4 GiB from ~1 KB compressed: a ratio only a zip bomb has (no size limit by default)
    with pytest.raises(DataError, match=r"huge\.eval: member 'samples/q2_epoch_1\.json'.*compression ratio .* only a zip bomb"):
        read_inspect_log(out)
    with pytest.raises(DataError, match="exceeds the limit of 100 bytes"):
        read_inspect_log(EVAL, max_member_bytes=100)


def test_member_larger_than_declared_is_stopped(tmp_path):
    out = tmp_path / "liar.eval"
    out.write_bytes(_patch_declared_size(EVAL.read_bytes(), "header.json", 10))
    with pytest.raises(DataError, match=r"liar\.eval: member 'header\.json'.*beyond its declared size"):
        read_inspect_log(out)


def test_not_json(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": 2, "eval": ')
    with pytest.raises(DataError, match=r"bad\.json: line 1: not valid JSON"):
        read_inspect_log(bad)
