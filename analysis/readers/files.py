"""Opening and recognising result files: the one JSON-lines reader and the format tests every
reader, :func:`analysis.read_any` and the bundled-data loaders (``analysis.datasets``) share.

- :func:`regular_file`: the path, if it names a regular file (a folder, an empty path, a FIFO or
  a device such as ``/dev/zero`` is a :class:`~analysis.DataError` at once, never a hang).
- :func:`open_bytes`: the file's bytes, decompressed as they are read when the name ends in
  ``.gz``, ``.xz`` or ``.zst``, with a limit on the decompression ratio (a "zip bomb" fails
  fast, in little memory); corrupt or truncated compressed data is a DataError.
- :func:`decode`: the one decoder of text: UTF-8, a byte-order mark at the start dropped (in
  every format), bytes that are not UTF-8 a DataError naming the file, the line and the column.
- :func:`json_lines`: (line number, record) for each non-blank line of a JSON-lines file; a line
  that is not UTF-8, not JSON or (by default) not an object is a DataError naming the file, the
  line and the column. So is a string that is not Unicode (a lone ``\\ud800`` escape).
- :func:`table_kind`: 'csv', 'jsonl' or 'parquet' from the name (a compression suffix allowed).
- :func:`is_eval_zip`: an Inspect ``.eval`` log (a zip: first bytes ``PK``, or the suffix).
- :func:`load_json_file`: a whole ``.json`` file, a DataError naming the line where it breaks.
"""

from __future__ import annotations

import gzip
import io
import json
import lzma
import os
import re
import stat
import zlib
from pathlib import Path
from typing import IO, Any, Iterator

from ..errors import DataError, Problem

_TABLE_SUFFIXES = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
#: Compressed files are read through these (by suffix).
COMPRESSIONS = (".gz", ".xz", ".zst")
#: Largest ratio of decompressed to compressed bytes read (beyond the first
#: ``RATIO_FREE_BYTES``): text logs compress 5-20 times; a "zip bomb" 1,000 times or more.
MAX_DECOMPRESSION_RATIO = 200
#: Bytes any compressed file may inflate to before the ratio is checked (4 MiB).
RATIO_FREE_BYTES = 4 << 20
_RAW_READ = 8 << 10  # compressed bytes handed to the decompressor at a time: the ratio is checked this finely
BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_BLANK = frozenset({b"\n", b"\r\n", b""})
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


# --------------------------------------------------------------------------- which files


def regular_file(path: str | os.PathLike) -> Path:
    """``path`` as a Path, if it names a regular file (symbolic links followed).

    An empty path, a folder, a FIFO, a socket or a device is a DataError at once (reading a FIFO
    or ``/dev/zero`` would never end); a missing file is FileNotFoundError; no permission,
    PermissionError.
    """
    if isinstance(path, (str, os.PathLike)) and os.fspath(path) in ("", b""):
        raise DataError(Problem("", None, None, "empty path: name a results file"))
    p = Path(path)
    mode = os.stat(p).st_mode  # FileNotFoundError / PermissionError as they are
    if not stat.S_ISREG(mode):
        kind = ("a folder" if stat.S_ISDIR(mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode)
                else "not a file")
        raise DataError(Problem(str(p), None, None, f"not a regular file ({kind}); give the path of a results file"))
    return p


# --------------------------------------------------------------------------- bytes


class _Counted(io.RawIOBase):
    """The compressed file, read in small pieces, counting the bytes handed out."""

    def __init__(self, raw: IO[bytes]):
        self.raw = raw
        self.n = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        view = memoryview(buffer)[:_RAW_READ]
        n = self.raw.readinto(view)
        self.n += n or 0
        return n or 0

    def close(self) -> None:
        self.raw.close()
        super().close()


