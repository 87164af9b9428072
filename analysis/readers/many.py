"""``read_many(paths)``: an evaluation campaign (many logs, any formats) in one validated table.

Per file only what must be per file happens (open, parse, pick the rows); validation, the token
sanity checks, counting missing tokens and marking truncation run once on the concatenated
rows (:func:`analysis.readers._common.finish_parts`), so a folder of 2,000 small Inspect logs
costs little more than one log of 20,000 samples. Inspect logs of one task run (an original and
its ``eval-retry`` logs) are merged per (sample, epoch) (``retries``).

A folder is searched recursively for result files by suffix (:data:`SUFFIXES`); hidden files and
folders are left out, and so are the companions that hold no answers: lm-evaluation-harness
``results_*.json`` (read for the lm-eval reader's ``think_end_token`` check) and Inspect
``logs.json`` / ``eval-set.json`` (an eval set's listing). An lm-eval file of a loglikelihood
task (multiple choice: no generations, so nothing to count) is skipped and named in one
:class:`~analysis.errors.SkippedFilesWarning`; every other problem is a DataError.
"""

from __future__ import annotations

import inspect as _inspect
from pathlib import Path
from typing import Any, Callable, Iterable, Literal, overload

import pandas as pd

from .._warnings import warn as _warn
from ..errors import DataError, NoGenerations, Problem, SkippedFilesWarning
from ..schema import OnError
from ._common import Part, Progress, finish_parts
from .detect import detect_format

#: File name endings a folder is searched for.
SUFFIXES = (".eval", ".json", ".jsonl", ".ndjson", ".csv", ".tsv", ".parquet", ".pq", ".jsonl.gz", ".csv.gz",
            ".tsv.gz", ".ndjson.gz")
#: Files in a results folder that hold no answers (listings, lm-eval's aggregate results).
COMPANIONS = ("logs.json", "eval-set.json")
#: A progress bar (tqdm, on stderr) is shown from this many files on when ``progress`` is None.
BAR_FILES = 20


def result_files(folder: str | Path) -> list[Path]:
    """The result files under ``folder`` (recursively, sorted), as :func:`read_many` reads them."""
    folder = Path(folder)
    out = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).parts
        if any(p.startswith(".") for p in rel) or not path.is_file():
            continue
        name = path.name.lower()
        if not name.endswith(SUFFIXES) or name in COMPANIONS:
            continue
        if name.startswith("results_") and name.endswith(".json"):
            continue  # lm-eval's aggregate results (the per-sample files are samples_*.jsonl)
        out.append(path)
    return out


@overload
def read_many(paths: str | Path | Iterable[str | Path], *, retries: str = "latest",
              on_error: Literal["raise"] = "raise", progress: Progress | bool | None = None,
              engine: str = "pandas", **options: Any) -> pd.DataFrame: ...


@overload
def read_many(paths: str | Path | Iterable[str | Path], *, retries: str = "latest",
              on_error: Literal["report"], progress: Progress | bool | None = None,
              engine: str = "pandas", **options: Any) -> tuple[pd.DataFrame, pd.DataFrame]: ...


