"""Reading a Responses table from CSV, JSONL or Parquet (CSV and JSONL optionally compressed:
``.gz``, ``.xz``, ``.zst``, read through :func:`~analysis.readers.files.open_bytes`).

The file holds our columns (see ``analysis.schema.RESPONSES``), or foreign ones that ``columns``
maps onto ours. Every problem is a :class:`~analysis.DataError` naming the file, the line (CSV,
JSONL) or row (Parquet) and the field: malformed JSON, bytes that are not UTF-8, an empty file, a
missing column, a bad value, a CSV row shorter than the header (never padded). Values are read
by the shared rules of :mod:`analysis.coerce` (a CSV cell is text until they read it: 'NA' stays a
label). JSONL is streamed line by line in chunks, so a large file with long
texts can have its tokens counted chunk by chunk and its texts dropped (``keep_text=False``).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Callable, Iterator, Literal, Mapping, overload

import pandas as pd

from .._groups import require_columns
from ..coerce import records_frame
from ..errors import DataError, Problem
from ..schema import OnError, validate_responses
from ..tokens.fill import as_given, fill_token_counts
from ..tokens.sanity import check_token_sanity
from .files import decode, json_lines, open_bytes, regular_file, table_kind

LABELS = ("model", "setting", "benchmark", "item_id")
#: what the token sanity check reads of each row as the file gives it (before any counting)
_AS_READ = ("model", "output_tokens", "reasoning_tokens", "answer_tokens", "input_tokens")
_CHUNK_LINES = 20_000


@overload
def read_responses(
    path: str | Path,
    *,
    columns: Mapping[str, str] | None = None,
    on_error: Literal["raise"] = "raise",
    count_missing_tokens: bool = False,
    keep_text: bool = True,
    encoding: str = "cl100k_base",
    progress: Callable[[int, int | None], None] | None = None,
) -> pd.DataFrame: ...


@overload
def read_responses(
    path: str | Path,
    *,
    columns: Mapping[str, str] | None = None,
    on_error: Literal["report"],
    count_missing_tokens: bool = False,
    keep_text: bool = True,
    encoding: str = "cl100k_base",
    progress: Callable[[int, int | None], None] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]: ...


def read_responses(
    path: str | Path,
    *,
    columns: Mapping[str, str] | None = None,
    on_error: OnError = "raise",
    count_missing_tokens: bool = False,
    keep_text: bool = True,
    encoding: str = "cl100k_base",
    progress: Callable[[int, int | None], None] | None = None,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Read a Responses table from ``.csv``/``.tsv``, ``.jsonl``/``.ndjson`` (any of them ``.gz``)
    or ``.parquet``.

    ``columns`` maps the file's column names to ours, e.g. ``{"question_id": "item_id"}``.
    ``count_missing_tokens`` counts ``output_tokens`` from ``text`` where the file has none, as
    every reader does (``analysis.tokens.fill``: ``token_source='counted:<encoding>'``), chunk by
    chunk while reading; ``keep_text=False`` then drops the texts so that only counts are kept in
    memory. The counts as the file gives them are checked once (:func:`~analysis.check_token_sanity`:
    a :class:`~analysis.TokenSanityWarning` per model for missing or suspicious usage). ``on_error`` is as in
    :func:`~analysis.validate_responses`: ``"raise"`` or ``"report"`` (returns ``(clean, rejected)``).
    ``progress(lines_read, None)`` is called after each chunk of a JSONL file.
    """
    path = regular_file(path)
    kind = _kind(path)
    return _read(path, kind, columns, on_error, count_missing_tokens, keep_text, encoding, progress)


