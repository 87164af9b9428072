"""The token-counting worker process (``python -m analysis.tokens.worker``): stdlib + tiktoken only.

:mod:`analysis.tokens.pool` starts each worker as a fresh interpreter running this module and
talks to it over its stdin/stdout pipes, so a worker never imports the caller's ``__main__`` (a
script without a main guard, ``python -``, ``python -c``, a notebook) and never inherits its
threads. A worker needs nothing but the standard library and tiktoken, and must stay so whatever
``analysis`` comes to import (tests/test_package.py checks it): ``analysis`` and
``analysis.tokens`` load their names lazily, so importing this module imports neither numpy nor
pandas.

Protocol (all integers little-endian). Every frame is a 9-byte header, ``kind`` (1 byte) and
payload length (uint64), then the payload:

- parent -> worker, ``T``: uint32 spec length, uint32 n, the spec (JSON ``[encoding, path,
  sha256, env]``), n int64 character counts, then the n texts as one UTF-8 string
  (``surrogatepass``, so lone surrogates survive the trip).
- worker -> parent, ``C``: n int64 token counts; or ``E``: a UTF-8 error message.

The worker exits when its stdin reaches end of file (the parent closed it, or died), when
writing a reply fails (the parent is gone), and when its parent process dies, even in the middle
of a long text (Linux: ``PR_SET_PDEATHSIG`` = SIGKILL; see :func:`_exit_with_parent`). It starts
no process of its own. Its own stdin
and stdout are pointed at ``os.devnull`` once the pipes are taken over, so nothing a library
prints can corrupt a frame; stderr goes wherever the parent sent it (a temporary file).

Offline: a worker loads an encoding only after checking that its file is in tiktoken's cache with
the sha256 tiktoken expects (the parent seeded it with
``analysis.tokens.encodings.ensure_encoding_file`` and sends the path and hash); otherwise it
raises, so tiktoken never gets the chance to download anything.
"""

from __future__ import annotations

import hashlib
import os
import struct
import sys
from array import array

_LOADED: dict[str, object] = {}
_ENV_KEYS = ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR")
HEADER = struct.Struct("<cQ")  # frame kind, payload length
TASK = struct.Struct("<II")  # spec length, number of texts
_NO_SPECIAL: frozenset = frozenset()
_readv = getattr(os, "readv", None)


def load(encoding: str, path: str, sha256: str, env: dict[str, str]):
    """The tiktoken Encoding, loaded once per process from the verified cache file (its merge
    ranks from the verified derived file of :mod:`analysis.tokens.ranks` when there is one)."""
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
        from .ranks import load_encoding  # stdlib + tiktoken only, like this module

        enc = _LOADED[encoding] = load_encoding(encoding, path, sha256)
    return enc


def count_texts(enc, texts: list[str]) -> array:
    """Tokens in each text (``array('q')``), special-token strings counted as ordinary text.

    The same counts as ``len(enc.encode_ordinary(t))`` (= ``enc.encode(t, disallowed_special=())``):
    '<|endoftext|>' in a text is the 7 tokens of its characters, never the special token and
    never an error. Where tiktoken has it, the count comes from ``encode_to_tiktoken_buffer``
    with no special token allowed (what ``Encoding.encode_to_numpy`` calls): the tokens stay in
    one native buffer instead of becoming a Python list of ints, 10-25 % less CPU per text.
    Lone surrogates are replaced as ``encode_ordinary`` does.
    """
    core = getattr(enc, "_core_bpe", None)
    to_buffer = getattr(core, "encode_to_tiktoken_buffer", None)
    out = array("q", bytes(8 * len(texts)))
    if to_buffer is None:  # an older or different tiktoken: the public call
        for i, t in enumerate(texts):
            out[i] = len(enc.encode_ordinary(t))
        return out
    none = _NO_SPECIAL
    for i, t in enumerate(texts):
        try:
            buf = to_buffer(t, none)
        except UnicodeEncodeError:  # lone surrogates: replaced, as encode_ordinary does
            buf = to_buffer(t.encode("utf-16", "surrogatepass").decode("utf-16", "replace"), none)
        out[i] = memoryview(buf).nbytes >> 2  # uint32 tokens
    return out


