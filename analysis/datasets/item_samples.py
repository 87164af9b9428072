"""Per-sample 0/1 rows from per-item counts, for tables that report only "c of n samples right".

Leaderboards such as MathArena publish, per problem, the share of n samples that were right,
not the samples. The unbiased pass@k estimator (Chen et al. 2021) depends on an item's n and c
only, so expanding an item into c correct and n - c wrong rows gives the same pass@k as the
unseen samples would. Anything that depends on which sample was which (majority vote, per-sample
tokens) cannot be recovered this way.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .._groups import as_tuple, group_labels, require_columns
from ..errors import DataError, Problem


def samples_from_item_accuracy(
    per_item: pd.DataFrame,
    *,
    item: str = "item_id",
    accuracy: str = "accuracy",
    n_samples: str = "n_samples",
    keep: Sequence[str] = ("model", "setting"),
    mean_tokens: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per sample: item i with accuracy a over n samples becomes round(a * n) rows with
    ``correct`` 1 and the rest 0, numbered ``sample`` 0..n-1 (correct ones first: the real order
    is unknown).

    ``accuracy`` is a fraction 0..1; a * n must be a whole number (within 1e-6), otherwise the
    row is not a count of n samples and a DataError names it. Returns the ``keep`` columns,
    ``item_id`` (from ``item``, as a string), ``sample`` and ``correct``.

    ``mean_tokens``: a Points table (``keep`` columns and ``mean_tokens``, tokens per answer)
    whose mean is given to every sample of its group as ``output_tokens`` (float), with
    ``token_source`` 'estimated:group mean per answer'. Then pass@k's ``total_tokens`` = k x
    that mean, exactly; per-sample tokens stay unknown. A group without a Points row is a
    DataError listing them (nothing is dropped silently).
    """
    what = "samples_from_item_accuracy"
    keep = list(as_tuple(keep))
    require_columns(per_item, [*keep, item, accuracy, n_samples], what)
    a = pd.to_numeric(per_item[accuracy], errors="coerce").to_numpy(float, na_value=np.nan)
    n = pd.to_numeric(per_item[n_samples], errors="coerce").to_numpy(float, na_value=np.nan)
    for name, v, ok in ((accuracy, a, (a >= 0) & (a <= 1)), (n_samples, n, (n >= 1) & (n == np.round(n)))):
        bad = ~ok | np.isnan(v)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise DataError(Problem(what, f"row {row}", name, f"not a valid value: {per_item[name].iloc[row]!r}"))
    c = a * n
    off = np.abs(c - np.round(c)) > 1e-6
    if off.any():
        row = int(np.flatnonzero(off)[0])
        raise DataError(Problem(what, f"row {row}", accuracy,
                                f"{a[row]!r} of {int(n[row])} samples is not a whole number of samples"))
    n = n.astype(np.int64)
    c = np.round(c).astype(np.int64)
    rows = np.repeat(np.arange(len(per_item)), n)
    sample = np.arange(len(rows)) - np.repeat(np.cumsum(n) - n, n)
    out = per_item[keep].iloc[rows].reset_index(drop=True)
    out["item_id"] = per_item[item].astype("string").iloc[rows].to_numpy()
    out["sample"] = sample.astype(np.int64)
    out["correct"] = (sample < c[rows]).astype(float)
    if mean_tokens is not None:
        require_columns(mean_tokens, [*keep, "mean_tokens"], what + " (mean_tokens)")
        merged = out.merge(mean_tokens[[*keep, "mean_tokens"]], on=keep, how="left", validate="many_to_one")
        missing = merged["mean_tokens"].isna().to_numpy()
        if missing.any():
            groups = merged.loc[missing, keep].drop_duplicates()
            raise DataError(Problem(what, None, "mean_tokens", f"no mean_tokens for {len(groups)} group(s): "
                                    f"{'; '.join(group_labels(groups, keep))}; select the groups first"))
        out["output_tokens"] = merged["mean_tokens"].to_numpy(float)
        out["token_source"] = "estimated:group mean per answer"
    return out