class _Guarded(io.RawIOBase):
    """Decompressed bytes, stopping with a DataError when they outgrow the compressed bytes by
    more than ``max_ratio`` or when the compressed data is corrupt."""

    def __init__(self, stream: IO[bytes], counted: _Counted, source: str, kind: str, max_ratio: float):
        self.stream, self.counted, self.source, self.kind, self.max_ratio = stream, counted, source, kind, max_ratio
        self.out = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            data = self.stream.read(len(buffer))
        except DataError:
            raise
        except (EOFError, OSError, zlib.error, lzma.LZMAError, ValueError) as exc:
            raise self._corrupt(exc) from None
        except Exception as exc:  # zstandard.ZstdError
            if type(exc).__name__ == "ZstdError":
                raise self._corrupt(exc) from None
            raise
        n = len(data)
        buffer[:n] = data
        self.out += n
        if self.out > RATIO_FREE_BYTES and self.out > self.max_ratio * max(self.counted.n, 1):
            raise DataError(Problem(
                self.source, None, None,
                f"decompresses to more than {self.max_ratio:g} times its compressed size (a 'zip bomb'?); "
                f"stopped after {self.out:,} bytes. A genuine file this repetitive: decompress it and read "
                "the plain file (no ratio limit applies to it)"))
        return n

    def _corrupt(self, exc: BaseException) -> DataError:
        why = str(exc) or type(exc).__name__
        return DataError(Problem(self.source, None, None,
                                 f"cannot decompress ({self.kind}): corrupt or truncated data ({why}) "
                                 f"after {self.out:,} decompressed bytes"))

    def close(self) -> None:
        try:
            self.stream.close()
        finally:
            self.counted.close()
            super().close()


class _Zstd(io.RawIOBase):
    """Zstandard frames one after another, fed in small pieces so that one call cannot inflate
    without bound, and a last frame cut short is an error (``zstandard``'s own readers end
    quietly on a truncated frame)."""

    _PIECE = 512

    def __init__(self, raw: IO[bytes]):
        import zstandard

        self.raw = raw
        self.dctx = zstandard.ZstdDecompressor()
        self.obj = self.dctx.decompressobj()
        self.in_frame = False
        self.pending = b""
        self.ready = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.ready:
            if not self.pending:
                self.pending = self.raw.read(_RAW_READ)
                if not self.pending:
                    if self.in_frame:
                        raise EOFError("the last zstd frame is cut short (truncated file)")
                    return 0
            piece, self.pending = self.pending[: self._PIECE], self.pending[self._PIECE:]
            self.ready = self._feed(piece)
        n = min(len(buffer), len(self.ready))
        buffer[:n] = self.ready[:n]
        self.ready = self.ready[n:]
        return n

    def _feed(self, data: bytes) -> bytes:
        out = []
        while data:
            if self.obj.eof:  # the previous frame ended: the next one starts here
                self.obj = self.dctx.decompressobj()
            out.append(self.obj.decompress(data))
            self.in_frame = not self.obj.eof
            data = self.obj.unused_data if self.obj.eof else b""
        return b"".join(out)

    def close(self) -> None:
        self.raw.close()
        super().close()


def open_bytes(path: Path, *, max_ratio: float = MAX_DECOMPRESSION_RATIO) -> IO[bytes]:
    """The file's bytes (a regular file only, :func:`regular_file`), decompressed as they are
    read when its name ends in ``.gz``, ``.xz`` or ``.zst``: no more than ``max_ratio`` times
    the compressed bytes read (after the first ``RATIO_FREE_BYTES``), corrupt data a DataError."""
    path = regular_file(path)
    suffix = path.suffix.lower()
    if suffix not in COMPRESSIONS:
        return open(path, "rb")
    counted = _Counted(open(path, "rb"))
    try:
        if suffix == ".gz":
            stream = gzip.GzipFile(fileobj=counted, mode="rb")
        elif suffix == ".xz":
            stream = lzma.LZMAFile(counted, "rb")
        else:
            stream = _Zstd(counted)
    except BaseException:
        counted.close()
        raise
    return io.BufferedReader(_Guarded(stream, counted, str(path), suffix.lstrip("."), max_ratio), buffer_size=1 << 16)


# --------------------------------------------------------------------------- text


def decode(raw: bytes, source: str, *, where: str | None = None, first_line: int = 1, start: bool = True) -> str:
    """``raw`` as UTF-8 text, a byte-order mark dropped when ``start`` (the file's first bytes).

    Bytes that are not UTF-8 are a DataError naming ``source``, ``where`` (e.g. a zip member)
    and the line (counted from ``first_line``) and column. The one decoder of every reader.
    """
    if start and raw.startswith(BOM):
        raw = raw[len(BOM):]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = first_line + raw.count(b"\n", 0, exc.start)
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        location = f"line {line}" if where is None else f"{where}, line {line}"
        hint = "the file is UTF-16; save it as UTF-8" if start and raw[:2] in _UTF16_BOMS else "save the file as UTF-8"
        raise DataError(Problem(source, location, None,
                                f"bytes that are not UTF-8 at column {column} ({raw[exc.start:exc.start + 4]!r}); {hint}")) from None


