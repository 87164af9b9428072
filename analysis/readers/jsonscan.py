"""A few top-level fields of a JSON object too large to load whole, read from a stream.

A long agent transcript (an Inspect sample with its events) can hold hundreds of MiB of JSON,
of which a reader needs a few small fields (``output``, ``model_usage``). :func:`top_level_fields`
scans the bytes piece by piece, tracking only string and nesting state, keeps the bytes of the
wanted top-level values and parses just those; everything else is skipped without building
Python objects. Memory: one piece plus the wanted values.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterable

from ..errors import DataError, Problem

_OUTSIDE = re.compile(rb'["{}\[\],:]')
_INSIDE = re.compile(rb'["\\]')


def top_level_fields(pieces: Iterable[bytes], wanted: Iterable[str], *, source: str | None = None,
                     where: str | None = None) -> dict[str, Any]:
    """The values of the ``wanted`` keys of the JSON object whose bytes ``pieces`` yields (keys
    absent from the object are absent from the result). The whole stream is consumed (so a
    checked stream verifies its CRC); once every wanted key is found the rest is read but not
    parsed. Malformed JSON is a DataError naming ``source``/``where``."""
    wanted = set(wanted)
    out: dict[str, Any] = {}
    depth = 0
    in_str = escape = False
    mode = "start"  # start | key_wait | key | colon | value | end
    key_buf = bytearray()
    key: str | None = None
    target: bytearray | None = None

    def bad(message: str) -> DataError:
        return DataError(Problem(source, where, None, f"not a JSON object as expected: {message}"))

    def finish_value() -> None:
        nonlocal target
        if target is not None and key is not None:
            try:
                out[key] = json.loads(bytes(target))
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise DataError(Problem(source, where, key, f"not valid JSON: {exc}")) from None
        target = None

    stream = iter(pieces)
    for chunk in stream:
        if wanted and wanted.issubset(out):
            for _ in stream:  # the rest is not needed, but read to the end (a checked stream verifies its CRC)
                pass
            return out
        i, n = 0, len(chunk)
        while i < n:
            if in_str:
                sink = key_buf if mode == "key" else target
                if escape:  # the character after a backslash that ended the previous piece
                    escape = False
                    if sink is not None:
                        sink += chunk[i:i + 1]
                    i += 1
                    continue
                m = _INSIDE.search(chunk, i)
                if m is None:
                    if sink is not None:
                        sink += chunk[i:]
                    break
                j = m.start()
                if chunk[j] == 0x5C:  # backslash: skip the escaped character
                    if j + 1 < n:
                        if sink is not None:
                            sink += chunk[i:j + 2]
                        i = j + 2
                    else:
                        if sink is not None:
                            sink += chunk[i:j + 1]
                        escape = True
                        i = n
                    continue
                if sink is not None:
                    sink += chunk[i:j + 1]
                in_str = False
                i = j + 1
                if mode == "key":
                    try:
                        key = json.loads(bytes(key_buf))
                    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                        raise bad(f"unreadable key: {exc}") from None
                    mode = "colon"
                continue
            m = _OUTSIDE.search(chunk, i)
            if m is None:
                if target is not None:
                    target += chunk[i:]
                if mode in ("start", "key_wait", "colon", "end") and chunk[i:].strip():
                    raise bad(f"unexpected {chunk[i:i + 20]!r}")
                break
            j = m.start()
            c = chunk[j:j + 1]
            between = chunk[i:j]
            i = j + 1
            if mode == "start":
                if between.strip() or c != b"{":
                    raise bad("does not start with '{'")
                depth, mode = 1, "key_wait"
                continue
            if mode == "end":
                raise bad("data after the end of the object")
            if depth == 1 and mode in ("key_wait", "colon"):
                if between.strip():
                    raise bad(f"unexpected {between[:20]!r}")
                if mode == "key_wait" and c == b'"':
                    key_buf = bytearray(b'"')
                    in_str, mode = True, "key"
                elif mode == "key_wait" and c == b"}":
                    depth, mode = 0, "end"
                elif mode == "colon" and c == b":":
                    mode = "value"
                    target = bytearray() if key in wanted else None
                else:
                    raise bad(f"unexpected {c!r}")
                continue
            # inside a value (mode == "value")
            if depth == 1 and c in (b",", b"}"):
                if target is not None:
                    target += between
                finish_value()
                if c == b"}":
                    depth, mode = 0, "end"
                else:
                    mode = "key_wait"
                continue
            if target is not None:
                target += between
                target += c
            if c == b'"':
                in_str = True
            elif c in (b"{", b"["):
                depth += 1
            elif c in (b"}", b"]"):
                depth -= 1
    if mode != "end":
        raise bad("the object ends early (truncated?)")
    return out
