"""Two snapshots of one leaderboard that disagree: different models listed, or measured differently?

A published leaderboard (e.g. Artificial Analysis) is re-run from time to time, and two snapshots
can put a frontier at very different token counts. Either the snapshots list different models, or
the same models were measured differently (a new harness, a new token count). The models listed
in both tell the two apart: if each of them moved by about the whole gap between the frontiers,
the gap is a change of measurement; if they did not move, it comes from the models listed.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .._groups import require_columns
from ..errors import DataError, Problem
from ..tolerance import REL_TOL, is_close
from .compression import pair_points


def snapshot_shift(
    points: pd.DataFrame,
    needed: pd.DataFrame,
    *,
    by: str = "snapshot",
    key: str | Sequence[str] = "model",
    factor: float = 1.25,
    x: str = "mean_tokens",
    y: str = "accuracy",
    rel_tol: float = REL_TOL,
) -> pd.DataFrame:
    """Whether the gap between two snapshots' frontiers is a change of measurement.

    ``points``: Points of exactly two snapshots (column ``by``; the earlier one first in sort
    order), one row per ``key`` (e.g. model) and snapshot. ``needed``: the tokens each snapshot's
    frontier needs for one target accuracy, one row per snapshot (``by`` and ``tokens``, as
    from :func:`analysis.tokens_for_accuracy`).

    Returns one row: ``first``, ``second`` (the snapshots), ``gap`` (tokens needed in the second
    / the first), ``n_common`` (rows of a ``key`` listed in both), ``common`` (their keys, ", "
    joined), ``ratio_min``, ``ratio_median``, ``ratio_max`` (each common row's tokens in the
    second / the first snapshot), ``same_accuracy`` (every common row has the same ``y`` in both,
    within ``rel_tol``) and ``explanation``: 'measurement' when every common row moved by the
    gap within ``factor`` (ratio in [gap / factor, gap * factor]), 'mixed' when some did not,
    'no common rows' when none is listed in both (the gap cannot be split). Published points
    carry no intervals, so this compares magnitudes; it is not a test.
    """
    what = "snapshot_shift"
    keys = (key,) if isinstance(key, str) else tuple(key)
    require_columns(points, [by, *keys, x, y], what)
    require_columns(needed, [by, "tokens"], what)
    if not (isinstance(factor, (int, float)) and np.isfinite(factor) and factor >= 1):
        raise ValueError(f"{what}: factor must be a number >= 1, got {factor!r}")
    snapshots = sorted(pd.unique(points[by].dropna()))
    if len(snapshots) != 2:
        raise DataError(Problem(what, None, by, f"needs exactly two snapshots, got {len(snapshots)}: {snapshots}"))
    first, second = snapshots
    tokens = needed.drop_duplicates(by).set_index(by)["tokens"]
    missing = [s for s in snapshots if s not in tokens.index]
    if missing:
        raise DataError(Problem(what, None, by, f"`needed` has no row for snapshot(s) {missing}"))
    t_first, t_second = float(tokens[first]), float(tokens[second])
    if not (np.isfinite(t_first) and np.isfinite(t_second) and t_first > 0):
        raise DataError(Problem(what, None, "tokens",
                                f"needs finite, positive tokens for both snapshots, got {t_first}, {t_second}"))
    gap = t_second / t_first
    pairs = pair_points(points, {by: first}, on=keys, x=x, y=y)
    pairs = pairs[pairs["token_ratio"].notna()]
    ratios = pairs["token_ratio"].to_numpy(float)
    if len(ratios) == 0:
        explanation = "no common rows"
    elif np.all((ratios >= gap / factor) & (ratios <= gap * factor)):
        explanation = "measurement"
    else:
        explanation = "mixed"
    common = pairs[list(keys)].astype(str).agg(" / ".join, axis=1)
    return pd.DataFrame([{
        "first": first, "second": second, "gap": gap, "n_common": len(ratios),
        "common": ", ".join(common),
        "ratio_min": float(ratios.min()) if len(ratios) else np.nan,
        "ratio_median": float(np.median(ratios)) if len(ratios) else np.nan,
        "ratio_max": float(ratios.max()) if len(ratios) else np.nan,
        "same_accuracy": bool(len(ratios))
        and bool(is_close(pairs["candidate_accuracy"], pairs["base_accuracy"], rel_tol=rel_tol).all()),
        "explanation": explanation,
    }])
