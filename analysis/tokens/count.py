"""Counting tokens from text, where a log has the text but no usage: fast, cached, offline.

``count_tokens`` goes through the texts in chunks of about the same number of characters:
hashes each text (sha256 of its UTF-8), takes the counts it already knows from the on-disk cache
(:mod:`analysis.tokens.cache`), and queues the rest. Few texts to count are counted in this
process; many are counted on worker processes (:mod:`analysis.tokens.pool`, which says why they
are fresh interpreters on pipes), started as soon as enough uncached text is seen, so they load
while the remaining texts are hashed. A fully cached call starts nothing. In a process that may
not have children (a Dask worker) threads count instead. Counts over ``PROGRESS_CHARS``
characters show a progress bar on a terminal or in a notebook (:mod:`analysis.tokens.progress`).
Encodings come from :mod:`analysis.tokens.encodings`: nothing is downloaded.

Special-token strings in a text (``'<|endoftext|>'``) are counted as the ordinary text they are
(tiktoken's ``encode(text, disallowed_special=())``): a log's text is data, not a prompt.
"""

from __future__ import annotations

import hashlib
from typing import Iterable

import numpy as np

from ..errors import DataError, Problem
from . import progress
from .cache import TokenCache
from .encodings import ensure_encoding_file
from .pool import ParallelCount, count_chunk, default_workers, may_have_children, pool_is_running

#: Below this many characters to count, counting in this process beats sending texts to workers.
SMALL_INPUT_CHARS = 500_000
#: Characters to count before worker processes that are not running yet are started: starting
#: them costs ~0.2 s on each core, about what counting 2-4 MB in this process costs.
START_WORKERS_CHARS = 4_000_000
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


def _chunks(lengths: np.ndarray, workers: int) -> list[tuple[int, int]]:
    """Contiguous (start, stop) ranges of texts, about ``size`` characters each, except the last
    ``workers * size`` characters, cut four times finer so that the workers finish together
    (with whole-size chunks one worker can sit idle for most of a chunk at the end)."""
    ends = np.cumsum(lengths)
    total = int(ends[-1]) if len(ends) else 0
    size = int(np.clip(total // (workers * 16), _MIN_CHUNK, _MAX_CHUNK))
    tail = max(total - workers * size, 0)
    marks = np.concatenate([np.arange(size, tail, size), np.arange(tail, total, max(size // 4, 1))])
    cuts = np.searchsorted(ends, marks[marks > 0], side="left") + 1
    bounds = np.concatenate([[0], cuts, [len(lengths)]])  # sorted; several marks may cut at one text
    bounds = bounds[np.concatenate([[True], np.diff(bounds) > 0])]
    return [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:])]


def count_tokens(
    texts: Iterable[str],
    encoding: str = "cl100k_base",
    *,
    workers: int | None = None,
    cache: bool = True,
) -> np.ndarray:
    """Number of tokens in each text (int64 array, same order), with tiktoken ``encoding``.

    ``workers``: processes to count with (default: the CPUs available; 1 counts in this
    process). Inputs under ``SMALL_INPUT_CHARS`` characters are always counted here, and worker
    processes are started only for ``START_WORKERS_CHARS`` uncached characters or more (then
    kept for later calls). ``cache``: read and write the on-disk cache of counts
    (``$RTE_TOKEN_CACHE``, else ``~/.cache/reasoning-token-efficiency/token-counts``); counting
    the same texts again then costs one sha256 per text, and starts no process. Offline: a
    missing encoding raises :class:`~analysis.EncodingUnavailable` saying how to supply it.
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
    lengths = np.fromiter(map(len, items), dtype=np.int64, count=len(items))
    total = int(lengths.sum())
    parallel = n_workers > 1 and len(items) > 1 and total >= SMALL_INPUT_CHARS
    if parallel:  # processes to start, or threads to count with, once this much is uncached
        start_at = SMALL_INPUT_CHARS if pool_is_running(n_workers) or not may_have_children() else START_WORKERS_CHARS
    store = TokenCache() if cache else None
    bar = progress.bar(total)
    run: ParallelCount | None = None
    queued: list[np.ndarray] = []  # uncached positions, chunk by chunk, not yet counted
    counted: list[np.ndarray] = []  # every uncached position (for the cache)
    digests: list[bytes] = []
    missing_chars = 0
    ends = np.cumsum(lengths)
    try:
        for a, b in _chunks(lengths, n_workers):
            if store is not None and not store.failed:
                found = store.get(encoding, chunk_digests := _digests(items[a:b]))
                digests.extend(chunk_digests)
                out[a:b] = found
                miss = a + np.flatnonzero(found < 0)
                if bar is not None:
                    bar.update(int(lengths[a:b].sum() - lengths[miss].sum()))
            else:
                miss = np.arange(a, b)
            if not len(miss):
                continue
            queued.append(miss)
            counted.append(miss)
            missing_chars += int(lengths[miss].sum())
            # Start as soon as this much is uncached, or is bound to be at this rate of misses.
            if run is None and parallel and (missing_chars >= start_at or (
                    missing_chars >= SMALL_INPUT_CHARS and missing_chars * total >= start_at * int(ends[b - 1]))):
                run = ParallelCount(encoding, n_workers)
            if run is not None:
                for pos in queued:
                    run.submit(pos, [items[i] for i in pos])
                queued.clear()
                _collect(run, out, lengths, bar, block=False)
        if run is not None:
            run.close()
            _collect(run, out, lengths, bar, block=True)
            run.finish()
        elif queued:
            pos = np.concatenate(queued)
            out[pos] = count_chunk([items[i] for i in pos], encoding)
            if bar is not None:
                bar.update(int(lengths[pos].sum()))
        if store is not None and counted and not store.failed and len(digests) == len(items):
            pos = np.concatenate(counted)
            store.put(encoding, [digests[i] for i in pos], out[pos])
    except BaseException:
        if run is not None:
            run.abort()
        raise
    finally:
        if bar is not None:
            bar.close()
        if store is not None:
            store.close()
    return out


def _collect(run: ParallelCount, out: np.ndarray, lengths: np.ndarray, bar, *, block: bool) -> None:
    for pos, counts in run.results(block):
        out[pos] = counts
        if bar is not None:
            bar.update(int(lengths[pos].sum()))

