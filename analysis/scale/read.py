"""``read_many``: many result files as one Dask DataFrame of Responses, one partition per file
or per batch of small files.

Each file is read on a worker by the reader :func:`analysis.read_any` picks (Inspect
``.eval`` / ``.json``, lm-eval samples, provider responses, CSV / JSONL / Parquet Responses), so
missing token counts are counted there, from the text, with the on-disk count cache that every
worker shares (:mod:`analysis.tokens.cache`: one SQLite file, safe under concurrent writers).
Every partition has the same columns: the Responses columns (:data:`analysis.RESPONSES`, absent
optional ones as missing values), ``max_tokens`` and ``truncated`` (for the truncation columns of
:func:`analysis.summarize`) and ``source_file`` (the path the row came from). Other columns a
reader gives (lm-eval's ``filter``) are left out.
"""

from __future__ import annotations

import functools
import os
import warnings
from pathlib import Path
from typing import Any, Iterable, Literal, Sequence

import numpy as np
import pandas as pd

from ..errors import DataError
from ..schema import RESPONSES, OnError
from ._dask import require_dask

#: pandas dtype of each Responses column kind in a partition
_KIND_DTYPES = {"label": "string", "index": "int64", "fraction": "float64", "count": "Int64",
                "amount": "float64", "text": "string", "source": "string"}
#: columns besides the Responses ones that measures read (truncation), kept where a reader gives them
EXTRA_COLUMNS = {"max_tokens": "Int64", "truncated": "boolean"}
#: columns of the rejected table of ``on_error="report"``
REJECTED_COLUMNS = ("source_file", "location", "reason", "values")
_LOG_SUFFIXES = {".eval", ".json", ".jsonl", ".ndjson", ".csv", ".tsv", ".parquet", ".pq"}


def responses_meta() -> pd.DataFrame:
    """An empty frame with the columns and dtypes of every ``read_many`` partition."""
    return _meta().copy()


@functools.lru_cache(maxsize=1)
def _meta() -> pd.DataFrame:
    cols = {c.name: pd.Series([], dtype=_KIND_DTYPES[c.kind]) for c in RESPONSES}
    for name, dtype in EXTRA_COLUMNS.items():
        cols[name] = pd.Series([], dtype=dtype)
    cols["source_file"] = pd.Series([], dtype="string")
    return pd.DataFrame(cols)


def rejected_meta() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype="string") for c in REJECTED_COLUMNS})


