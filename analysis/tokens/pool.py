"""Worker processes that count tokens: fresh interpreters on pipes, started once and reused.

Design. Each worker is ``python -P -m analysis.tokens.worker`` started with :mod:`subprocess`
(never ``multiprocessing``), fed over its stdin and answering on its stdout with length-prefixed
binary frames: texts in (one UTF-8 string and the character count of each text), int64 counts
out (the frame layout is in :mod:`analysis.tokens.worker`). Why this and not a
``multiprocessing`` pool (measured, numbers in benchmarks/README.md):

- ``spawn`` and ``forkserver`` workers re-import the caller's ``__main__``: a script without a
  main guard ran its top-level code once per worker, ``python -`` crashed the workers, and both
  fell back to one process. ``fork`` does not re-import, but forking a process that already runs
  threads (OpenBLAS, pyarrow, a Jupyter kernel) can deadlock the child. A fresh interpreter that
  runs only the worker module has neither problem, from a script, ``python -``/``-c``, pytest or
  a notebook.
- Orphans: the fork server, its workers and the resource tracker outlived a ``kill -9`` of the
  parent (and fork servers went on forking). Here the parent has only its workers; each exits at
  end of file on its stdin, on a failed write, and on Linux at once when the parent dies
  (``PR_SET_PDEATHSIG``); a worker starts no process. Workers' stdout and stderr are our own
  pipe and a temporary file, never the caller's, so ``out=$(python script.py)`` returns as soon
  as the script exits.
- Exit: no thread outlives a call (one feeding thread per worker, per call, joined before
  :func:`~analysis.tokens.count.count_tokens` returns), and at exit the workers' stdin is closed
  and they are waited for at most ``EXIT_WAIT`` seconds, then killed: exit never hangs.
- Cost: a worker is ready once its interpreter started (~30 ms) and it loaded the encoding
  (which a forked worker pays too: ~0.3 s the ordinary way, ~0.15 s from the verified derived
  ranks file of :mod:`analysis.tokens.ranks`), while the caller hashes the texts and looks them
  up in the cache; the texts cross a pipe as UTF-8, ~1 ms per MB, against ~50-200 ms per MB to count
  them. In CPU time a first call on 20 MB cost about what a plain fork pool costs.

Where a process may not have children (a daemonic ``multiprocessing`` process, e.g. a Dask
worker), or the worker processes cannot start, or another thread of this process is using them,
the same chunks are counted by threads in this process: tiktoken releases the GIL while it
encodes. Workers are offline too: the parent seeds the encoding file
(:func:`~analysis.tokens.encodings.ensure_encoding_file`) and each worker checks its sha256 before
tiktoken may read it.
"""

from __future__ import annotations

import atexit
import importlib.util
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from concurrent.futures import Future
from pathlib import Path

import numpy as np

from . import worker
from .encodings import KNOWN_FILES, ensure_encoding_file, get_encoding

#: Seconds to wait for the workers to exit, at interpreter exit, before killing them.
EXIT_WAIT = 1.0

_LOCK = threading.Lock()
_LOCK_SPAWNER = threading.Lock()
_POOL: "WorkerPool | None" = None


class WorkerError(RuntimeError):
    """A worker process failed or died (the message says why, with its stderr)."""


def count_chunk(texts: list[str], encoding: str) -> np.ndarray:
    """Tokens in each text (int64), counted in this process (see :func:`worker.count_texts`)."""
    return np.frombuffer(worker.count_texts(get_encoding(encoding), texts), dtype=np.int64)