def _read(path, kind, columns, on_error, count_missing_tokens, keep_text, encoding, progress):
    source = str(path)
    if kind == "parquet":
        chunks = iter([(_read_parquet(path), None)])
    elif kind == "csv":
        chunks = iter([_read_csv(path, columns)])
    else:
        chunks = _iter_jsonl(path)
    frames, as_read, lines = [], [], []
    for chunk, chunk_lines in chunks:
        chunk = _rename(chunk, columns, source)
        as_read.append(as_given(chunk[[c for c in _AS_READ if c in chunk.columns]]))
        if count_missing_tokens and "text" in chunk.columns:
            chunk = fill_token_counts(chunk, encoding=encoding, source=source, lines=chunk_lines, check=False)
        if not keep_text and "text" in chunk.columns:
            chunk = chunk.drop(columns="text")
        frames.append(chunk)
        if chunk_lines is None:
            lines = None
        else:
            lines.extend(chunk_lines)
            if progress is not None and kind == "jsonl":
                progress(chunk_lines[-1], None)
    if not frames:
        raise DataError(Problem(source, None, None, "the file is empty: no records, only blank lines or none"))
    df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    # The counts as the file gave them, checked once for the whole file (chunks were filled apart).
    check_token_sanity(pd.concat(as_read, ignore_index=True) if len(as_read) > 1 else as_read[0], source=source)
    return validate_responses(df, source=source, on_error=on_error, lines=lines)


def _kind(path: Path) -> str:
    kind = table_kind(path)
    if kind is None:
        raise DataError(
            Problem(str(path), None, None, f"unknown file type {''.join(path.suffixes) or '(none)'}: "
                    "expected .csv, .tsv, .jsonl, .ndjson (optionally .gz, .xz or .zst) or .parquet")
        )
    return kind


def _rename(df: pd.DataFrame, columns: Mapping[str, str] | None, source: str) -> pd.DataFrame:
    if not columns:
        return df
    require_columns(df, list(columns), source, why="column named in `columns` is not in the file")
    clashes = [dst for src, dst in columns.items() if dst in df.columns and dst not in columns and src != dst]
    if clashes:
        raise DataError(
            [Problem(source, None, c, "the file already has this column and `columns` maps another one onto it") for c in clashes]
        )
    return df.rename(columns=dict(columns))


# --------------------------------------------------------------------------- Parquet


def _read_parquet(path: Path) -> pd.DataFrame:
    """Columns with pandas' nullable types, so an integer column with a null stays integers
    (not floats, which would turn id 1 into '1.0' and lose counts above 2**53)."""
    try:
        df = pd.read_parquet(path, dtype_backend="numpy_nullable")
    except Exception as exc:  # pyarrow raises ArrowInvalid / OSError subclasses for bad files
        raise DataError(Problem(str(path), None, None, f"not a readable Parquet file ({type(exc).__name__}: {exc})")) from None
    if len(df) == 0:
        raise DataError(Problem(str(path), None, None, "the file has no rows"))
    return df


# --------------------------------------------------------------------------- CSV

_PANDAS_LINE = re.compile(r"line (\d+)")


def _check_utf8(path: Path) -> None:
    """Raise a DataError at the first line that is not UTF-8 (:func:`~analysis.readers.files.decode`,
    a byte-order mark at the start allowed) or when the file has nothing but blanks."""
    source = str(path)
    line, nonblank, carry, start = 1, False, b"", True
    with open_bytes(path) as fh:
        while block := fh.read(1 << 20):
            block = carry + block
            cut = block.rfind(b"\n") + 1 if len(block) >= 4 else 0  # decode whole lines; keep the rest
            if cut == 0:
                carry = block
                continue
            text = decode(block[:cut], source, first_line=line, start=start)
            nonblank = nonblank or bool(text.strip())
            line += block.count(b"\n", 0, cut)
            carry, start = block[cut:], False
    if carry:
        nonblank = bool(decode(carry, source, first_line=line, start=start).strip()) or nonblank
    if not nonblank:
        raise DataError(Problem(source, None, None, "the file is empty"))


def _sep(path: Path) -> str:
    return "\t" if ".tsv" in [s.lower() for s in path.suffixes] else ","


