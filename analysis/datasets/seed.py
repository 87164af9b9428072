"""Every score the seed article (Muse Spark) quotes: a plain table, not Points (no tokens)."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .._groups import require_columns
from ..errors import DataError, Problem
from ._files import data_path

RAW = "seed/seed_benchmarks.csv"
COLUMNS = ("model", "benchmark", "score", "unit", "reported_by", "setting", "notes")


@lru_cache(maxsize=1)
def _seed() -> pd.DataFrame:
    path = data_path(RAW)
    df = pd.read_csv(path, dtype={c: "string" for c in COLUMNS if c != "score"})
    require_columns(df, COLUMNS, str(path))
    score = pd.to_numeric(df["score"], errors="coerce")
    bad = score.isna() | ~df["unit"].isin(["percent", "index points"]).fillna(False)
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataError(Problem(str(path), f"line {i + 2}", "score/unit", f"expected a number in percent or index points, got {df['score'].iloc[i]!r} {df['unit'].iloc[i]!r}"))
    df["score"] = score.astype(float)
    df["fraction"] = score.where(df["unit"] == "percent") / 100.0
    df["line"] = range(2, len(df) + 2)
    return df


def seed_benchmarks() -> pd.DataFrame:
    """The 41 scores quoted by the seed article (Meta's Muse Spark announcement as covered in the press; the article is not bundled, data/README.md says why).

    Columns: ``model``, ``benchmark``, ``score`` (as quoted), ``unit`` ('percent' or
    'index points' for the Artificial Analysis Intelligence Index), ``fraction`` (score / 100
    for percents, NA for index points), ``reported_by`` ('article', 'Meta' or 'Artificial
    Analysis'), ``setting`` (e.g. 'with tools'), ``notes``, ``line`` (line in the CSV). Not a
    Points table: the article quotes no token counts. Model names are as the article writes
    them (e.g. 'Gemini 3.1 Pro' and 'Gemini 3.1 Pro Preview' both occur).
    """
    return _seed().copy()