def worker_spec(encoding: str) -> tuple[str, str, str, dict[str, str]]:
    """What a worker needs to load ``encoding`` offline: name, verified cache file, sha256, env.

    The caller's ``TIKTOKEN_CACHE_DIR`` / ``DATA_GYM_CACHE_DIR`` as they are now are sent along
    with the file to check (a worker started earlier may have another environment).
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


def may_have_children() -> bool:
    """False in a daemonic ``multiprocessing`` process (a Dask worker): it must not start any."""
    mp_process = sys.modules.get("multiprocessing.process")  # imported if this is such a process
    return mp_process is None or not mp_process.current_process().daemon


def _import_roots() -> list[str]:
    """Folders that hold ``analysis`` and ``tiktoken``, wherever this process found them."""
    roots = [str(Path(__file__).resolve().parents[len(__name__.split(".")) - 1])]
    spec = importlib.util.find_spec("tiktoken")
    if spec is not None and spec.origin:
        roots.append(str(Path(spec.origin).resolve().parents[1]))
    return list(dict.fromkeys(roots))


def _command_and_env(spec: tuple) -> tuple[list[str], dict[str, str]]:
    if not sys.executable:
        raise WorkerError("this Python has no sys.executable to start workers with")
    # -P: the caller's working directory is not put on sys.path (a local 'analysis' or
    # 'tiktoken' folder must not shadow ours); the folders we import from go first instead.
    cmd = [sys.executable, "-P", "-m", worker.__name__, str(os.getpid()), json.dumps(spec)]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(_import_roots() + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    for key in ("PYTHONINSPECT", "PYTHONSTARTUP"):  # a worker must end at end of file
        env.pop(key, None)
    return cmd, env


class _Spawner:
    """One thread that starts every worker process and lives as long as this process.

    Linux sends a child's parent-death signal when the *thread* that started it ends, not the
    process; workers ask for SIGKILL then, so they must be started from a thread that never
    ends before the process does (a caller's thread may be short-lived).
    """

    def __init__(self):
        self.owner = os.getpid()
        self.requests: queue.SimpleQueue = queue.SimpleQueue()
        threading.Thread(target=self._serve, name="token-worker-spawner", daemon=True).start()

    def _serve(self) -> None:
        while True:
            args, kwargs, answer = self.requests.get()
            try:
                answer.set_result(subprocess.Popen(*args, **kwargs))
            except BaseException as err:
                answer.set_exception(err)

    def popen(self, *args, **kwargs) -> subprocess.Popen:
        answer: Future = Future()
        self.requests.put((args, kwargs, answer))
        return answer.result()


_SPAWNER: _Spawner | None = None


def _popen(*args, **kwargs) -> subprocess.Popen:
    global _SPAWNER
    with _LOCK_SPAWNER:
        if _SPAWNER is None or _SPAWNER.owner != os.getpid():
            _SPAWNER = _Spawner()
        spawner = _SPAWNER
    return spawner.popen(*args, **kwargs)


class Worker:
    """One worker process and its pipes."""

    def __init__(self, spec: tuple):
        cmd, env = _command_and_env(spec)
        self.stderr = tempfile.TemporaryFile()  # read only to explain a failure; never fills a pipe
        try:
            self.proc = _popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr,
                               env=env, bufsize=0, close_fds=True)
        except BaseException:
            self.stderr.close()
            raise
        self.pid = self.proc.pid
        self.wfd, self.rfd = self.proc.stdin.fileno(), self.proc.stdout.fileno()

    def count(self, spec: bytes, texts: list[str]) -> np.ndarray:
        """Counts of ``texts`` (int64), or WorkerError."""
        try:
            worker.write_all(self.wfd, worker.encode_task(spec, texts))
            head = worker.read_exact(self.rfd, worker.HEADER.size)
            payload = None
            if head is not None:
                kind, size = worker.HEADER.unpack(head)
                payload = worker.read_exact(self.rfd, size)
        except OSError as err:
            raise WorkerError(self.why(err)) from None
        if head is None or payload is None:
            raise WorkerError(self.why("end of file"))
        if kind == b"E":
            raise WorkerError(f"token worker {self.pid}: {bytes(payload).decode('utf-8', 'replace')}")
        counts = np.frombuffer(payload, dtype=np.int64)
        if kind != b"C" or len(counts) != len(texts):
            raise WorkerError(f"token worker {self.pid}: unexpected reply {kind!r} of {size} bytes")
        return counts

    def why(self, err) -> str:
        """What went wrong: the exit status and the end of the worker's stderr."""
        try:
            code = self.proc.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            code = None
        try:
            self.stderr.seek(0)
            tail = self.stderr.read()[-2000:].decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            tail = ""
        status = "still running" if code is None else f"exit status {code}"
        return f"token worker {self.pid} failed ({err}; {status})" + (f": {tail}" if tail else "")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self) -> None:
        """End of file on the worker's stdin: it exits (call :meth:`reap` to wait for it).
        Only when no thread is reading or writing its pipes (their numbers could be reused)."""
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass

    def reap(self, timeout: float) -> None:
        try:
            self.proc.wait(timeout=max(timeout, 0.0))
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.stderr.close()

    def kill(self) -> None:
        """SIGKILL (a thread blocked on its pipes then sees end of file or a broken pipe)."""
        try:
            self.proc.kill()
        except OSError:
            pass

    def forget_in_child(self) -> None:
        """After ``os.fork()``, in the child: let go of the parent's pipes (the worker is not ours)."""
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (self.wfd, self.rfd):
            try:
                os.dup2(null, fd)
            except OSError:
                pass
        os.close(null)
        self.proc.returncode = 0  # never wait for or signal another process's child


