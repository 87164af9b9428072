"""Counting tokens from text, where a log has the text but no usage.

PROVISIONAL: a plain serial counter so the API exists; parallel workers and the content-hash
cache come next (issue 2, item 4).
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from .encodings import get_encoding


def count_tokens(texts: Iterable[str], encoding: str = "cl100k_base") -> np.ndarray:
    """Number of tokens in each text (int64 array, same order), with ``encoding``, offline."""
    enc = get_encoding(encoding)
    return np.fromiter(
        (len(enc.encode(t, disallowed_special=())) for t in texts), dtype=np.int64
    )


def add_token_counts(
    responses: pd.DataFrame, text_col: str = "text", encoding: str = "cl100k_base"
) -> pd.DataFrame:
    """Fill missing ``output_tokens`` by counting ``text_col`` (``token_source='counted:<enc>'``)."""
    out = responses.copy()
    need = out["output_tokens"].isna() & out[text_col].notna()
    if need.any():
        out.loc[need, "output_tokens"] = count_tokens(out.loc[need, text_col].tolist(), encoding)
        out.loc[need, "token_source"] = f"counted:{encoding}"
    return out
