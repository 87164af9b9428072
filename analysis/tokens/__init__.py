"""Counting tokens from text, where a log has the text but no usage: fast, cached, offline.

``count`` (what callers use), ``fill`` (the one policy for filling in missing counts of a
table), ``sanity`` (warnings about suspicious counts), ``cache`` (counts on disk by content
hash), ``pool`` (worker processes, and why they are fresh interpreters on pipes), ``encodings``
(tiktoken files, never downloaded), ``ranks`` (an encoding's merge ranks loaded fast from a
verified derived file), ``progress`` (the progress bar of long counts) and ``worker``
(the program a worker process runs, ``python -m analysis.tokens.worker``: stdlib + tiktoken
only). Names load on first use, so a worker that imports ``analysis.tokens.worker`` pulls in
neither numpy, pandas nor matplotlib.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_EXPORTS = {
    "add_token_counts": "fill",
    "check_token_sanity": "sanity",
    "fill_token_counts": "fill",
    "count_tokens": "count",
    "ensure_encoding_file": "encodings",
    "get_encoding": "encodings",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if TYPE_CHECKING:
    from .count import count_tokens  # noqa: F401
    from .fill import add_token_counts, fill_token_counts  # noqa: F401
    from .sanity import check_token_sanity  # noqa: F401
    from .encodings import ensure_encoding_file, get_encoding  # noqa: F401
