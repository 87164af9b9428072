"""Counting tokens from text, where a log has the text but no usage: fast, cached, offline.

``count_tokens`` hashes each text (sha256 of its UTF-8), takes the counts it already knows from
the on-disk cache (:mod:`analysis.tokens.cache`), and counts the rest with tiktoken: in this
process for small inputs, else in chunks on worker processes (:mod:`analysis.tokens.pool`) that
send back only counts. While the workers start, this process counts chunks itself, so a first
call never waits idle. Encodings come from :mod:`analysis.tokens.encodings`: nothing is downloaded.

Special-token strings in a text (``'<|endoftext|>'``) are counted as the ordinary text they are
(tiktoken's ``encode(text, disallowed_special=())``): a log's text is data, not a prompt.
"""

from __future__ import annotations

import hashlib
import threading
import warnings
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable

import numpy as np

from ..errors import DataError, Problem
from . import worker
from .cache import TokenCache
from .encodings import ensure_encoding_file
from .pool import (
    count_chunk,
    default_workers,
    get_pool,
    pool_is_running,
    shutdown_pool,
    worker_spec,
)

#: Below this many characters to count, counting in this process beats sending texts to workers.
SMALL_INPUT_CHARS = 500_000
_MIN_CHUNK, _MAX_CHUNK = 64_000, 1_000_000  # characters per chunk sent to a worker


def _as_list(texts: Iterable[str]) -> list:
    if isinstance(texts, str):
        raise TypeError("count_tokens takes a sequence of texts, not one string: count_tokens([text])")
    if isinstance(texts, np.ndarray) or hasattr(texts, "tolist"):  # numpy arrays, pandas Series / Index
        return texts.tolist()
    return list(texts)


def _check_strings(items: list) -> None:
    bad = [i for i, t in enumerate(items) if not isinstance(t, str)]
    if bad:
        raise DataError(
            [
                Problem(None, f"position {i}", "text", f"expected a string, got {items[i]!r} ({type(items[i]).__name__})")
                for i in bad
            ]
        )


def _digests(items: list[str]) -> list[bytes]:
    sha256 = hashlib.sha256
    return [sha256(t.encode("utf-8", "surrogatepass")).digest() for t in items]


def _chunks(items: list[str], workers: int) -> list[tuple[int, int]]:
    """Contiguous (start, stop) ranges of about the same number of characters."""
    lengths = np.fromiter((len(t) for t in items), dtype=np.int64, count=len(items))
    ends = np.cumsum(lengths)
    total = int(ends[-1]) if len(ends) else 0
    size = int(np.clip(total // (workers * 16), _MIN_CHUNK, _MAX_CHUNK))
    cuts = np.searchsorted(ends, np.arange(size, total, size), side="left") + 1
    bounds = np.unique(np.concatenate([[0], cuts, [len(items)]]))
    return [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:])]


class _PoolStart:
    """Start the worker pool in a thread (it takes ~0.15 s), so this process can work meanwhile."""

    def __init__(self, workers: int, encoding: str):
        self.pool = None
        self.error: BaseException | None = None
        self.thread: threading.Thread | None = None
        if pool_is_running(workers):
            self.pool = get_pool(workers, encoding)
        else:
            self.thread = threading.Thread(target=self._run, args=(workers, encoding), name="token-pool-start", daemon=True)
            self.thread.start()

    def _run(self, workers: int, encoding: str) -> None:
        try:
            self.pool = get_pool(workers, encoding)
        except BaseException as err:  # reported in the caller's thread
            self.error = err

    def starting(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def wait(self):
        if self.thread is not None:
            self.thread.join()
        return self.pool


def _count_parallel(items: list[str], encoding: str, workers: int, start: _PoolStart) -> np.ndarray:
    """Count on the worker pool; while the pool starts, count chunks from the end here."""
    out = np.empty(len(items), dtype=np.int64)
    ranges = _chunks(items, workers)
    while start.starting() and len(ranges) > 1:
        a, b = ranges.pop()
        out[a:b] = count_chunk(items[a:b], encoding)
    pool = start.wait()
    if pool is None or not ranges:
        if pool is None:
            warnings.warn(f"token-counting workers did not start ({start.error!r}); counting here", RuntimeWarning, stacklevel=3)
        for a, b in ranges:
            out[a:b] = count_chunk(items[a:b], encoding)
        return out
    spec = worker_spec(encoding)
    try:
        futures = [(a, b, pool.submit(worker.count, items[a:b], *spec)) for a, b in ranges]
        for a, b, fut in futures:
            out[a:b] = np.frombuffer(fut.result(), dtype=np.int64)
    except BrokenProcessPool as err:
        shutdown_pool()
        warnings.warn(f"a token-counting worker died ({err}); counting here instead", RuntimeWarning, stacklevel=3)
        for a, b in ranges:
            out[a:b] = count_chunk(items[a:b], encoding)
    return out


def count_tokens(
    texts: Iterable[str],
    encoding: str = "cl100k_base",
    *,
    workers: int | None = None,
    cache: bool = True,
) -> np.ndarray:
    """Number of tokens in each text (int64 array, same order), with tiktoken ``encoding``.

    ``workers``: processes to count with (default: the CPUs available; 1 counts in this
    process). Inputs under ``SMALL_INPUT_CHARS`` characters are always counted here.
    ``cache``: read and write the on-disk cache of counts (``$RTE_TOKEN_CACHE``, else
    ``~/.cache/reasoning-token-efficiency/token-counts``); counting the same texts again then
    costs one sha256 per text. Offline: a missing encoding raises
    :class:`~analysis.EncodingUnavailable` saying how to supply it.
    Raises :class:`~analysis.DataError` naming the position of any entry that is not a string
    (None, NaN).
    """
    items = _as_list(texts)
    _check_strings(items)
    ensure_encoding_file(encoding)  # fail early, here, if the encoding is not available offline
    out = np.full(len(items), -1, dtype=np.int64)
    if not items:
        return out
    n_workers = default_workers() if workers is None else max(1, int(workers))
    # A large input starts the workers now (if they are not running): they get ready while the
    # texts are hashed and looked up in the cache.
    start = None
    if n_workers > 1 and len(items) > 1 and sum(map(len, items)) >= SMALL_INPUT_CHARS:
        start = _PoolStart(n_workers, encoding)
    store = TokenCache() if cache else None
    if store is not None:
        digests = _digests(items)
        out = store.get(encoding, digests)
        todo = np.flatnonzero(out < 0)
    else:
        todo = np.arange(len(items))
    if len(todo) == 0:
        return out
    missing = items if len(todo) == len(items) else [items[i] for i in todo]
    if start is None or len(missing) < 2 or sum(map(len, missing)) < SMALL_INPUT_CHARS:
        counts = count_chunk(missing, encoding)
    else:
        counts = _count_parallel(missing, encoding, n_workers, start)
    out[todo] = counts
    if store is not None:
        store.put(encoding, [digests[i] for i in todo], counts)
    return out
