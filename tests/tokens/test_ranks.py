"""The fast encoding load: merge ranks from a derived file, trusted only when it hashes right."""

import base64
import hashlib
import json
import marshal
import os
import subprocess
import sys

import pytest
import tiktoken_ext.openai_public as public

from analysis.tokens import ranks
from analysis.tokens.encodings import KNOWN_FILES, ensure_encoding_file

SAMPLE = ["Let me think step by step. 17 * 23 = 391, so the answer is 391.", "héllo wörld 🤔 <|endoftext|>"]


def official_ranks(path) -> tuple[list[bytes], list[int]]:
    """An independent parse of tiktoken's file format: one 'base64(token) rank' per line."""
    tokens, rank_list = [], []
    for line in path.read_bytes().splitlines():
        if line:
            token, rank = line.split()
            tokens.append(base64.b64decode(token))
            rank_list.append(int(rank))
    order = sorted(range(len(rank_list)), key=rank_list.__getitem__)
    return [tokens[i] for i in order], [rank_list[i] for i in order]


@pytest.fixture
def tiktoken_dir(tmp_path, monkeypatch):
    d = tmp_path / "tiktoken"
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(d))
    return d


def test_the_digest_is_that_of_the_official_file(tiktoken_dir):
    path = ensure_encoding_file("cl100k_base")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == KNOWN_FILES["cl100k_base"][1]
    tokens, rank_list = official_ranks(path)
    assert len(tokens) == 100_256
    assert ranks.canonical_sha256(tokens, rank_list) == ranks.DERIVED_SHA256["cl100k_base"]


def test_canonical_digest_sees_every_part():
    base = ranks.canonical_sha256([b"a", b"bc"], [0, 1])
    assert ranks.canonical_sha256([b"ab", b"c"], [0, 1]) != base  # same bytes, other split
    assert ranks.canonical_sha256([b"a", b"bc"], [0, 2]) != base
    assert ranks.canonical_sha256([b"bc", b"a"], [0, 1]) != base


def write(path, obj) -> None:
    path.write_bytes(marshal.dumps(obj))


def test_derived_file_round_trip_and_every_bad_file_is_refused(tiktoken_dir):
    path = ensure_encoding_file("cl100k_base")
    tokens, rank_list = official_ranks(path)
    assert ranks.read_derived("cl100k_base", path) is None  # none yet
    assert ranks.write_derived("cl100k_base", path, dict(zip(tokens, rank_list)))
    got = ranks.read_derived("cl100k_base", path)
    assert got == dict(zip(tokens, rank_list))
    derived = ranks.derived_path(path)
    bad = {
        "one rank changed": (tokens, rank_list[:-1] + [rank_list[-1] + 1]),
        "one token changed": ([b"x"] + tokens[1:], rank_list),
        "a token missing": (tokens[:-1], rank_list[:-1]),
        "lengths differ": (tokens, rank_list[:-1]),
        "not bytes": ([t.decode("latin-1") for t in tokens], rank_list),
        "not a pair": tokens,
    }
    for why, obj in bad.items():
        write(derived, obj)
        assert ranks.read_derived("cl100k_base", path) is None, why
    derived.write_bytes(b"\x00not marshal")
    assert ranks.read_derived("cl100k_base", path) is None
    derived.write_bytes(marshal.dumps((tokens, rank_list))[:1000])  # cut short
    assert ranks.read_derived("cl100k_base", path) is None


def test_ranks_that_do_not_match_the_digest_are_not_written(tiktoken_dir):
    path = ensure_encoding_file("cl100k_base")
    assert not ranks.write_derived("cl100k_base", path, {b"a": 0, b"b": 1})
    assert not ranks.write_derived("o200k_base", path, {b"a": 0})  # no digest known: never
    assert not ranks.derived_path(path).exists()


def test_a_folder_that_cannot_be_written_only_means_no_derived_file(tiktoken_dir, monkeypatch):
    path = ensure_encoding_file("cl100k_base")
    tokens, rank_list = official_ranks(path)

    def refuse(*a, **k):
        raise PermissionError("read-only")

    monkeypatch.setattr(ranks.os, "replace", refuse)
    assert not ranks.write_derived("cl100k_base", path, dict(zip(tokens, rank_list)))
    assert list(path.parent.iterdir()) == [path]  # no temporary file left


