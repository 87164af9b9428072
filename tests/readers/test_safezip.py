"""Streaming zip members (agent transcripts of hundreds of MiB) and what is still refused: path
escapes (tests/readers/test_inspect.py), unknown methods, CRC mismatches, zip-bomb ratios; and
the streaming JSON field scanner against json.loads."""

from __future__ import annotations

import json
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from analysis import DataError, count_tokens, read_inspect_log
from analysis.readers.jsonscan import top_level_fields
from analysis.readers.safezip import SafeZip

FIX = Path(__file__).parents[1] / "fixtures" / "inspect"
ARITH = FIX / "mockllm_arith.eval"


def _central_entry(data: bytearray, member: str) -> int:
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46: pos + 46 + name_len]).decode() == member:
            return pos
        pos = data.find(b"PK\x01\x02", pos + 4)
    raise AssertionError(member)


def test_member_over_300_mib_is_streamed_not_refused(tmp_path):
    """A genuine log whose q1 epoch 1 transcript is re-written (HAND-MADE here) as a 310 MiB member
    (a long agent run: 310 events of 1 MiB each, after the output) and whose summary lacks the
    model's usage, so the reader must open the transcript to count the completion."""
    out = tmp_path / "agent.eval"
    completion = "I ran the tools and the answer is 4"
    piece = b'"' + b"tool output line; " * (2**20 // 18) + b'"'
    with SafeZip(ARITH) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "summaries.json":
                summaries = json.loads(data)
                for s in summaries:
                    if (s["id"], s["epoch"]) == ("q1", 1):
                        s["model_usage"] = {}
                data = json.dumps(summaries).encode()
            if name == "samples/q1_epoch_1.json":
                sample = json.loads(data)
                sample["output"]["completion"] = completion
                sample["output"]["choices"][0]["stop_reason"] = "max_tokens"
                head = {k: sample[k] for k in ("id", "epoch", "input", "target", "messages", "output")}
                info = zipfile.ZipInfo(name)
                info.compress_type = zipfile.ZIP_STORED  # ratio 1: a genuine size, not a bomb
                with dst.open(info, "w", force_zip64=True) as w:
                    w.write(json.dumps(head).encode()[:-1] + b', "events": [')
                    for i in range(310):
                        w.write((b", " if i else b"") + piece)
                    w.write(b'], "model_usage": {}}')
                continue
            dst.writestr(name, data)
    with zipfile.ZipFile(out) as z:
        assert z.getinfo("samples/q1_epoch_1.json").file_size > 300 * 2**20
    tracemalloc.start()
    t0 = time.perf_counter()
    df = read_inspect_log(out, stop_reasons=True)
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    row = df[(df["item_id"] == "q1") & (df["sample"] == 1)].iloc[0]
    assert row["output_tokens"] == count_tokens([completion])[0]
    assert row["token_source"] == "counted:cl100k_base"
    assert row["stop_reason"] == "max_tokens" and bool(row["truncated"])
    assert len(df) == 6
    assert peak < 64 * 2**20, f"peak Python allocation {peak / 2**20:.0f} MiB: the member was not streamed"
    assert seconds < 25  # a guard against a quadratic scan, not a benchmark


def test_crc_mismatch_is_refused(tmp_path):
    data = bytearray(ARITH.read_bytes())  # zstd members: the CRC is ours to check
    pos = _central_entry(data, "samples/q2_epoch_1.json")
    struct.pack_into("<I", data, pos + 16, struct.unpack_from("<I", data, pos + 16)[0] ^ 1)
    bad = tmp_path / "crc.eval"
    bad.write_bytes(bytes(data))
    with pytest.raises(DataError, match=r"crc\.eval: member 'samples/q2_epoch_1\.json'.*CRC-32 mismatch"):
        read_inspect_log(bad, keep_text=True)
    stored = tmp_path / "stored.zip"  # a stored member with one byte changed: zipfile's own CRC check
    with zipfile.ZipFile(stored, "w") as z:
        z.writestr("a.json", b'{"x": 1}')
    raw = bytearray(stored.read_bytes())
    raw[raw.find(b'{"x": 1}') + 6] = ord("2")
    stored.write_bytes(bytes(raw))
    with SafeZip(stored) as z, pytest.raises(DataError, match=r"member 'a\.json'.*CRC-32 mismatch"):
        z.read("a.json")


def test_unknown_compression_method_is_refused(tmp_path):
    data = bytearray(ARITH.read_bytes())
    struct.pack_into("<H", data, _central_entry(data, "header.json") + 10, 99)
    bad = tmp_path / "method.eval"
    bad.write_bytes(bytes(data))
    with pytest.raises(DataError, match=r"method\.eval: member 'header\.json'.*unsupported zip compression method 99"):
        read_inspect_log(bad)


def test_zip_bomb_ratio_is_refused_before_reading(tmp_path):
    bomb = tmp_path / "bomb.eval"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("header.json", ARITH.read_bytes()[:0] + b"{}")
        z.writestr("samples/q1_epoch_1.json", b"\0" * (64 * 2**20))  # deflate: ~1,030:1
    with pytest.raises(DataError, match=r"bomb\.eval: member 'samples/q1_epoch_1\.json'.*only a zip bomb"):
        read_inspect_log(bomb)
    with SafeZip(bomb, max_ratio=10_000) as z:  # the limit is a parameter of the archive reader
        assert z.size("samples/q1_epoch_1.json") == 64 * 2**20


# ----------------------------------------------------------------------------- jsonscan

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=8) | st.sampled_from(['a"b', "x\\y", "{[,:]}"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(obj=st.dictionaries(st.text(max_size=6), _json, max_size=6), piece=st.integers(1, 40),
       indent=st.sampled_from([None, 1]), data=st.data())
def test_top_level_fields_equals_json_loads(obj, piece, indent, data):
    raw = json.dumps(obj, indent=indent, ensure_ascii=data.draw(st.booleans())).encode()
    pieces = [raw[i:i + piece] for i in range(0, len(raw), piece)]
    wanted = set(data.draw(st.lists(st.sampled_from(sorted(obj) + ["absent"]), max_size=3))) if obj else {"absent"}
    assert top_level_fields(pieces, wanted) == {k: obj[k] for k in wanted if k in obj}


@pytest.mark.parametrize("raw, why", [(b'{"a": 1', "ends early"), (b'[1, 2]', "does not start"),
                                      (b'{"a": 1} x', "unexpected"), (b'{"a" 1}', "unexpected")])
def test_top_level_fields_malformed(raw, why):
    with pytest.raises(DataError, match=f"big.json: member 'x'.*{why}"):
        top_level_fields([raw], {"zzz"}, source="big.json", where="member 'x'")
