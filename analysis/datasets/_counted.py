"""Joining shipped token counts (``data/derived/*_token_counts.csv``) onto texts, checked."""

from __future__ import annotations

import pandas as pd

from ..errors import DataError, Problem
from ._files import data_path

ENCODING = "cl100k_base"
TOKEN_SOURCE = f"counted:{ENCODING}"


def attach_counts(texts: pd.DataFrame, derived: str) -> pd.Series:
    """``output_tokens`` for each row of ``texts`` (columns ``file, item_id, text``), aligned.

    The derived file holds each text's length in characters next to its count: a text that
    changed since the counts were made is caught here (vectorised), not silently miscounted.
    """
    path = data_path(derived)
    counts = pd.read_csv(path, dtype={"file": "string", "item_id": "string"})
    merged = texts[["file", "item_id"]].merge(counts, on=["file", "item_id"], how="left", validate="one_to_one")
    missing = merged["output_tokens"].isna().to_numpy()
    stale = (merged["text_chars"].to_numpy() != texts["text"].str.len().to_numpy()) & ~missing
    bad = missing | stale
    if bad.any():
        problems = [
            Problem(str(path), None, "output_tokens",
                    f"{'no count' if missing[i] else 'count is stale (text length differs)'} for "
                    f"{texts['file'].iloc[i]} item {texts['item_id'].iloc[i]}; rerun python -m analysis.datasets.build")
            for i in bad.nonzero()[0]
        ]
        raise DataError(problems)
    if len(counts) != len(texts):
        raise DataError(Problem(str(path), None, None, f"{len(counts)} counts for {len(texts)} texts; rerun python -m analysis.datasets.build"))
    return merged["output_tokens"].astype("int64").set_axis(texts.index)