def check_unicode(value: Any, source: str, location: str | None, raw_text: str) -> None:
    """A DataError naming the field when a parsed JSON value holds a string that is not Unicode
    (a lone surrogate escape such as ``\\ud800``: it cannot be stored, written or counted).
    Cheap: the value is walked only when ``raw_text`` has such an escape."""
    if "\\u" not in raw_text or not _SURROGATE_ESCAPE.search(raw_text):
        return
    found = _lone_surrogate(value, "")
    if found is not None:
        raise DataError(Problem(source, location, found or None,
                                "text that is not valid Unicode (a lone surrogate escape such as \\ud800)"))


def _lone_surrogate(value: Any, at: str) -> str | None:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return at
        return None
    if isinstance(value, dict):
        for k, v in value.items():
            key = f"{at}.{k}" if at else str(k)
            hit = _lone_surrogate(k, key) if isinstance(k, str) else None
            if hit is None:
                hit = _lone_surrogate(v, key)
            if hit is not None:
                return hit
    elif isinstance(value, list):
        for i, v in enumerate(value):
            hit = _lone_surrogate(v, f"{at}[{i}]")
            if hit is not None:
                return hit
    return None


def parse_json(text: str, source: str, location: str | None, *, line_offset: int = 0) -> Any:
    """``json.loads(text)``, every failure a DataError naming ``source`` and the location: bad
    JSON (with the line, shifted by ``line_offset``, when ``location`` is None), nesting too deep
    for the parser, a string that is not Unicode."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        where = location if location is not None else f"line {exc.lineno + line_offset}"
        column = f" at column {exc.colno}" if location is None or location.startswith("line") else f" at line {exc.lineno} column {exc.colno}"
        raise DataError(Problem(source, where, None, f"not valid JSON: {exc.msg}{column}")) from None
    except RecursionError:
        raise DataError(Problem(source, location, None, "JSON nested too deeply to read")) from None
    check_unicode(value, source, location, text)
    return value


def json_lines(path: Path, *, objects: bool = True) -> Iterator[tuple[int, Any]]:
    """(line number, parsed record) for each non-blank line; with ``objects`` a record that is
    not a JSON object is a DataError. Lines are numbered from 1 in the (decompressed) file; a
    byte-order mark at the start of the file is dropped."""
    source = str(path)
    with open_bytes(path) as fh:
        for number, raw in enumerate(fh, start=1):
            if raw in _BLANK:
                continue
            text = decode(raw, source, first_line=number, start=number == 1)
            if not text.strip():
                continue
            record = parse_json(text.rstrip("\r\n"), source, f"line {number}")
            if objects and not isinstance(record, dict):
                raise DataError(Problem(source, f"line {number}", None, f"expected a JSON object, got {type(record).__name__}"))
            yield number, record


def count_lines(path: Path) -> int:
    """Lines in the (decompressed) file: the total a progress bar counts towards."""
    with open_bytes(path) as fh:
        return sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b""))


def table_kind(path: Path) -> str | None:
    """'csv' (``.csv``, ``.tsv``), 'jsonl' (``.jsonl``, ``.ndjson``) or 'parquet' (``.parquet``,
    ``.pq``), optionally followed by ``.gz``, ``.xz`` or ``.zst`` (not Parquet); None for any
    other name."""
    suffixes = [s.lower() for s in path.suffixes]
    compressed = bool(suffixes) and suffixes[-1] in COMPRESSIONS
    if compressed:
        suffixes = suffixes[:-1]
    kind = _TABLE_SUFFIXES.get(suffixes[-1]) if suffixes else None
    return None if compressed and kind == "parquet" else kind


def is_eval_zip(path: Path) -> bool:
    """An Inspect ``.eval`` log: a zip by its first bytes, or by its name."""
    path = regular_file(path)
    with open(path, "rb") as fh:
        head = fh.read(2)
    return head == b"PK" or path.suffix.lower() == ".eval"


def load_json_file(path: Path) -> Any:
    """The parsed content of a whole JSON file (plain, ``.gz``, ``.xz`` or ``.zst``); a DataError
    naming the line where it breaks (bad JSON, bytes that are not UTF-8)."""
    source = str(path)
    with open_bytes(path) as fh:
        raw = fh.read()
    return parse_json(decode(raw, source), source, None)