def log_files(paths: str | os.PathLike | Iterable[str | os.PathLike]) -> list[Path]:
    """The files ``paths`` names: files as given, folders searched recursively for names a
    reader knows (``.eval``, ``.json``, ``.jsonl``, ``.ndjson``, ``.csv``, ``.tsv``, ``.parquet``,
    ``.pq``, optionally ``.gz`` / ``.xz``), sorted. Other files in a folder are skipped with a
    warning naming them; a path that does not exist is a FileNotFoundError."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out: list[Path] = []
    skipped: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(x for x in p.rglob("*") if x.is_file()):
                (out if _known_name(f) else skipped).append(f)
        elif p.exists():
            out.append(p)
        else:
            raise FileNotFoundError(p)
    if skipped:
        shown = ", ".join(str(s) for s in skipped[:5]) + (f" and {len(skipped) - 5} more" if len(skipped) > 5 else "")
        warnings.warn(f"read_many: skipped {len(skipped)} file(s) that are not result files by their name: {shown}",
                      UserWarning, stacklevel=3)
    if not out:
        raise FileNotFoundError(f"no result files in {', '.join(map(str, paths))}")
    return out


def _known_name(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in (".gz", ".xz"):
        suffixes = suffixes[:-1]
    return bool(suffixes) and suffixes[-1] in _LOG_SUFFIXES and not path.name.startswith(".")


def read_many(
    paths: str | os.PathLike | Iterable[str | os.PathLike],
    engine: Literal["dask", "pandas"] = "dask",
    *,
    on_error: OnError = "raise",
    files_per_partition: int | None = None,
    **options: Any,
):
    """Read every result file of ``paths`` (files, or folders searched recursively; see
    :func:`log_files`) into one Responses table.

    ``engine="dask"`` returns a ``dask.dataframe.DataFrame`` (``dd.from_map`` over batches
    of files): nothing is read until it is computed, and each file is read, its missing token
    counts counted and its rows validated on a worker. A partition is one file, or several
    consecutive small files: ``files_per_partition=None`` (default) batches files until their
    size on disk reaches :data:`PARTITION_BYTES` (at most :data:`MAX_FILES_PER_PARTITION`), so
    thousands of small logs do not cost a task each; an int fixes the number per partition. Columns: the Responses
    columns (absent optional ones missing) and ``source_file``. ``options`` go to every
    reader (e.g. ``scorer=``, ``keep_text=``). ``engine="pandas"`` reads in this process
    (the same per-file reading, in a loop) and returns a pandas DataFrame.

    ``on_error="raise"``: a bad file raises its reader's :class:`~analysis.DataError`, which
    names the file, when the table is computed. ``on_error="report"``: returns ``(responses,
    rejected)``; ``rejected`` has one row per rejected answer (``location`` its line or row)
    and one per file that could not be read at all (``location`` 'whole file'), with
    ``source_file``, ``reason`` and ``values`` (the row as the reader saw it), so no file and
    no row is dropped silently. Compute both together (``dask.compute(responses, rejected)``)
    to read each file once. Needs the ``dask`` extra for ``engine="dask"``.
    """
    if on_error not in ("raise", "report"):
        raise ValueError(f"on_error must be 'raise' or 'report', got {on_error!r}")
    if engine not in ("dask", "pandas"):
        raise ValueError(f"engine must be 'dask' or 'pandas', got {engine!r}")
    if files_per_partition is not None and (isinstance(files_per_partition, bool)
                                            or not isinstance(files_per_partition, int) or files_per_partition < 1):
        raise ValueError(f"files_per_partition must be a whole number >= 1 or None, got {files_per_partition!r}")
    files = log_files(paths)
    if engine == "pandas":
        return _read_pandas(files, on_error, options)
    dd = require_dask()
    batches = file_batches(files, files_per_partition)
    if on_error == "raise":
        return dd.from_map(_ReadFiles(options), batches, meta=responses_meta(), divisions=[None] * (len(batches) + 1),
                           label="read-responses", enforce_metadata=False)
    from dask import delayed

    both = [delayed(read_files_report, pure=True)(batch, options) for batch in batches]
    clean = dd.from_delayed([b[0] for b in both], meta=responses_meta(), verify_meta=False)
    rejected = dd.from_delayed([b[1] for b in both], meta=rejected_meta(), verify_meta=False)
    return clean, rejected


#: a partition of read_many batches consecutive files until their size on disk reaches this (bytes)
PARTITION_BYTES = 1 << 20
#: ... or it holds this many files
MAX_FILES_PER_PARTITION = 16


def file_batches(files: Sequence[Path], files_per_partition: int | None = None) -> list[tuple[str, ...]]:
    """The files of each partition, in order: ``files_per_partition`` at a time, or (None)
    consecutive files until their sizes reach :data:`PARTITION_BYTES` or their number
    :data:`MAX_FILES_PER_PARTITION` (a file at least that large is a partition of its own)."""
    names = [str(f) for f in files]
    if files_per_partition is not None:
        return [tuple(names[i : i + files_per_partition]) for i in range(0, len(names), files_per_partition)]
    out: list[tuple[str, ...]] = []
    batch: list[str] = []
    size = 0
    for f, name in zip(files, names):
        batch.append(name)
        size += Path(f).stat().st_size
        if size >= PARTITION_BYTES or len(batch) >= MAX_FILES_PER_PARTITION:
            out.append(tuple(batch))
            batch, size = [], 0
    if batch:
        out.append(tuple(batch))
    return out


class _ReadFiles:
    """The function ``from_map`` calls per batch of files (a class so its options travel with it)."""

    def __init__(self, options: dict[str, Any]):
        self.options = options

    def __call__(self, batch: Sequence[str]) -> pd.DataFrame:
        frames = [read_file(path, self.options) for path in batch]
        return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def read_files_report(batch: Sequence[str], options: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`read_file_report` of each file of a batch, concatenated."""
    both = [read_file_report(path, options) for path in batch]
    if len(both) == 1:
        return both[0]
    return (pd.concat([b[0] for b in both], ignore_index=True), pd.concat([b[1] for b in both], ignore_index=True))


