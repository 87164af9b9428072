"""On-disk cache of token counts: (encoding, sha256 of the text's UTF-8) -> number of tokens.

Where: the file ``counts.sqlite3`` in the folder ``$RTE_TOKEN_CACHE`` if that is set, else in
``~/.cache/reasoning-token-efficiency/token-counts/``. ``count_tokens(..., cache=False)`` neither
reads nor writes it; deleting the folder is always safe (counts are recomputed).

Why SQLite rather than files replaced atomically (temp file + ``os.replace``): a cache of millions
of small entries must be updated in place. Rewriting a whole file per call costs O(cache size)
and two concurrent writers would lose one another's entries (last ``os.replace`` wins); one file
per entry costs an inode and a syscall per text. SQLite gives atomic, crash-safe transactions
(WAL journal) and serialises concurrent writers from any number of processes with its own locks,
in one file, with indexed look-ups.

Corruption is detected, never trusted: every row stores a CRC32 of (encoding, digest, count) and a
row whose check fails is ignored (the text is recounted and the row rewritten). A file SQLite
cannot read ("file is not a database", "malformed") is moved aside as ``<name>.corrupt-<time>``
with a warning and a fresh cache is started. A cache that cannot be opened or written (read-only
disk, locked by another process for more than ``LOCK_TIMEOUT`` = 1 s) only costs speed: one
warning, and the counts are returned uncached.
"""

from __future__ import annotations

import os
import sqlite3
import time
import warnings
import zlib
from pathlib import Path

import numpy as np

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS counts ("
    " encoding TEXT NOT NULL, digest BLOB NOT NULL, n INTEGER NOT NULL, chk INTEGER NOT NULL,"
    " PRIMARY KEY (encoding, digest)) WITHOUT ROWID"
)
#: Longest wait, in seconds, for another process's lock on the cache before counting without
#: it (reading), and again after counting (writing); each with one warning at most per call.
LOCK_TIMEOUT = 1.0
_BATCH = 5_000  # digests per SELECT ... IN (...) (SQLite allows 32,766 parameters)


def default_cache_dir() -> Path:
    """``$RTE_TOKEN_CACHE`` if set, else ``~/.cache/reasoning-token-efficiency/token-counts``."""
    env = os.environ.get("RTE_TOKEN_CACHE")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".cache" / "reasoning-token-efficiency" / "token-counts"


def default_cache_path() -> Path:
    """The cache file: ``counts.sqlite3`` in :func:`default_cache_dir`."""
    return default_cache_dir() / "counts.sqlite3"


def _check(encoding: str, digest: bytes, n: int) -> int:
    return zlib.crc32(digest + n.to_bytes(8, "little", signed=True), zlib.crc32(encoding.encode()))


