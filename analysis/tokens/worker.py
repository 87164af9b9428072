"""Code run by the token-counting worker processes of :mod:`analysis.tokens.pool`: stdlib + tiktoken only.

A worker (or the fork server it is forked from) needs nothing but the standard library and
tiktoken, and must stay so whatever ``analysis`` comes to import (it once pulled in pandas: ~0.4 s
and ~100 MB per server for nothing). ``analysis`` and ``analysis.tokens`` load their names
lazily, so importing this module imports neither numpy nor pandas (tests/tokens/ checks it).

Offline: a worker loads an encoding only after checking that its file is in tiktoken's cache with
the sha256 tiktoken expects (the parent process seeded it with
``analysis.tokens.encodings.ensure_encoding_file`` and sends the path and hash); otherwise it raises, so
tiktoken never gets the chance to download anything.
"""

from __future__ import annotations

import hashlib
import os
from array import array

_LOADED: dict[str, object] = {}
_ENV_KEYS = ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR")


def load(encoding: str, path: str, sha256: str, env: dict[str, str]):
    """The tiktoken Encoding, loaded once per process from the verified cache file."""
    enc = _LOADED.get(encoding)
    if enc is None:
        try:
            with open(path, "rb") as fh:
                ok = hashlib.sha256(fh.read()).hexdigest() == sha256
        except OSError as err:
            raise RuntimeError(f"token worker: encoding file for {encoding!r} not readable: {err}") from None
        if not ok:
            raise RuntimeError(f"token worker: encoding file {path} for {encoding!r} fails its sha256 check")
        for key in _ENV_KEYS:  # point tiktoken at the file just checked
            if key in env:
                os.environ[key] = env[key]
            else:
                os.environ.pop(key, None)
        import tiktoken

        enc = _LOADED[encoding] = tiktoken.get_encoding(encoding)
    return enc


def init(encoding: str, path: str, sha256: str, env: dict[str, str]) -> None:
    """Worker initialiser: ignore Ctrl-C (the parent handles it, and a Jupyter kernel's
    interrupt or shutdown must not print a traceback from every worker), then load the first
    encoding before any work arrives."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    load(encoding, path, sha256, env)


def ready() -> int:
    return os.getpid()


def count(texts: list[str], encoding: str, path: str, sha256: str, env: dict[str, str]) -> bytes:
    """Token counts of ``texts`` as native int64 bytes (``encode_ordinary``: see analysis.tokens.pool)."""
    encode = load(encoding, path, sha256, env).encode_ordinary
    return array("q", [len(encode(t)) for t in texts]).tobytes()