class WorkerPool:
    """``n`` worker processes owned by this process; one count_tokens call uses them at a time."""

    def __init__(self, n: int, encoding: str):
        self.owner = os.getpid()
        self.n = n
        self.busy = threading.Lock()
        self.workers: list[Worker] = []
        spec = worker_spec(encoding)
        try:
            for _ in range(n):
                self.workers.append(Worker(spec))
        except BaseException:
            self.stop()
            raise

    def replace_dead(self, encoding: str) -> None:
        for i, w in enumerate(self.workers):
            if not w.alive():
                w.close()
                w.reap(0.0)
                self.workers[i] = Worker(worker_spec(encoding))

    def stop(self, wait: float = EXIT_WAIT) -> None:
        """End of file to every worker, then wait for them (killed after ``wait`` seconds)."""
        for w in self.workers:
            w.close()
        deadline = time.monotonic() + wait
        for w in self.workers:
            w.reap(deadline - time.monotonic())

    def kill(self) -> None:
        for w in self.workers:
            w.kill()


def pool_is_running(workers: int) -> bool:
    """Whether a pool of ``workers`` processes, started by this process, is alive."""
    pool = _POOL
    return pool is not None and pool.owner == os.getpid() and pool.n == workers and all(w.alive() for w in pool.workers)


def get_pool(workers: int, encoding: str = "cl100k_base") -> WorkerPool:
    """The shared pool of ``workers`` processes, started if needed (not waited for: a worker
    reads its first task once it has loaded the encoding)."""
    global _POOL
    with _LOCK:
        pool = _POOL
        if pool is not None and pool.owner == os.getpid() and pool.n == workers:
            if pool.busy.acquire(blocking=False):  # not in use by another thread: safe to repair
                try:
                    pool.replace_dead(encoding)
                finally:
                    pool.busy.release()
            return pool
        if pool is not None and pool.owner == os.getpid():
            _POOL = None
            with pool.busy:
                pool.stop()
        _POOL = WorkerPool(workers, encoding)
        return _POOL


def _forget(pool: WorkerPool) -> None:
    """The next call starts new workers (this pool's are being killed)."""
    global _POOL
    with _LOCK:
        if _POOL is pool:
            _POOL = None


def shutdown_pool(wait: float = EXIT_WAIT) -> None:
    """Stop the worker processes (they are started again when next needed).

    Closing a worker's stdin ends it; any still running after ``wait`` seconds is killed. If
    another thread is counting on them, they are killed at once (that call then counts the
    rest itself, or, at interpreter exit, its thread ends quietly).
    """
    global _POOL
    with _LOCK:
        pool, _POOL = _POOL, None
    if pool is None or pool.owner != os.getpid():
        return
    if pool.busy.acquire(blocking=False):
        try:
            pool.stop(wait)
        finally:
            pool.busy.release()
    else:
        pool.kill()


_EXITING = False


def _at_exit() -> None:
    global _EXITING
    _EXITING = True
    shutdown_pool()


def worker_pids() -> list[int]:
    """Process ids of the running workers (for tests and the memory benchmark)."""
    pool = _POOL
    if pool is None or pool.owner != os.getpid():
        return []
    return [w.pid for w in pool.workers if w.alive()]


def _after_fork_in_child() -> None:
    global _POOL, _LOCK, _LOCK_SPAWNER
    _LOCK, _LOCK_SPAWNER = threading.Lock(), threading.Lock()  # another thread may have held them
    pool, _POOL = _POOL, None
    if pool is not None:
        for w in pool.workers:
            w.forget_in_child()