def test_the_patched_loader_answers_only_for_its_own_file(tiktoken_dir, monkeypatch):
    """While the derived ranks are in use, a load of any other file goes to tiktoken."""
    path = ensure_encoding_file("cl100k_base")
    tokens, rank_list = official_ranks(path)
    assert ranks.write_derived("cl100k_base", path, dict(zip(tokens, rank_list)))
    import tiktoken
    import tiktoken.registry

    monkeypatch.setattr(tiktoken.registry, "ENCODINGS", {})
    seen = []
    original = public.load_tiktoken_bpe

    def fake_original(url, expected_hash=None):
        seen.append(expected_hash)
        return {b"other": 0}

    monkeypatch.setattr(public, "load_tiktoken_bpe", fake_original)

    def get_encoding(name):
        other = public.load_tiktoken_bpe("https://example/other", expected_hash="f" * 64)
        mine = public.load_tiktoken_bpe("https://example/cl100k", expected_hash=KNOWN_FILES[name][1])
        return other, mine

    monkeypatch.setattr(tiktoken, "get_encoding", get_encoding)
    other, mine = ranks.load_encoding("cl100k_base", path, KNOWN_FILES["cl100k_base"][1])
    assert other == {b"other": 0} and seen == ["f" * 64]
    assert mine == dict(zip(tokens, rank_list))
    assert public.load_tiktoken_bpe is fake_original  # put back
    monkeypatch.setattr(public, "load_tiktoken_bpe", original)


FRESH = """
import json, sys, time
import tiktoken.load
def no_network(*a, **k):
    raise AssertionError("tiktoken tried to download")
tiktoken.load.read_file = no_network
from analysis.tokens.encodings import get_encoding
from analysis.tokens import worker
enc = get_encoding("cl100k_base")
print(json.dumps(list(worker.count_texts(enc, json.loads(sys.argv[1])))))
"""


def run_fresh(env) -> list[int]:
    out = subprocess.run([sys.executable, "-c", FRESH, json.dumps(SAMPLE)], env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0 and out.stderr == "", out.stderr
    return json.loads(out.stdout)


def test_fresh_processes_write_then_use_the_derived_file_with_the_same_counts(script_env, tmp_path):
    """First process: ordinary load, writes the file. Second: loads from it. Corrupt: refused,
    ordinary load, rewritten. Every time the counts are tiktoken's own."""
    import tiktoken

    expected = [len(tiktoken.get_encoding("cl100k_base").encode_ordinary(t)) for t in SAMPLE]
    env = dict(script_env, TIKTOKEN_CACHE_DIR=str(tmp_path / "tiktoken"))
    assert run_fresh(env) == expected
    derived = [p for p in (tmp_path / "tiktoken").iterdir() if p.name.endswith(".marshal")]
    assert len(derived) == 1
    stamp = derived[0].stat().st_mtime_ns
    assert run_fresh(env) == expected
    assert derived[0].stat().st_mtime_ns == stamp  # read, not rewritten
    tokens, rank_list = marshal.loads(derived[0].read_bytes())
    rank_list[100], rank_list[101] = rank_list[101], rank_list[100]  # two tokens swapped
    derived[0].write_bytes(marshal.dumps((tokens, rank_list)))
    assert run_fresh(env) == expected
    tokens2, ranks2 = marshal.loads(derived[0].read_bytes())
    assert ranks2 == sorted(ranks2)  # rewritten from the official file


def test_the_derived_file_name_says_the_python_and_marshal_versions(tmp_path):
    p = ranks.derived_path(tmp_path / "abc")
    assert p.parent == tmp_path
    assert p.name == f"abc.ranks-py{sys.version_info[0]}{sys.version_info[1]}-m{marshal.version}.marshal"
    assert os.fspath(p).endswith(".marshal")


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership")
def test_a_derived_file_others_may_write_is_not_read(tiktoken_dir, monkeypatch):
    path = ensure_encoding_file("cl100k_base")
    tokens, rank_list = official_ranks(path)
    assert ranks.write_derived("cl100k_base", path, dict(zip(tokens, rank_list)))
    derived = ranks.derived_path(path)
    assert derived.stat().st_mode & 0o777 == 0o644 & ~_umask()
    assert ranks.read_derived("cl100k_base", path) is not None
    derived.chmod(0o666)
    assert ranks.read_derived("cl100k_base", path) is None
    derived.chmod(0o644)
    me = os.getuid()
    monkeypatch.setattr(ranks.os, "getuid", lambda: me + 1)  # as if another user owned it
    assert ranks.read_derived("cl100k_base", path) is None


def _umask() -> int:
    old = os.umask(0)
    os.umask(old)
    return old
