"""Where the bundled data lives and how its files are read (plain, .xz or .gz), offline.

Every loader reads the bundled data: ``$ANALYSIS_DATA_DIR`` if set; else the copy installed
inside the package (``analysis/_data``: ``pip install .`` ships ``data/`` in the wheel); else
``data/`` at the root of a checkout (an editable install, or PYTHONPATH at the checkout).
Problems are raised as :class:`~analysis.DataError` naming the file, the line and the field.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

from ..errors import DataError, Problem
from ..readers.files import json_lines, open_bytes


def data_dir() -> Path:
    """The bundled-data folder: ``$ANALYSIS_DATA_DIR``, the installed ``analysis/_data``, or the
    checkout's ``data/`` (in that order; see the module docstring)."""
    env = os.environ.get("ANALYSIS_DATA_DIR")
    if env:
        return Path(env)
    package = Path(__file__).resolve().parents[1]
    installed = package / "_data"
    return installed if installed.is_dir() else package.parent / "data"


def data_path(relative: str) -> Path:
    """Path of a bundled file; a clear :class:`DataError` when it is missing."""
    path = data_dir() / relative
    if not path.exists():
        raise DataError(Problem(str(path), None, None, "bundled data file is missing (see data/README.md; "
                                "set ANALYSIS_DATA_DIR to a copy of the project's data/ folder)"))
    return path


def data_files(folder: str, pattern: str) -> list[Path]:
    """The bundled files of ``folder`` matching ``pattern``, sorted by name; a clear
    :class:`DataError` when there are none."""
    files = sorted((data_dir() / folder).glob(pattern))
    if not files:
        data_path(f"{folder}/{pattern}")  # raises the missing-file DataError
    return files


def read_bytes(path: Path) -> bytes:
    """File contents, decompressed when the name ends in .xz or .gz."""
    with open_bytes(path) as fh:
        return fh.read()


def records(path: Path, fields: tuple[str, ...]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, record) of a bundled JSON-lines file (:func:`analysis.readers.files.json_lines`),
    each checked to have ``fields``: bad JSON or a missing field names its line."""
    for line, record in json_lines(path):
        require_fields(record, fields, path, line)
        yield line, record


def require_fields(record: dict[str, Any], fields: tuple[str, ...], path: Path, line: int) -> None:
    """Raise a DataError naming the first field a record lacks."""
    for field in fields:
        if field not in record:
            raise DataError(Problem(str(path), f"line {line}", field, "missing field"))


def single(record: dict[str, Any], field: str, path: Path, line: int) -> Any:
    """The one element of a list field (these logs hold one sample per item)."""
    value = record[field]
    if not isinstance(value, list) or len(value) != 1:
        n = len(value) if isinstance(value, list) else type(value).__name__
        raise DataError(Problem(str(path), f"line {line}", field, f"expected a list of one element, got {n}"))
    return value[0]


def split_setting(name: str) -> tuple[str, str]:
    """'gpt-5 (high)' -> ('gpt-5', 'high'); a name without a trailing '(...)' -> (name, 'default').

    Leaderboards write the setting (reasoning effort, thinking budget, mode) in brackets after
    the model name; splitting it off lets one model's settings be compared with each other.
    A bracket holding only digits is a version ('DeepSeek R1 (0528)') and stays in the name.
    """
    name = name.strip()
    if name.endswith(")") and " (" in name:
        base, _, rest = name.rpartition(" (")
        setting = rest[:-1].strip()
        if setting and not setting.isdigit():
            return base.strip(), setting
    return name, "default"
