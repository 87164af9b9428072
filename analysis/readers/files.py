"""Opening and recognising result files: the one JSON-lines reader and the format tests every
reader, :func:`analysis.read_any` and the bundled-data loaders (``analysis.datasets``) share.

- :func:`json_lines`: (line number, record) for each non-blank line of a JSON-lines file, plain,
  gzip or xz; a line that is not UTF-8, not JSON or (by default) not an object is a
  :class:`~analysis.DataError` naming the file, the line and the column.
- :func:`table_kind`: 'csv', 'jsonl' or 'parquet' from the name (a ``.gz`` suffix allowed).
- :func:`is_eval_zip`: an Inspect ``.eval`` log (a zip: first bytes ``PK``, or the suffix).
- :func:`load_json_file`: a whole ``.json`` file, a DataError naming the line where it breaks.
"""

from __future__ import annotations

import gzip
import json
import lzma
from pathlib import Path
from typing import IO, Any, Iterator

from ..errors import DataError, Problem

_TABLE_SUFFIXES = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def open_bytes(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed when its name ends in ``.gz`` or ``.xz``."""
    suffix = path.suffix.lower()
    if suffix == ".gz":
        return gzip.open(path, "rb")
    if suffix == ".xz":
        return lzma.open(path, "rb")
    return open(path, "rb")


def json_lines(path: Path, *, objects: bool = True) -> Iterator[tuple[int, Any]]:
    """(line number, parsed record) for each non-blank line; with ``objects`` a record that is
    not a JSON object is a DataError. Lines are numbered from 1 in the (decompressed) file."""
    source = str(path)
    with open_bytes(path) as fh:
        for number, raw in enumerate(fh, start=1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise DataError(Problem(source, f"line {number}", None, f"bytes that are not UTF-8 at column {exc.start + 1}")) from None
            if not text.strip():
                continue
            try:
                record = json.loads(text.rstrip("\r\n"))  # columns count on this line only
            except json.JSONDecodeError as exc:
                raise DataError(Problem(source, f"line {number}", None, f"not valid JSON: {exc.msg} at column {exc.colno}")) from None
            if objects and not isinstance(record, dict):
                raise DataError(Problem(source, f"line {number}", None, f"expected a JSON object, got {type(record).__name__}"))
            yield number, record


def count_lines(path: Path) -> int:
    """Lines in the (decompressed) file: the total a progress bar counts towards."""
    with open_bytes(path) as fh:
        return sum(1 for _ in fh)


def table_kind(path: Path) -> str | None:
    """'csv' (``.csv``, ``.tsv``), 'jsonl' (``.jsonl``, ``.ndjson``) or 'parquet' (``.parquet``,
    ``.pq``), optionally followed by ``.gz``; None for any other name."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return _TABLE_SUFFIXES.get(suffixes[-1]) if suffixes else None


def is_eval_zip(path: Path) -> bool:
    """An Inspect ``.eval`` log: a zip by its first bytes, or by its name."""
    with open(path, "rb") as fh:
        head = fh.read(2)
    return head == b"PK" or path.suffix.lower() == ".eval"


def load_json_file(path: Path) -> Any:
    """The parsed content of a whole JSON file (plain, ``.gz`` or ``.xz``); DataError naming the
    line where it breaks."""
    try:
        with open_bytes(path) as fh:
            return json.loads(fh.read().decode("utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(Problem(str(path), f"line {exc.lineno}", None, f"not valid JSON (truncated?): {exc.msg}")) from None
    except UnicodeDecodeError as exc:
        raise DataError(Problem(str(path), None, None, f"bytes that are not UTF-8 at byte {exc.start}")) from None