def read_many(paths: str | Path | Iterable[str | Path], *, retries: str = "latest", on_error: OnError = "raise",
              progress: Progress | bool | None = None, engine: str = "pandas",
              **options: Any) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Read many result files (a list, a folder, or a mix) into one validated Responses table.

    ``engine="dask"`` returns a Dask DataFrame instead (:func:`analysis.scale.read_many`, which
    needs the ``dask`` extra): files are read lazily on the workers and validated file by
    file, so a key repeated in two files and eval-retry merges are not checked there (give
    ``retries`` its default); ``progress`` is the Dask client's. The rest of this describes
    ``engine="pandas"`` (default).

    Each file is read by the reader of its format (:func:`~analysis.detect_format`), with the
    ``options`` that reader takes (e.g. ``scorer=``, ``stop_reasons=``, ``keep_text=`` for
    Inspect, ``metric=`` for lm-eval, ``columns=`` for tables; an option no reader takes is a
    ValueError). Inspect logs are read from their summaries (see
    :func:`~analysis.read_inspect_log`); ``retries`` ('latest', 'first' or 'error') says which
    attempt of a (sample, epoch) to keep when an original log and its eval-retry log are both
    given. Rows are validated once, across files (the same key in two files is a duplicate);
    messages name the file and the line or sample. Skipped loglikelihood files: one
    :class:`~analysis.errors.SkippedFilesWarning` naming them. ``progress``: a callable
    ``progress(files_done, files_total)``, False for none, None for a tqdm bar on stderr from
    :data:`BAR_FILES` files on. ``on_error`` as every reader takes it.
    """
    if engine == "dask":
        if retries != "latest" or progress not in (None, False):
            raise ValueError("read_many(engine='dask') reads file by file: retries= and progress= are for "
                             "engine='pandas'")
        from ..scale.read import read_many as read_many_dask

        return read_many_dask(paths, "dask", on_error=on_error, **options)
    if engine != "pandas":
        raise ValueError(f"engine must be 'pandas' or 'dask', got {engine!r}")
    if not isinstance(paths, (str, Path)):
        paths = list(paths)
    files = _expand(paths)
    if not files:
        raise DataError(Problem(_name(paths), None, None, "no result files found"))
    from .inspect import InspectOptions, InspectRows, collect_inspect, inspect_part

    encoding = options.get("encoding", "cl100k_base")
    keep_text = bool(options.get("keep_text", False))
    _check_options(options)
    inspect_opts = InspectOptions(**{k: v for k, v in options.items() if k in _INSPECT_FIELDS})
    acc = InspectRows()
    parts: list[Part] = []
    skipped: list[tuple[Path, str]] = []
    tick, close = _progress(progress, len(files))
    try:
        for done, path in enumerate(files, start=1):
            kind = detect_format(path)
            if kind == "inspect":
                collect_inspect(path, inspect_opts, acc)
            else:
                try:
                    parts.append(_other_part(kind, path, options))
                except NoGenerations as exc:
                    skipped.append((path, exc.first.message))
            tick(done)
    finally:
        close()
    if len(acc):
        parts.insert(0, inspect_part(acc, retries=retries))
    if skipped:
        names = "; ".join(f"{p} ({why.split(';')[0]})" for p, why in skipped)
        _warn(f"skipped {len(skipped)} of {len(files)} files that hold no generations to count: {names}",
              SkippedFilesWarning)
    if not parts:
        raise DataError([Problem(str(p), None, None, why) for p, why in skipped] or
                        Problem(_name(paths), None, None, "no rows read"))
    return finish_parts(parts, on_error=on_error, encoding=encoding, keep_text=keep_text)


_INSPECT_FIELDS = ("scorer", "model", "setting", "benchmark", "keep_text", "stop_reasons", "max_member_bytes")


def _check_options(options: dict) -> None:
    from .lm_eval import read_lm_eval_samples
    from .providers import read_provider_responses
    from .tabular import read_responses

    known = set(_INSPECT_FIELDS) | {"encoding"}
    for fn in (read_lm_eval_samples, read_provider_responses, read_responses):
        known |= set(_inspect.signature(fn).parameters)
    unknown = sorted(set(options) - known)
    if unknown:
        raise ValueError(f"no reader takes the option(s) {unknown}")


def _other_part(kind: str, path: Path, options: dict) -> Part:
    """The rows of one non-Inspect file, before validation."""
    if kind == "lm_eval":
        from .lm_eval import collect_lm_eval, read_lm_eval_samples

        return collect_lm_eval(path, **_accepted(read_lm_eval_samples, options))
    if kind == "providers":
        from .providers import collect_provider_responses, read_provider_responses

        return collect_provider_responses(path, **_accepted(read_provider_responses, options))
    from .tabular import read_responses

    # A table is validated by its own reader (it streams chunks), then again with the others.
    rows = read_responses(path, **_accepted(read_responses, options))
    return Part(rows, str(path), None)


def _accepted(fn: Callable, options: dict) -> dict:
    names = set(_inspect.signature(fn).parameters) - {"path", "on_error", "progress"}
    return {k: v for k, v in options.items() if k in names}


def _expand(paths) -> list[Path]:
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    out: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            out.extend(result_files(path))
        elif not path.exists():
            raise FileNotFoundError(path)
        else:
            out.append(path)
    return out


def _name(paths) -> str:
    return str(paths) if isinstance(paths, (str, Path)) else f"{len(list(paths))} paths"


def _progress(progress, total: int):
    if callable(progress):
        return (lambda done: progress(done, total)), (lambda: None)
    if progress is False or (progress is None and total < BAR_FILES):
        return (lambda done: None), (lambda: None)
    from tqdm.auto import tqdm

    bar = tqdm(total=total, unit="file", desc="reading", leave=False)
    return (lambda done: bar.update(done - bar.n)), bar.close
