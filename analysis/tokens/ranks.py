"""Loading a tiktoken encoding fast: its merge ranks from a verified derived file.

Why: ``tiktoken.get_encoding("cl100k_base")`` spends ~0.13 s of its ~0.3 s parsing the
base64 text file of 100,256 merge ranks, and every token worker process (and every fresh process
that counts a few texts) pays it. After one ordinary load we keep the ranks next to tiktoken's
cached file in :mod:`marshal` form (a list of tokens in rank order and their ranks; ~0.04-0.06 s
to read and check). Nothing is trusted from that file without a check: its content must hash to the digest
written here in :data:`DERIVED_SHA256` (sha256 over the ranks as int64, the token lengths as
int64, then the tokens' bytes, in rank order), computed from the official file, whose sha256
tiktoken itself pins. A missing, stale, corrupt or unknown derived file, or one that another
user owns or may write, means the ordinary load, after which it is (re)written atomically; a
folder we may not write to only means no speed-up. Encodings without a digest here are always
loaded the ordinary way.

Imported by the token worker: standard library and tiktoken only (no numpy, no pandas).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import threading
from array import array
from pathlib import Path

#: encoding -> sha256 of its merge ranks in canonical form (see the module docstring); computed
#: from the official file whose sha256 is in ``analysis.tokens.encodings.KNOWN_FILES``.
DERIVED_SHA256: dict[str, str] = {
    "cl100k_base": "978dd8b84676858022e9110e9a8e6fccd3a8edf5b350882bff0452909df3d7aa",
}

_PATCH_LOCK = threading.Lock()


def canonical_sha256(tokens: list[bytes], ranks: list[int]) -> str:
    """sha256 of merge ranks given as tokens and their ranks, both in rank order."""
    h = hashlib.sha256()
    h.update(array("q", ranks).tobytes())
    h.update(array("q", map(len, tokens)).tobytes())
    h.update(b"".join(tokens))
    return h.hexdigest()


def derived_path(encoding_file: str | os.PathLike) -> Path:
    """Where the derived ranks of the encoding file at ``encoding_file`` are kept (its marshal
    format depends on the Python version, so the name says which)."""
    p = Path(encoding_file)
    tag = f"py{sys.version_info[0]}{sys.version_info[1]}-m{marshal.version}"
    return p.with_name(f"{p.name}.ranks-{tag}.marshal")


def read_derived(encoding: str, encoding_file: str | os.PathLike) -> dict[bytes, int] | None:
    """The verified merge ranks from the derived file, or None (missing, unreadable, wrong)."""
    expected = DERIVED_SHA256.get(encoding)
    if expected is None:
        return None
    try:
        with open(derived_path(encoding_file), "rb") as fh:
            if not _ours(os.fstat(fh.fileno())):
                return None
            tokens, ranks = marshal.loads(fh.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    try:
        ok = (isinstance(tokens, list) and isinstance(ranks, list) and len(tokens) == len(ranks)
              and canonical_sha256(tokens, ranks) == expected)
    except (TypeError, OverflowError):  # not bytes / not integers
        return None
    return dict(zip(tokens, ranks)) if ok else None


def _ours(st: os.stat_result) -> bool:
    """Only a file this user owns and nobody else may write is unmarshalled (marshal is not
    meant for data from others; tiktoken's cache folder may be shared, e.g. under /tmp)."""
    if not hasattr(os, "getuid"):  # Windows: per-user folders
        return True
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def write_derived(encoding: str, encoding_file: str | os.PathLike, mergeable_ranks: dict[bytes, int]) -> bool:
    """Keep ``mergeable_ranks`` (just loaded the ordinary way) as the derived file, atomically.
    Only for encodings with a known digest, and only if they match it; False if not written."""
    expected = DERIVED_SHA256.get(encoding)
    if expected is None:
        return False
    tokens = sorted(mergeable_ranks, key=mergeable_ranks.__getitem__)
    ranks = [mergeable_ranks[t] for t in tokens]
    if canonical_sha256(tokens, ranks) != expected:
        return False
    target = derived_path(encoding_file)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644), "wb") as fh:
            marshal.dump((tokens, ranks), fh)
        os.replace(tmp, target)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
        return False
    return True


def load_encoding(encoding: str, encoding_file: str | os.PathLike, file_sha256: str):
    """``tiktoken.get_encoding(encoding)``, with its merge ranks from the derived file when that
    file checks out (else the ordinary load, then the derived file is written).

    The caller must have verified ``encoding_file`` (tiktoken's cached copy, the one it would
    read) against ``file_sha256`` first: tiktoken downloads a cached file that fails its check.
    While the encoding is built, tiktoken's loader answers with the derived ranks only for that
    file (by its sha256); any other load, from another thread, goes to tiktoken as usual.
    """
    import tiktoken
    import tiktoken.registry

    if encoding in getattr(tiktoken.registry, "ENCODINGS", {}):
        return tiktoken.get_encoding(encoding)
    ranks = read_derived(encoding, encoding_file)
    if ranks is None:
        enc = tiktoken.get_encoding(encoding)
        mergeable = getattr(enc, "_mergeable_ranks", None)
        if isinstance(mergeable, dict):
            write_derived(encoding, encoding_file, mergeable)
        return enc
    try:
        import tiktoken_ext.openai_public as public
    except ImportError:
        return tiktoken.get_encoding(encoding)
    with _PATCH_LOCK:  # the constructor reads its ranks through this module-level name
        original = getattr(public, "load_tiktoken_bpe", None)
        if original is None:
            return tiktoken.get_encoding(encoding)

        def load_tiktoken_bpe(*args, **kwargs):
            if kwargs.get("expected_hash") == file_sha256:
                return ranks
            return original(*args, **kwargs)

        public.load_tiktoken_bpe = load_tiktoken_bpe
        try:
            return tiktoken.get_encoding(encoding)
        finally:
            public.load_tiktoken_bpe = original