class TokenCache:
    """The token-count cache in one SQLite file (see the module docstring).

    One instance serves one ``count_tokens`` call: it keeps its connection open until
    :meth:`close`. Waiting for another process's lock is bounded: reads wait at most ``timeout``
    seconds in all, and so do writes; past that, or on any error, the instance warns once, sets
    ``failed`` and is not used again (reads return "missing", writes do nothing), so the call
    counts without the cache.
    """

    def __init__(self, path: str | os.PathLike | None = None, *, timeout: float = LOCK_TIMEOUT):
        self.path = Path(path) if path is not None else default_cache_path()
        self.timeout = timeout
        self.failed = False
        self._con: sqlite3.Connection | None = None
        self._left = {"read": timeout, "write": timeout}  # seconds still allowed in SQLite calls

    def close(self) -> None:
        con, self._con = self._con, None
        if con is not None:
            con.close()

    def __enter__(self) -> "TokenCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _execute(self, phase: str, sql: str, params=(), many: bool = False) -> sqlite3.Cursor:
        """Run one statement, waiting for a lock no longer than what is left of ``phase``'s time."""
        con = self._con
        left = self._left[phase]
        if left <= 0:
            raise sqlite3.OperationalError(f"database is locked (waited {self.timeout:g} s)")
        con.execute(f"PRAGMA busy_timeout = {max(1, int(left * 1000))}")
        t0 = time.monotonic()
        try:
            return con.executemany(sql, params) if many else con.execute(sql, params)
        finally:
            self._left[phase] = left - (time.monotonic() - t0)

    def _connect(self, phase: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.exists() and not self.path.is_file():  # a folder, a FIFO (would hang), a device
            raise OSError(f"{self.path} is not a regular file")
        self._con = sqlite3.connect(self.path, timeout=max(self._left[phase], 0.001), isolation_level=None,
                                    check_same_thread=False)
        try:
            try:
                self._execute(phase, "PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError as err:  # e.g. a file system without shared memory
                if "locked" in str(err) or "busy" in str(err):
                    raise
            self._execute(phase, "PRAGMA synchronous=NORMAL")
            self._execute(phase, _SCHEMA)
        except BaseException:
            self.close()
            raise

    def _quarantine(self, err: Exception) -> None:
        bad = self.path.with_name(f"{self.path.name}.corrupt-{time.time_ns()}")
        warnings.warn(
            f"token cache {self.path} is unreadable ({err}); moved it to {bad.name} and starting "
            "a fresh cache (counts are recomputed)",
            RuntimeWarning,
            stacklevel=5,
        )
        for suffix in ("", "-wal", "-shm"):
            p = Path(str(self.path) + suffix)
            try:
                os.replace(p, Path(str(bad) + suffix))
            except FileNotFoundError:
                pass

    def _give_up(self, message: str) -> None:
        self.failed = True
        self.close()
        warnings.warn(f"token cache {self.path} not used: {message}", RuntimeWarning, stacklevel=5)

    def _run(self, phase: str, action):
        """Run ``action()``; on a corrupt file, quarantine it and retry once on a fresh one."""
        if self.failed:
            return None
        for attempt in (0, 1):
            try:
                if self._con is None:
                    self._connect(phase)
                return action()
            except sqlite3.DatabaseError as err:
                locked = isinstance(err, sqlite3.OperationalError) and ("locked" in str(err) or "busy" in str(err))
                corrupt = not isinstance(err, sqlite3.OperationalError) or "malformed" in str(err)
                if corrupt and attempt == 0:
                    self.close()
                    self._quarantine(err)
                    continue
                if locked:
                    self._give_up(f"another process holds its lock (waited {self.timeout:g} s); counting without it")
                else:
                    self._give_up(str(err))
                return None
            except OSError as err:
                self._give_up(str(err))
                return None

    def get(self, encoding: str, digests: list[bytes]) -> np.ndarray:
        """Cached counts for ``digests`` (int64, -1 where missing or failing its check)."""
        out = np.full(len(digests), -1, dtype=np.int64)
        if not digests:
            return out

        def action() -> np.ndarray:
            found: dict[bytes, int] = {}
            for start in range(0, len(digests), _BATCH):
                batch = digests[start : start + _BATCH]
                marks = ",".join("?" * len(batch))
                rows = self._execute(
                    "read",
                    f"SELECT digest, n, chk FROM counts WHERE encoding = ? AND digest IN ({marks})",
                    (encoding, *batch),
                ).fetchall()
                for digest, n, chk in rows:
                    if (
                        isinstance(digest, bytes)
                        and isinstance(n, int)
                        and n >= 0
                        and chk == _check(encoding, digest, n)
                    ):
                        found[digest] = n
            if found:
                for i, d in enumerate(digests):
                    n = found.get(d)
                    if n is not None:
                        out[i] = n
            return out

        result = self._run("read", action)
        return out if result is None else result

    def put(self, encoding: str, digests: list[bytes], counts: np.ndarray) -> None:
        """Store counts (one transaction: all of them or none)."""
        if not digests:
            return
        rows = [(encoding, d, int(n), _check(encoding, d, int(n))) for d, n in zip(digests, counts)]

        def action() -> None:
            self._execute("write", "BEGIN IMMEDIATE")
            try:
                self._execute("write", "INSERT OR REPLACE INTO counts VALUES (?, ?, ?, ?)", rows, many=True)
                self._execute("write", "COMMIT")
            except BaseException:
                if self._con is not None and self._con.in_transaction:
                    self._con.execute("ROLLBACK")
                raise

        self._run("write", action)