def _header(path: Path) -> list[str]:
    with open_bytes(path) as fh:
        return next(csv.reader(io.TextIOWrapper(fh, encoding="utf-8-sig", newline=""), delimiter=_sep(path)), [])


def _read_csv(path: Path, columns: Mapping[str, str] | None) -> tuple[pd.DataFrame, list[int]]:
    """Cells as text where they are not all numbers (no value is turned into a missing one but
    an empty cell: 'NA' stays a label; in a numeric column the shared rules read it)."""
    source = str(path)
    _check_utf8(path)
    header = _header(path)
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:  # pandas would rename the second one 'model.1' and read the file
        raise DataError(Problem(source, "line 1", twice[0], "column appears twice in the header"))
    ours_to_theirs = {dst: src for src, dst in (columns or {}).items()}
    dtype = {ours_to_theirs.get(c, c): "string" for c in LABELS if ours_to_theirs.get(c, c) in header}
    if "text" in header or ours_to_theirs.get("text") in header:
        dtype[ours_to_theirs.get("text", "text")] = object
    try:
        with open_bytes(path) as fh:
            df = pd.read_csv(fh, sep=_sep(path), dtype=dtype, keep_default_na=False, na_values=[""],
                             encoding="utf-8-sig", on_bad_lines="error")
    except pd.errors.EmptyDataError:
        raise DataError(Problem(source, None, None, "the file is empty")) from None
    except pd.errors.ParserError as exc:
        m = _PANDAS_LINE.search(str(exc))
        where = f"line {m.group(1)}" if m else None
        raise DataError(Problem(source, where, None, f"malformed CSV: {str(exc).splitlines()[-1]}")) from None
    if df.columns.duplicated().any():
        dup = sorted(set(df.columns[df.columns.duplicated()]))
        raise DataError(Problem(source, "line 1", str(dup[0]), "column appears twice in the header"))
    unnamed = [c for c in df.columns if str(c).startswith("Unnamed:")]
    if unnamed and df[unnamed].notna().any().any():
        raise DataError(Problem(source, "line 1", None, f"the header has {len(unnamed)} empty column name(s) while rows have values there"))
    if len(df) == 0:
        raise DataError(Problem(source, None, None, "the file has a header but no rows"))
    return df, _csv_lines(path, len(df), len(header))


def _csv_lines(path: Path, n_rows: int, n_fields: int) -> list[int]:
    """Line on which each data row starts (header = line 1), exact with quoted newlines; a row
    with fewer fields than the header is a DataError (pandas would pad it with missing values)."""
    starts: list[int] = []
    with open_bytes(path) as fh:
        reader = csv.reader(io.TextIOWrapper(fh, encoding="utf-8-sig", newline=""), delimiter=_sep(path))
        next(reader, None)
        prev = reader.line_num
        for row in reader:
            if row:
                if len(row) < n_fields:
                    raise DataError(Problem(str(path), f"line {prev + 1}", None,
                                            f"the row has {len(row)} fields, the header {n_fields}; "
                                            "a short row is not padded with missing values"))
                starts.append(prev + 1)
            prev = reader.line_num
    return starts[:n_rows] if len(starts) >= n_rows else list(range(2, n_rows + 2))


# --------------------------------------------------------------------------- JSONL


def _iter_jsonl(path: Path) -> Iterator[tuple[pd.DataFrame, list[int]]]:
    """Chunks of records (as DataFrames) with their line numbers; errors name the line."""
    records: list[dict] = []
    lines: list[int] = []
    for number, record in json_lines(path):
        records.append(record)
        lines.append(number)
        if len(records) >= _CHUNK_LINES:
            yield _records_frame(records), lines
            records, lines = [], []
    if records:
        yield _records_frame(records), lines


def _records_frame(records: list[dict]) -> pd.DataFrame:
    """Records to a frame without pandas changing a value (:func:`analysis.coerce.records_frame`:
    an integer id beside a null stays an integer); texts stay Python objects."""
    return records_frame(records)