class ParallelCount:
    """The chunks of one count_tokens call, counted by the worker processes or by threads.

    ``submit(key, texts)`` queues a chunk; ``results(block)`` yields ``(key, counts)`` as chunks
    finish (all of them once :meth:`close` was called and ``block`` is true). A worker that
    fails is dropped with one warning and its chunk (and any left once no worker is alive) is
    counted in this thread. :meth:`abort` (on an exception in the caller) kills the workers.
    """

    def __init__(self, encoding: str, n: int):
        if _EXITING:  # a thread still counting while the interpreter exits: end it quietly
            raise SystemExit(0)
        self.encoding = encoding
        self.spec = json.dumps(worker_spec(encoding)).encode()
        self.tasks: queue.SimpleQueue = queue.SimpleQueue()
        self.done: queue.SimpleQueue = queue.SimpleQueue()
        self.pending = 0
        self.warned = False
        self.broken = False  # a worker failed: the pool's processes were killed
        self.pool: WorkerPool | None = None
        if may_have_children():
            try:
                pool = get_pool(n, encoding)
            except (OSError, WorkerError, subprocess.SubprocessError) as err:
                self._warn(f"token-counting worker processes could not start ({err}); counting with threads here", 3)
            else:
                if pool.busy.acquire(blocking=False):  # else another thread's call is using them
                    self.pool = pool
        if self.pool is not None:
            self.feeders = [threading.Thread(target=self._feed_worker, args=(w,), daemon=True,
                                             name=f"token-worker-{w.pid}") for w in self.pool.workers]
        else:
            get_encoding(encoding)  # loaded once, before the threads need it
            self.feeders = [threading.Thread(target=self._feed_thread, daemon=True, name="token-thread")
                            for _ in range(n)]
        self.live = len(self.feeders)
        for t in self.feeders:
            t.start()

    def _warn(self, message: str, stacklevel: int) -> None:
        if not self.warned:
            self.warned = True
            warnings.warn(message, RuntimeWarning, stacklevel=stacklevel + 1)

    def _feed_worker(self, w: Worker) -> None:
        while (task := self.tasks.get()) is not None:
            key, texts = task
            try:
                self.done.put((key, w.count(self.spec, texts), None))
            except WorkerError as err:
                self.done.put((key, texts, err))
                return

    def _feed_thread(self) -> None:
        while (task := self.tasks.get()) is not None:
            key, texts = task
            try:
                self.done.put((key, count_chunk(texts, self.encoding), None))
            except BaseException as err:  # counted (and raised) again in the caller's thread
                self.done.put((key, texts, err))
                return

    def submit(self, key, texts: list[str]) -> None:
        self.pending += 1
        self.tasks.put((key, texts))

    def close(self) -> None:
        for _ in self.feeders:
            self.tasks.put(None)

    def results(self, block: bool):
        while self.pending:
            if self.live == 0:  # every feeder failed: count what is left here
                try:
                    task = self.tasks.get_nowait()
                except queue.Empty:
                    break
                if task is not None:
                    self.pending -= 1
                    yield task[0], count_chunk(task[1], self.encoding)
                continue
            try:
                key, value, err = self.done.get(block=block, timeout=0.1 if block else None)
            except queue.Empty:
                if block:
                    continue
                return
            self.pending -= 1
            if err is not None:
                self.live -= 1
                if _EXITING:  # the interpreter is exiting and killed the workers: end quietly
                    raise SystemExit(0)
                if self.pool is not None and not self.broken:
                    self._warn(f"a token-counting worker failed ({err}); counting its share here instead", 4)
                    self._break()
                value = count_chunk(value, self.encoding)
            yield key, value

    def _break(self) -> None:
        """Kill the pool's processes (its other feeders then fail fast); the next call starts anew."""
        self.broken = True
        _forget(self.pool)
        self.pool.kill()

    def _release(self) -> None:
        """Once the feeders have ended: free the pool (or close a broken one's pipes)."""
        pool, self.pool = self.pool, None
        if pool is not None:
            if self.broken:
                pool.stop(0.0)
            pool.busy.release()

    def finish(self) -> None:
        """After the last result: the feeding threads end; the pool is free for the next call."""
        for t in self.feeders:
            t.join()
        self._release()

    def abort(self) -> None:
        """The caller failed (an exception, Ctrl-C): stop now, leaving nothing behind."""
        try:
            while True:
                self.tasks.get_nowait()
        except queue.Empty:
            pass
        for _ in self.feeders:
            self.tasks.put(None)
        if self.pool is not None and not self.broken:
            self._break()  # a worker may be in the middle of a frame: it cannot be reused
        for t in self.feeders:
            t.join(timeout=EXIT_WAIT)
        if all(not t.is_alive() for t in self.feeders):
            self._release()
        elif self.pool is not None:  # (never seen) a feeder still blocked: leave its pipes open
            self.pool.busy.release()
            self.pool = None


atexit.register(_at_exit)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
