"""``read_any(path)``: recognise a results file's format and read it with the right reader.

Recognition, cheapest test first, by content where the name is not enough:

1. a zip (first bytes ``PK``) -> Inspect ``.eval`` log;
2. ``.csv`` / ``.tsv`` / ``.parquet`` -> :func:`analysis.readers.tabular.read_responses`;
3. ``.json`` whose object has ``eval`` and ``version`` -> Inspect ``.json`` log;
4. JSON lines, by the first record: ``doc_id`` with ``resps`` -> lm-eval samples; a provider
   response (at the top or under ``response``) -> provider responses; anything else -> plain
   Responses JSONL for ``read_responses``.

The chosen format is returned by :func:`detect_format` so a CLI can print it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Literal, overload

import pandas as pd

from ..errors import DataError, Problem
from ..schema import OnError
from ._common import Progress
from .files import is_eval_zip, json_lines, load_json_file, regular_file, table_kind

FORMATS = ("inspect", "lm_eval", "providers", "tabular")


def detect_format(path: str | Path) -> str:
    """The format of ``path``: one of ``FORMATS`` (DataError when it is none of them)."""
    path = regular_file(path)
    if is_eval_zip(path):
        return "inspect"
    if table_kind(path) in ("csv", "parquet"):
        return "tabular"
    if path.suffix.lower() == ".json":
        data = load_json_file(path)
        if isinstance(data, dict) and "eval" in data and "version" in data:
            return "inspect"
        raise DataError(Problem(str(path), None, None, "a JSON file that is not an Inspect log; for other results use JSON lines or CSV"))
    first = _first_record(path)
    if isinstance(first, dict):
        if "doc_id" in first and "resps" in first:
            return "lm_eval"
        if _looks_like_provider(first) or _looks_like_provider(first.get("response")):
            return "providers"
    return "tabular"


@overload
def read_any(path: str | Path | Iterable[str | Path], *, on_error: Literal["raise"] = "raise",
             progress: Progress | None = None, **options: Any) -> pd.DataFrame: ...


@overload
def read_any(path: str | Path | Iterable[str | Path], *, on_error: Literal["report"],
             progress: Progress | None = None, **options: Any) -> tuple[pd.DataFrame, pd.DataFrame]: ...


def read_any(path: str | Path | Iterable[str | Path], *, on_error: OnError = "raise",
             progress: Progress | None = None, **options: Any) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Read ``path`` (Inspect log, lm-eval samples, provider responses, CSV/JSONL/Parquet
    Responses) into validated Responses; ``options`` go to the reader (e.g. ``scorer=``,
    ``metric=``, ``item_field=``). ``on_error`` as every reader takes it: ``"raise"`` or
    ``"report"`` (returns ``(clean, rejected)``). ``progress(done, total)`` where the reader
    supports it. A folder or a list of paths is read by :func:`analysis.read_many` (progress
    then counts files)."""
    if isinstance(path, str) and not path:
        regular_file(path)  # an empty path is not the current folder: DataError
    if not isinstance(path, (str, Path)) or Path(path).is_dir():
        from .many import read_many

        options = {k: v for k, v in options.items() if v is not None}
        return read_many(path, on_error=on_error, progress=progress, **options)
    kind = detect_format(path)
    options = {k: v for k, v in options.items() if v is not None}  # e.g. columns=None for any format
    options["on_error"] = on_error
    if kind == "inspect":
        from .inspect import read_inspect_log

        return read_inspect_log(path, progress=progress, **options)
    if kind == "lm_eval":
        from .lm_eval import read_lm_eval_samples

        return read_lm_eval_samples(path, progress=progress, **options)
    if kind == "providers":
        from .providers import read_provider_responses

        return read_provider_responses(path, progress=progress, **options)
    from .tabular import read_responses

    return read_responses(path, progress=progress, **options)


def _first_record(path: Path):
    """The first record of a JSON-lines file, or None where there is none to read (the reader
    chosen then names the problem)."""
    try:
        return next((record for _, record in json_lines(path, objects=False)), None)
    except (DataError, OSError, EOFError):
        return None


def _looks_like_provider(obj) -> bool:
    if not isinstance(obj, dict):
        return False
    if isinstance(obj.get("body"), dict) and "status_code" in obj:
        obj = obj["body"]
    from .providers import detect_provider

    try:
        detect_provider(obj)
    except DataError:
        return False
    return True
