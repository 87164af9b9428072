"""count_tokens / add_token_counts: known counts, parallel == serial, the on-disk cache."""

import os
import sqlite3
import sys
import threading
import time
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analysis
from analysis import DataError, add_token_counts, count_tokens, get_encoding
from analysis.tokens import cache as token_cache, count as tokens, pool as token_pool


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("RTE_TOKEN_CACHE", str(d))
    return d


def serial(texts):
    enc = get_encoding("cl100k_base")
    return [len(enc.encode(t, disallowed_special=())) for t in texts]


def test_known_counts(cache_dir):
    # 'hello world' -> [15339, 1917]; '<|endoftext|>' as text is '<', '|', 'endo', 'ft', 'ext', '|', '>'
    out = count_tokens(["hello world", "", "<|endoftext|>"])
    assert out.dtype == np.int64
    assert out.tolist() == [2, 0, 7]
    assert analysis.count_tokens(["hello world"]).tolist() == [2]


def test_empty_input_and_single_string(cache_dir):
    assert count_tokens([]).shape == (0,)
    with pytest.raises(TypeError, match="one string"):
        count_tokens("hello world")


@pytest.mark.parametrize("bad", [None, float("nan"), 3])
def test_non_string_names_position(cache_dir, bad):
    with pytest.raises(DataError, match="position 2"):
        count_tokens(["a", "b", bad, "c"])


def test_series_input_and_order(cache_dir):
    s = pd.Series(["one two three", "x", "hello world"], index=[10, 5, 7])
    assert count_tokens(s).tolist() == serial(s.tolist())


def test_lone_surrogate_is_counted_and_cached(cache_dir):
    texts = ["abc \ud800 def", "ok"]
    first = count_tokens(texts)
    assert first.tolist() == serial(texts)
    assert count_tokens(texts).tolist() == first.tolist()


@pytest.fixture
def small_chunks(monkeypatch):
    """Send even tiny inputs to the worker pool, in several chunks."""
    monkeypatch.setattr(tokens, "SMALL_INPUT_CHARS", 0)
    monkeypatch.setattr(tokens, "START_WORKERS_CHARS", 0)
    monkeypatch.setattr(tokens, "_MIN_CHUNK", 50)


text_lists = st.lists(st.text(max_size=200) | st.text(alphabet="ab $\\{}<|>1234567890\n", max_size=300), min_size=2, max_size=40)