def read_file(path: str, options: dict[str, Any]) -> pd.DataFrame:
    """One file as a partition of ``read_many`` (its reader's DataError names the file)."""
    from ..readers import read_any

    return as_partition(read_any(path, **options), path)


def read_file_report(path: str, options: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One file as ``(partition, rejected)``: its reader's rejected rows, or the whole file
    as one rejected row when it cannot be read."""
    from ..readers import read_any

    try:
        clean, rejected = read_any(path, on_error="report", **options)
    except (DataError, OSError, EOFError) as err:
        row = pd.DataFrame({"source_file": [path], "location": ["whole file"],
                            "reason": [str(err)], "values": [pd.NA]})
        return responses_meta(), row.astype("string")
    rows = pd.DataFrame({
        "source_file": path,
        "location": rejected["location"].astype("string") if "location" in rejected else pd.NA,
        "reason": rejected["reason"].astype("string") if "reason" in rejected else pd.NA,
        "values": _row_values(rejected.drop(columns=["location", "reason"], errors="ignore")),
    }, index=rejected.index)
    return as_partition(clean, path), rows.reset_index(drop=True).astype("string")


def _row_values(frame: pd.DataFrame) -> list[str]:
    return [", ".join(f"{k}={v!r}" for k, v in rec.items()) for rec in frame.astype(object).to_dict("records")]


def as_partition(frame: pd.DataFrame, path: str) -> pd.DataFrame:
    """A validated Responses frame with exactly the columns and dtypes of :func:`responses_meta`
    (optional columns it lacks are added as missing; other columns are left out)."""
    n = len(frame)
    out = {}
    for col, dtype in _meta().dtypes.items():
        if col == "source_file":
            out[col] = _repeated(path, n, dtype)
        elif col in frame.columns:
            out[col] = frame[col].astype(dtype).array
        else:
            out[col] = _missing(n, dtype)
    return pd.DataFrame(out)


def _repeated(text: str, n: int, dtype) -> pd.api.extensions.ExtensionArray:
    """``n`` copies of ``text`` as a ``dtype`` string array (built by Arrow, not from n objects)."""
    if getattr(dtype, "storage", None) == "pyarrow":
        import pyarrow as pa

        return pd.arrays.ArrowStringArray(pa.repeat(pa.scalar(text, pa.large_string()), n))
    return pd.array(np.full(n, text, dtype=object), dtype=dtype)


def _missing(n: int, dtype) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """``n`` missing values of ``dtype`` (NaN for float64)."""
    if dtype == "float64":
        return np.full(n, np.nan)
    if dtype == "Int64":
        return pd.arrays.IntegerArray(np.zeros(n, np.int64), np.ones(n, bool))
    if dtype == "boolean":
        return pd.arrays.BooleanArray(np.zeros(n, bool), np.ones(n, bool))
    if getattr(dtype, "storage", None) == "pyarrow":
        import pyarrow as pa

        return pd.arrays.ArrowStringArray(pa.nulls(n, pa.large_string()))
    return pd.Series(pd.NA, index=range(n), dtype=dtype).array


def _read_pandas(files: Sequence[Path], on_error: OnError, options: dict[str, Any]):
    """engine='pandas': the same per-file reading as the Dask partitions, in a serial loop.
    (Not :func:`analysis.read_many`, which validates across files, merges eval-retry logs and
    keeps every column a reader gives: a different table from the partitions'.)"""
    if on_error == "raise":
        return pd.concat([read_file(str(f), options) for f in files], ignore_index=True)
    parts = [read_file_report(str(f), options) for f in files]
    return (pd.concat([p[0] for p in parts], ignore_index=True),
            pd.concat([p[1] for p in parts], ignore_index=True))
