"""analysis.readers.files: the one JSON-lines reader and the format tests, and that every reader
and read_any go through them (same messages, same line numbers)."""

from __future__ import annotations

import gzip
import json
import lzma
import zipfile

import pytest

import analysis
from analysis import DataError
from analysis.readers.files import count_lines, is_eval_zip, json_lines, load_json_file, table_kind


def test_json_lines_numbers_physical_lines_and_reads_compressed(tmp_path):
    body = b'{"a": 1}\n\n   \n{"a": 2}\n'
    plain, gz, xz = tmp_path / "r.jsonl", tmp_path / "r.jsonl.gz", tmp_path / "r.jsonl.xz"
    plain.write_bytes(body)
    gz.write_bytes(gzip.compress(body))
    xz.write_bytes(lzma.compress(body))
    for path in (plain, gz, xz):
        assert list(json_lines(path)) == [(1, {"a": 1}), (4, {"a": 2})]
        assert count_lines(path) == 4


@pytest.mark.parametrize("body, message", [
    (b'{"a": 1}\n{"a": \n', r"r.jsonl: line 2: not valid JSON: .* at column 7"),
    (b'{"a": 1}\n[1, 2]\n', r"r.jsonl: line 2: expected a JSON object, got list"),
    (b'{"a": 1}\n{"a": "\xff"}\n', r"r.jsonl: line 2: bytes that are not UTF-8 at column 8"),
])
def test_json_lines_errors_name_file_line_and_column(tmp_path, body, message):
    path = tmp_path / "r.jsonl"
    path.write_bytes(body)
    with pytest.raises(DataError, match=message):
        list(json_lines(path))


def test_objects_false_accepts_any_json_value(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text("[1, 2]\n3\n")
    assert list(json_lines(path, objects=False)) == [(1, [1, 2]), (2, 3)]


@pytest.mark.parametrize("name, kind", [
    ("a.csv", "csv"), ("a.TSV", "csv"), ("a.csv.gz", "csv"), ("a.jsonl", "jsonl"), ("a.ndjson.gz", "jsonl"),
    ("a.parquet", "parquet"), ("a.pq", "parquet"), ("a.json", None), ("a.txt", None), ("a", None),
])
def test_table_kind(tmp_path, name, kind):
    assert table_kind(tmp_path / name) == kind


def test_eval_zip_by_bytes_or_name_and_whole_json_errors(tmp_path):
    zipped = tmp_path / "log.bin"
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("header.json", "{}")
    named = tmp_path / "log.eval"
    named.write_text("not a zip")
    other = tmp_path / "log.json"
    other.write_text('{"a":\n  ')
    assert is_eval_zip(zipped) and is_eval_zip(named) and not is_eval_zip(other)
    with pytest.raises(DataError, match=r"log.json: line 2: not valid JSON"):
        load_json_file(other)


def test_every_jsonl_reader_says_the_same_for_the_same_bad_line(tmp_path):
    """read_responses, the lm-eval and provider readers and read_any share one reader: one message."""
    path = tmp_path / "samples_t_2025-01-01T00-00-00.jsonl"
    path.write_text('{"doc_id": 0, "resps": [["x"]], "acc": 1}\n\n{"doc_id": 1,\n')
    expected = r"line 3: not valid JSON: Expecting property name enclosed in double quotes at column 14"
    for read in (analysis.read_responses, analysis.read_lm_eval_samples, analysis.read_any):
        with pytest.raises(DataError, match=expected):
            read(path)
    path.write_text('\n\n{"doc_id": 1,\n')  # the provider reader stops at its first bad record
    with pytest.raises(DataError, match=expected):
        analysis.read_provider_responses(path)


def test_format_sniffing_and_the_inspect_reader_agree_on_json_logs(tmp_path):
    bad = tmp_path / "log.json"
    bad.write_text('{"version": 2,')
    for call in (analysis.detect_format, analysis.read_inspect_log):
        with pytest.raises(DataError, match=r"log.json: line 1: not valid JSON"):
            call(bad)
    good = tmp_path / "ok.json"
    good.write_text(json.dumps({"version": 2, "eval": {"model": "m"}}))
    assert analysis.detect_format(good) == "inspect"


def test_a_gzip_bomb_fails_fast_in_little_memory(tmp_path):
    """1 MB of gzip that would inflate to 1 GB: stopped by the ratio limit after a few MB."""
    import tracemalloc

    from analysis.readers.files import MAX_DECOMPRESSION_RATIO, RATIO_FREE_BYTES

    member = gzip.compress(b"0" * (1 << 20), 9)  # ~1 KB each; gzip members may be concatenated
    bomb = tmp_path / "bomb.jsonl.gz"
    bomb.write_bytes(member * ((1 << 20) // len(member)))
    assert bomb.stat().st_size <= 1 << 20
    tracemalloc.start()
    try:
        with pytest.raises(DataError, match=rf"bomb.jsonl.gz: decompresses to more than {MAX_DECOMPRESSION_RATIO} times"):
            analysis.read_responses(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < RATIO_FREE_BYTES + (32 << 20), peak


@pytest.mark.parametrize("data, words", [
    (gzip.compress(b'{"a": 1}\n' * 100)[:-20], "cannot decompress (gz)"),
    (gzip.compress(b'{"a": 1}\n')[:10] + b"\xff" * 50, "cannot decompress (gz)"),
    (b'{"a": 1}\n', "cannot decompress (gz)"),
])
def test_corrupt_gzip_is_a_data_error(tmp_path, data, words):
    path = tmp_path / "r.jsonl.gz"
    path.write_bytes(data)
    with pytest.raises(DataError) as info:
        list(json_lines(path))
    assert words in str(info.value) and str(path) in str(info.value)


def test_only_regular_files(tmp_path):
    import os

    from analysis.readers.files import regular_file

    with pytest.raises(DataError, match="empty path"):
        regular_file("")
    with pytest.raises(DataError, match=r"not a regular file \(a folder\)"):
        regular_file(tmp_path)
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(DataError, match=r"not a regular file \(a FIFO"):
        regular_file(tmp_path / "pipe")
    with pytest.raises(DataError, match=r"not a regular file \(a device\)"):
        regular_file("/dev/zero")
    with pytest.raises(FileNotFoundError):
        regular_file(tmp_path / "nope")


def test_bom_is_dropped_in_every_format_and_bad_bytes_name_the_line(tmp_path):
    from analysis.readers.files import decode

    assert decode(b"\xef\xbb\xbfab", "f") == "ab"
    assert decode(b"\xef\xbb\xbfab", "f", start=False) == "\ufeffab"
    with pytest.raises(DataError, match=r"f: member 'x', line 2: bytes that are not UTF-8 at column 3"):
        decode(b"ok\nab\xff", "f", where="member 'x'")
    with pytest.raises(DataError, match="UTF-16"):
        decode("ab".encode("utf-16"), "f")