def encode_task(spec: bytes, texts: list[str]) -> list[bytes]:
    """A ``T`` frame (header and payload, as pieces to write in order) for ``texts``."""
    lengths = array("q", map(len, texts))
    blob = "".join(texts).encode("utf-8", "surrogatepass")
    size = TASK.size + len(spec) + 8 * len(texts) + len(blob)
    return [HEADER.pack(b"T", size) + TASK.pack(len(spec), len(texts)) + spec, lengths.tobytes(), blob]


def decode_task(payload: memoryview) -> tuple[list, list[str]]:
    """The spec and the texts of a ``T`` payload."""
    import json

    spec_len, n = TASK.unpack_from(payload)
    at = TASK.size
    spec = json.loads(bytes(payload[at : at + spec_len]))
    at += spec_len
    lengths = array("q")
    lengths.frombytes(payload[at : at + 8 * n])
    text = str(payload[at + 8 * n :], "utf-8", "surrogatepass")
    texts, pos = [], 0
    for k in lengths:
        texts.append(text[pos : pos + k])
        pos += k
    return spec, texts


def read_exact(fd: int, n: int) -> memoryview | None:
    """``n`` bytes from ``fd``, or None at end of file."""
    view = memoryview(bytearray(n))
    got = 0
    while got < n:
        if _readv is not None:
            k = _readv(fd, [view[got:]])
        else:  # Windows
            piece = os.read(fd, n - got)
            k = len(piece)
            view[got : got + k] = piece
        if k == 0:
            return None
        got += k
    return view


def write_all(fd: int, pieces: list[bytes]) -> None:
    """Write every piece to ``fd`` (a pipe write may be partial)."""
    for piece in pieces:
        view = memoryview(piece)
        while view:
            view = view[os.write(fd, view) :]


def _exit_with_parent(parent: int) -> None:
    """Exit as soon as the parent process dies, even in the middle of counting one long text.

    Linux: the kernel sends SIGKILL (``PR_SET_PDEATHSIG``; the parent starts workers from a thread
    that lives as long as it does). Other POSIX systems: a thread checks every 0.2 s whether the
    worker was handed to another parent (tiktoken releases the GIL while it encodes). Everywhere:
    end of file on stdin, or a failed write, ends the worker too.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError, ImportError):
            pass
    elif os.name == "posix":
        import threading
        import time

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.2)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()
    if os.name == "posix" and os.getppid() != parent:  # the parent died before this was armed
        os._exit(1)


def main(argv: list[str]) -> None:
    """Serve ``T`` frames on stdin until end of file. argv: parent pid [, spec JSON to preload]."""
    import json
    import signal

    _exit_with_parent(int(argv[0]))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent: no traceback from here
    rfd, wfd = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    if len(argv) > 1:  # load the encoding while the parent hashes the texts
        try:
            load(*json.loads(argv[1]))
        except Exception:  # reported with the first task, which tries again
            pass
    while True:
        head = read_exact(rfd, HEADER.size)
        if head is None:
            return
        kind, size = HEADER.unpack(head)
        payload = read_exact(rfd, size)
        if payload is None:
            return
        try:
            if kind != b"T":
                raise RuntimeError(f"token worker: unknown frame {kind!r}")
            spec, texts = decode_task(payload)
            del payload
            reply = [b"C", count_texts(load(*spec), texts).tobytes()]
        except Exception as err:
            reply = [b"E", f"{type(err).__name__}: {err}".encode("utf-8", "replace")]
        texts = None
        try:
            write_all(wfd, [HEADER.pack(reply[0], len(reply[1])), reply[1]])
        except OSError:  # the parent is gone
            return


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except BaseException:
        import traceback

        traceback.print_exc()  # to the parent's temporary file, read if the worker fails
        sys.stderr.flush()
        os._exit(1)
    os._exit(0)  # no interpreter teardown: nothing is left to flush or clean up
