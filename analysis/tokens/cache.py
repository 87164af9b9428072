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
disk, locked for too long) only costs speed: a warning, and the counts are returned uncached.
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
    """The token-count cache in one SQLite file (see the module docstring)."""

    def __init__(self, path: str | os.PathLike | None = None, *, timeout: float = 60.0):
        self.path = Path(path) if path is not None else default_cache_path()
        self.timeout = timeout

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.exists() and not self.path.is_file():  # a folder, a FIFO (would hang), a device
            raise OSError(f"{self.path} is not a regular file")
        con = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        try:
            try:
                con.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError:  # e.g. a file system without shared memory
                pass
            con.execute("PRAGMA synchronous=NORMAL")
            con.execute(_SCHEMA)
        except BaseException:
            con.close()
            raise
        return con

    def _quarantine(self, err: Exception) -> None:
        bad = self.path.with_name(f"{self.path.name}.corrupt-{time.time_ns()}")
        warnings.warn(
            f"token cache {self.path} is unreadable ({err}); moved it to {bad.name} and starting "
            "a fresh cache (counts are recomputed)",
            RuntimeWarning,
            stacklevel=4,
        )
        for suffix in ("", "-wal", "-shm"):
            p = Path(str(self.path) + suffix)
            try:
                os.replace(p, Path(str(bad) + suffix))
            except FileNotFoundError:
                pass

    def _run(self, action):
        """Run ``action(con)``; on a corrupt file, quarantine it and retry once on a fresh one."""
        for attempt in (0, 1):
            try:
                con = self._connect()
                try:
                    return action(con)
                finally:
                    con.close()
            except sqlite3.DatabaseError as err:
                corrupt = not isinstance(err, sqlite3.OperationalError) or "malformed" in str(err)
                if corrupt and attempt == 0:
                    self._quarantine(err)
                    continue
                warnings.warn(f"token cache {self.path} not used: {err}", RuntimeWarning, stacklevel=4)
                return None
            except OSError as err:
                warnings.warn(f"token cache {self.path} not used: {err}", RuntimeWarning, stacklevel=4)
                return None

    def get(self, encoding: str, digests: list[bytes]) -> np.ndarray:
        """Cached counts for ``digests`` (int64, -1 where missing or failing its check)."""
        out = np.full(len(digests), -1, dtype=np.int64)
        if not digests:
            return out

        def action(con: sqlite3.Connection) -> np.ndarray:
            found: dict[bytes, int] = {}
            for start in range(0, len(digests), _BATCH):
                batch = digests[start : start + _BATCH]
                marks = ",".join("?" * len(batch))
                rows = con.execute(
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

        result = self._run(action)
        return out if result is None else result

    def put(self, encoding: str, digests: list[bytes], counts: np.ndarray) -> None:
        """Store counts (one transaction: all of them or none)."""
        if not digests:
            return
        rows = [(encoding, d, int(n), _check(encoding, d, int(n))) for d, n in zip(digests, counts)]

        def action(con: sqlite3.Connection) -> None:
            con.execute("BEGIN IMMEDIATE")
            try:
                con.executemany("INSERT OR REPLACE INTO counts VALUES (?, ?, ?, ?)", rows)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

        self._run(action)
