"""Scalar efficiency scores as the literature defines them (docs/methods.md sections 1 and 2).

* AES, the Accuracy-Efficiency Score of O1-Pruner (Luo et al. 2025, arXiv 2501.12570, sec. 5.1);
* Control, Scaling and Performance of s1 (Muennighoff et al. 2025, arXiv 2501.19393, Eq. 1-3);
* relative accuracy and length change against a base model (LC-R1, Cheng et al. 2025,
  arXiv 2506.14755, Eq. 12-13), the axes of their "Pareto analysis" plots.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._groups import Selector, as_selector, as_tuple, base_values, group_codes, require_columns
from ..errors import DataError, Problem


def aes(
    accuracy: ArrayLike,
    tokens: ArrayLike,
    base_accuracy: ArrayLike,
    base_tokens: ArrayLike,
    *,
    alpha: float = 1.0,
    beta: float = 3.0,
    gamma: float = 5.0,
) -> float | np.ndarray:
    """Accuracy-Efficiency Score (O1-Pruner, Luo et al. 2025, sec. 5.1).

    dL = (L_base - L) / L_base (token saving), dA = (A - A_base) / A_base (relative accuracy
    change); AES = alpha*dL + beta*|dA| if dA >= 0, else alpha*dL - gamma*|dA|. Defaults
    alpha=1, beta=3, gamma=5 (the paper's; QFFT uses 0.1, 0.1, 1.0). Accuracy and tokens may be
    in any units as long as each pair shares them. Scalars give a float; arrays an array.
    Base accuracy or base tokens <= 0 make the score undefined: DataError.
    """
    a, t, ab, tb = (np.asarray(v, float) for v in (accuracy, tokens, base_accuracy, base_tokens))
    if np.any(ab <= 0) or np.any(tb <= 0):
        raise DataError("AES is undefined when the base accuracy or base tokens are 0 (it divides by them)")
    d_len = (tb - t) / tb
    d_acc = (a - ab) / ab
    score = np.where(d_acc >= 0, alpha * d_len + beta * np.abs(d_acc), alpha * d_len - gamma * np.abs(d_acc))
    return float(score) if score.ndim == 0 else score


def s1_scores(
    runs: pd.DataFrame,
    *,
    tokens: str = "mean_tokens",
    accuracy: str = "accuracy",
    a_min: float | str | None = None,
    a_max: float | str | None = None,
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Control, Scaling and Performance of a budget-controlled method (s1, Eq. 1-3).

    ``runs``: one row per run a (e.g. one per budget-forcing setting), with the ``tokens`` it
    actually spent and its ``accuracy`` (fraction).

    * Control = share of runs whose tokens lie within [a_min, a_max] (the limits the method was
      asked to respect; each a number or a column name, e.g. ``a_max="budget"``); NaN when no
      limit is given.
    * Scaling = mean over all pairs of runs with a < b tokens of (f(b) - f(a)) / (b - a),
      reported in accuracy points (percentage points) per 1,000 tokens. Pairs with equal tokens
      are skipped; NaN with fewer than two distinct token counts.
    * Performance = the highest accuracy over the runs (fraction).

    Returns ``by`` columns, ``n_runs``, ``control``, ``scaling``, ``performance``.
    """
    what = "s1_scores"
    by = as_tuple(by)
    require_columns(runs, [*by, tokens, accuracy], what)
    for lim in (a_min, a_max):
        if isinstance(lim, str):
            require_columns(runs, [lim], what)
    gid, keys = group_codes(runs, by, what) if len(runs) else (np.zeros(0, np.int64), runs[list(by)].iloc[0:0])
    rows = []
    for g in range(len(keys)):
        part = runs.loc[gid == g]
        x = pd.to_numeric(part[tokens]).to_numpy(float)
        f = pd.to_numeric(part[accuracy]).to_numpy(float)
        if np.isnan(x).any() or np.isnan(f).any():
            raise DataError(Problem(what, None, f"{tokens}/{accuracy}", "missing value"))
        ok = np.ones(len(part), bool)
        given = False
        for lim, cmp in ((a_min, np.greater_equal), (a_max, np.less_equal)):
            if lim is None:
                continue
            given = True
            bound = part[lim].to_numpy(float) if isinstance(lim, str) else float(lim)
            ok &= cmp(x, bound)
        control = float(ok.mean()) if given else np.nan
        i, j = np.triu_indices(len(x), k=1)
        dx = x[j] - x[i]
        dy = f[j] - f[i]
        keep = dx != 0
        with np.errstate(divide="ignore", invalid="ignore"):
            slope = dy[keep] / dx[keep]  # symmetric: (f(b)-f(a))/(b-a) whichever is larger
        scaling = float(slope.mean()) * 100 * 1000 if keep.any() else np.nan
        rows.append({"n_runs": len(part), "control": control, "scaling": scaling, "performance": float(f.max())})
    out = pd.concat([keys.reset_index(drop=True), pd.DataFrame(rows, columns=["n_runs", "control", "scaling", "performance"])], axis=1)
    return out


def relative_change(
    points: pd.DataFrame,
    base: Selector,
    *,
    on: str | Sequence[str] = ("benchmark",),
    x: str = "mean_tokens",
    y: str = "accuracy",
    average: bool = False,
) -> pd.DataFrame:
    """Accuracy and length relative to a base model on the same benchmark (LC-R1 Eq. 12-13).

    ``base`` selects the base rows (a mapping column -> value, or a bare model name meaning
    ``{"model": name}``); each other row is compared with the base row that shares its ``on``
    columns: ``rel_accuracy`` = (A - A_base) / A_base and ``rel_tokens`` = (L - L_base) / L_base
    (fractions; -0.5 = half the tokens). Rows whose benchmark has no base row get NaN; a base
    that matches several rows on one benchmark is a DataError. The base rows are kept with
    ``is_base`` True (and 0 changes).

    ``average=True`` returns LC-R1's Avg_acc and Avg_len instead: the means over benchmarks per
    (model, setting) (whatever is not in ``on``), with ``n_benchmarks``.
    """
    what = "relative_change"
    on = as_tuple(on)
    sel = as_selector(base, default_col="model")
    require_columns(points, [*on, x, y], what)
    mask, bx, byv = base_values(points, sel, on, x, y, what)
    out = points.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["rel_accuracy"] = (pd.to_numeric(out[y]).to_numpy(float) - byv) / byv
        out["rel_tokens"] = (pd.to_numeric(out[x]).to_numpy(float) - bx) / bx
    out["is_base"] = mask
    if not average:
        return out
    ident = [c for c in ("model", "setting") if c in out.columns and c not in on]
    agg = out.groupby(ident, sort=True, dropna=False).agg(
        rel_accuracy=("rel_accuracy", "mean"), rel_tokens=("rel_tokens", "mean"), n_benchmarks=("rel_accuracy", "count")
    )
    return agg.reset_index()