@settings(max_examples=200, deadline=None)
@given(lengths=st.lists(st.integers(0, 3_000_000), min_size=1, max_size=300), workers=st.integers(1, 8))
def test_chunks_cover_every_text_once_and_end_finer(lengths, workers):
    """Contiguous, non-empty, in order, every text once; the last workers x size characters
    come in chunks a quarter of the size (apart from single texts longer than that)."""
    lengths = np.array(lengths, dtype=np.int64)
    chunks = tokens._chunks(lengths, workers)
    assert chunks[0][0] == 0 and chunks[-1][1] == len(lengths)
    assert all(a < b for a, b in chunks)
    assert all(chunks[i][1] == chunks[i + 1][0] for i in range(len(chunks) - 1))
    total = int(lengths.sum())
    size = int(np.clip(total // (workers * 16), tokens._MIN_CHUNK, tokens._MAX_CHUNK))
    start = 0
    for a, b in chunks:
        chars = int(lengths[a:b].sum())
        if b - a > 1:  # several texts: no bigger than the size where they start, plus one text
            limit = size if start < total - workers * size else size // 4
            assert chars - int(lengths[b - 1]) <= limit
        start += chars


def test_chunks_by_hand():
    # 8 texts of 100k characters, 2 workers: size 64,000 (the minimum); the last 128,000
    # characters in 16,000-character pieces: each text is its own chunk here.
    assert tokens._chunks(np.full(8, 100_000), 2) == [(i, i + 1) for i in range(8)]
    # 400 texts of 10k characters (4M), 2 workers: size 125,000 = 12.5 texts, marks at
    # 125k, 250k, ... 3.625M; the tail (from 4M - 250k = 3.75M) marked every 31,250. A chunk
    # ends with the first text reaching its mark: cuts 13, 25, 38, ..., 363 | 375, 379, 382,
    # 385, 388, 391, 394, 397, 400.
    got = tokens._chunks(np.full(400, 10_000), 2)
    sizes = [b - a for a, b in got]
    assert sum(sizes) == 400 and len(sizes) == 29 + 9
    assert sizes[:4] == [13, 12, 13, 12] and sizes[-10:] == [13, 12, 4, 3, 3, 3, 3, 3, 3, 3]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=text_lists)
def test_parallel_equals_serial(small_chunks, texts):
    assert count_tokens(texts, workers=2, cache=False).tolist() == serial(texts)


def test_parallel_uses_workers_and_matches(small_chunks, cache_dir):
    rng = np.random.default_rng(1)
    texts = ["".join(rng.choice(list("abc xyz∑π→12 \\frac{}"), size=int(n))) for n in rng.integers(0, 400, 60)]
    assert count_tokens(texts, workers=2).tolist() == serial(texts)
    assert token_pool.pool_is_running(2)
    assert len(token_pool.worker_pids()) == 2


def test_cache_hit_does_not_call_the_encoder(cache_dir, monkeypatch):
    texts = [f"text number {i} with $x^{i}$" for i in range(50)]
    first = count_tokens(texts)
    assert (cache_dir / "counts.sqlite3").exists()

    def boom(*a, **k):
        raise AssertionError("the encoder was called on a cache hit")

    monkeypatch.setattr(tokens, "count_chunk", boom)
    monkeypatch.setattr(tokens, "ParallelCount", boom)
    assert count_tokens(texts).tolist() == first.tolist()
    with pytest.raises(AssertionError, match="encoder was called"):
        count_tokens(texts + ["a text never seen"])


def test_cache_is_per_encoding(cache_dir):
    store = token_cache.TokenCache()
    store.put("cl100k_base", [b"x" * 32], np.array([5]))
    assert store.get("cl100k_base", [b"x" * 32]).tolist() == [5]
    assert store.get("o200k_base", [b"x" * 32]).tolist() == [-1]


def test_corrupt_entry_is_recounted_and_rewritten(cache_dir):
    texts = ["alpha beta gamma", "delta"]
    want = count_tokens(texts).tolist()
    db = cache_dir / "counts.sqlite3"
    with sqlite3.connect(db) as con:
        con.execute("UPDATE counts SET n = n + 5")  # the checksums no longer match
    assert count_tokens(texts).tolist() == want
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT encoding, digest, n, chk FROM counts").fetchall()
    assert sorted(r[2] for r in rows) == sorted(want)
    assert all(chk == token_cache._check(e, d, n) for e, d, n, chk in rows)


def test_corrupt_file_is_quarantined_and_recounted(cache_dir):
    texts = ["one", "two words"]
    want = count_tokens(texts, cache=False).tolist()
    cache_dir.mkdir()
    (cache_dir / "counts.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.warns(RuntimeWarning, match="unreadable"):
        assert count_tokens(texts).tolist() == want
    assert list(cache_dir.glob("counts.sqlite3.corrupt-*"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert count_tokens(texts).tolist() == want  # the fresh cache works


def test_cache_disabled_writes_nothing(cache_dir):
    assert count_tokens(["hello world"], cache=False).tolist() == [2]
    assert not cache_dir.exists()


def test_default_cache_location(monkeypatch, tmp_path):
    monkeypatch.delenv("RTE_TOKEN_CACHE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert token_cache.default_cache_path() == tmp_path / ".cache/reasoning-token-efficiency/token-counts/counts.sqlite3"


def test_concurrent_writers_keep_every_entry(cache_dir):
    groups = [[f"writer {w} text {i}" for i in range(200)] for w in range(4)]
    errors = []

    def work(texts):
        try:
            count_tokens(texts, workers=1)
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=work, args=(g,)) for g in groups]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with sqlite3.connect(cache_dir / "counts.sqlite3") as con:
        assert con.execute("SELECT count(*) FROM counts").fetchone()[0] == 800


@pytest.fixture
def responses():
    return pd.DataFrame(
        {
            "model": ["m"] * 4,
            "output_tokens": pd.array([10, None, None, None], dtype="Int64"),
            "token_source": pd.array(["reported", None, None, None], dtype="string"),
            "text": ["reported text is not recounted", "hello world", None, ""],
        }
    )


def test_add_token_counts_fills_only_missing(responses, cache_dir):
    before = responses.copy()
    out = add_token_counts(responses)
    assert out["output_tokens"].dtype == "Int64"
    assert out["output_tokens"].tolist()[:2] == [10, 2]
    assert out["output_tokens"].isna().tolist() == [False, False, True, False]
    assert out["output_tokens"].iloc[3] == 0
    assert out["token_source"].tolist()[:2] == ["reported", "counted:cl100k_base"]
    assert pd.isna(out["token_source"].iloc[2])
    pd.testing.assert_frame_equal(responses, before)  # the input is untouched


def test_add_token_counts_without_text_column(responses):
    with pytest.raises(DataError, match="nope"):
        add_token_counts(responses, text_col="nope")


def test_worker_refuses_an_unverified_encoding_file(tmp_path):
    from analysis.tokens import worker as _rte_token_worker

    bad = tmp_path / "file"
    bad.write_bytes(b"not the encoding")
    with pytest.raises(RuntimeError, match="sha256"):
        _rte_token_worker.load("r50k_base", str(bad), "0" * 64, {})
    with pytest.raises(RuntimeError, match="not readable"):
        _rte_token_worker.load("r50k_base", str(tmp_path / "missing"), "0" * 64, {})


def test_add_token_counts_without_text_when_nothing_is_missing():
    df = pd.DataFrame({"output_tokens": pd.array([3, 4], dtype="Int64"), "token_source": ["reported"] * 2})
    out = analysis.add_token_counts(df)
    pd.testing.assert_frame_equal(out, df)
    with pytest.raises(analysis.DataError, match="text"):
        analysis.add_token_counts(df.assign(output_tokens=pd.array([3, None], dtype="Int64")))


def _holder(db, exclusive: bool) -> sqlite3.Connection:
    """Another connection that holds the cache's lock: every access (exclusive) or writes only."""
    con = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    if exclusive:
        con.execute("PRAGMA locking_mode=EXCLUSIVE")
        con.execute("BEGIN EXCLUSIVE")
        con.execute("SELECT count(*) FROM counts").fetchall()
    else:
        con.execute("BEGIN IMMEDIATE")
    return con


@pytest.mark.parametrize("exclusive", [True, False], ids=["read-and-write-lock", "write-lock"])
def test_locked_cache_waits_at_most_the_timeout_and_warns_once(cache_dir, exclusive):
    texts = [f"locked cache text {i} with $y_{i}$" for i in range(300)]
    count_tokens(texts[:1])  # the cache file exists
    holder = _holder(cache_dir / "counts.sqlite3", exclusive)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            t0 = time.monotonic()
            out = count_tokens(texts)
            took = time.monotonic() - t0
    finally:
        holder.close()
    assert out.tolist() == serial(texts)
    assert [str(w.message) for w in caught if "token cache" in str(w.message)] == [
        f"token cache {cache_dir / 'counts.sqlite3'} not used: another process holds its lock "
        f"(waited {token_cache.LOCK_TIMEOUT:g} s); counting without it"
    ]
    assert len(caught) == 1
    assert token_cache.LOCK_TIMEOUT <= 2
    # Read-locked: one wait before counting. Write-locked: the reads go through and one wait after.
    assert took < token_cache.LOCK_TIMEOUT + 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert count_tokens(texts).tolist() == out.tolist()  # lock released: the cache works again


def test_a_fully_cached_call_starts_nothing(small_chunks, cache_dir, monkeypatch):
    texts = [f"cached text {i}: $z^{i}$" for i in range(200)]
    want = count_tokens(texts, workers=2).tolist()
    assert token_pool.pool_is_running(2)
    token_pool.shutdown_pool()

    def boom(*a, **k):
        raise AssertionError("a process was started for a fully cached call")

    monkeypatch.setattr(token_pool, "WorkerPool", boom)
    monkeypatch.setattr(token_pool.subprocess, "Popen", boom)
    assert count_tokens(texts, workers=2).tolist() == want
    assert token_pool.worker_pids() == []


def test_a_failing_worker_is_reported_once_and_its_share_counted_here(small_chunks, cache_dir, monkeypatch):
    token_pool.shutdown_pool()
    broken = [sys.executable, "-c", "import sys; sys.stderr.write('worker cannot start'); sys.exit(3)"]
    monkeypatch.setattr(token_pool, "_command_and_env", lambda spec: (broken, dict(os.environ)))
    texts = [f"text {i} for a broken pool" * (i % 5 + 1) for i in range(60)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = count_tokens(texts, workers=2, cache=False)
    assert out.tolist() == serial(texts)
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "worker failed" in message and "exit status 3" in message and "worker cannot start" in message
    assert caught[0].filename == __file__  # the warning points at the caller
    assert not token_pool.pool_is_running(2)
