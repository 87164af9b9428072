"""Worker processes that count tokens; started once per Python process and reused by later calls.

Start method: ``forkserver`` where the platform has it (Linux, macOS), else ``spawn`` (Windows);
never plain ``fork``. By the time anything is counted the parent already runs threads (OpenBLAS,
pyarrow, a Jupyter kernel's own threads), and forking a multi-threaded process can deadlock the
child. The fork server is a fresh single-threaded process that imports only the top-level module
``analysis.tokens.worker`` (stdlib + tiktoken; the package loads lazily, so no pandas: ~30 ms and ~15 MB);
workers are forked from it in milliseconds and each loads the encoding once. This works the same from a script, pytest and a
Jupyter kernel (the function the workers run lives in an importable module, never in
``__main__``). Workers are offline too: the parent seeds the encoding file
(:func:`~analysis.tokens.encodings.ensure_encoding_file`) and each worker's initialiser checks its
sha256 before tiktoken may read it.

Workers receive chunks of texts and send back only counts (int64 arrays), never token lists.
"""

from __future__ import annotations

import atexit
import multiprocessing as mp
import os
import threading
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from . import worker

from .encodings import KNOWN_FILES, ensure_encoding_file, get_encoding

_LOCK = threading.Lock()
_POOL: tuple[int, int, ProcessPoolExecutor] | None = None  # (owner pid, workers, executor)


def count_chunk(texts: list[str], encoding: str) -> np.ndarray:
    """Tokens in each text (int64), special-token strings counted as ordinary text.

    ``encode_ordinary`` is ``encode(text, disallowed_special=())``: '<|endoftext|>' in a text is
    the 7 tokens of its characters, never the special token and never an error; it is the
    fastest call tiktoken offers for one text and the token list is dropped at once.
    """
    encode = get_encoding(encoding).encode_ordinary
    return np.fromiter((len(encode(t)) for t in texts), dtype=np.int64, count=len(texts))


def worker_spec(encoding: str) -> tuple[str, str, str, dict[str, str]]:
    """What a worker needs to load ``encoding`` offline: name, verified cache file, sha256, env.

    Workers are forked from a server started earlier and carry its environment, so the caller's
    ``TIKTOKEN_CACHE_DIR`` / ``DATA_GYM_CACHE_DIR`` are sent along with the file to check.
    """
    path = ensure_encoding_file(encoding)
    env = {k: os.environ[k] for k in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR") if k in os.environ}
    return encoding, str(path), KNOWN_FILES[encoding][1], env


def default_workers() -> int:
    """Worker processes to use: the CPUs this process may run on (2 on the reference machine)."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        n = os.cpu_count() or 1
    return max(1, min(n, 32))


def _context() -> mp.context.BaseContext:
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        # Only takes effect if this process's fork server is not running yet. No "__main__": the
        # server need not import the caller's script (workers still do, as spawn requires).
        ctx.set_forkserver_preload(["analysis.tokens.worker"])
        return ctx
    return mp.get_context("spawn")


def pool_is_running(workers: int) -> bool:
    """Whether a pool of ``workers`` processes, started by this process, is alive."""
    pool = _POOL
    return pool is not None and pool[0] == os.getpid() and pool[1] == workers


def get_pool(workers: int, encoding: str = "cl100k_base") -> ProcessPoolExecutor:
    """The shared pool of ``workers`` processes, started (and waited for) if needed."""
    global _POOL
    with _LOCK:
        if _POOL is not None and _POOL[0] == os.getpid() and _POOL[1] == workers:
            return _POOL[2]
        if _POOL is not None and _POOL[0] == os.getpid():
            _POOL[2].shutdown(wait=False, cancel_futures=True)
        executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=_context(), initializer=worker.init,
            initargs=worker_spec(encoding),
        )
        # Start every worker now (ProcessPoolExecutor would start them one per submit).
        for f in [executor.submit(worker.ready) for _ in range(workers)]:
            f.result()
        _POOL = (os.getpid(), workers, executor)
        return executor


def shutdown_pool() -> None:
    """Stop the worker processes (they are started again when next needed)."""
    global _POOL
    with _LOCK:
        pool, _POOL = _POOL, None
    if pool is not None and pool[0] == os.getpid():
        pool[2].shutdown(wait=True, cancel_futures=True)


def worker_pids() -> list[int]:
    """Process ids of the running workers (for the memory benchmark)."""
    pool = _POOL
    if pool is None or pool[0] != os.getpid():
        return []
    return [p.pid for p in getattr(pool[2], "_processes", {}).values()]


atexit.register(shutdown_pool)
