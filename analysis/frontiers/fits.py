"""Accuracy against log(tokens): the log-linear "test-time compute" fit and a saturating one.

Accuracy often grows about linearly in log(tokens) over a budget range (OpenAI's o1 blog, 2024;
s1, Muennighoff et al. 2025, Fig. 1) and flattens beyond it (s1 sec. 4.2). docs/methods.md section 2
recommends fitting both a line and a saturating form.
"""

from __future__ import annotations

import warnings
from typing import Sequence

import numpy as np
import pandas as pd
from scipy import optimize, stats

from .._groups import as_tuple, finite_xy, group_codes, require_columns
from ..errors import DataError, Problem
from ..intervals import _check_ci


def _linear(u, a, b):
    return a + b * u


def _logistic(u, ceiling, slope, midpoint):
    return ceiling / (1 + np.exp(-slope * (u - midpoint)))


FORMS = {
    "linear": (_linear, ("a", "b")),
    "logistic": (_logistic, ("ceiling", "slope", "midpoint")),
}


def fit_log_tokens(
    points: pd.DataFrame,
    *,
    x: str = "mean_tokens",
    y: str = "accuracy",
    by: str | Sequence[str] | None = None,
    forms: Sequence[str] = ("linear", "logistic"),
    ci: float = 0.95,
) -> pd.DataFrame:
    """Fit accuracy against u = log10(tokens), per ``by`` group, with scipy ``curve_fit``.

    * ``linear``: accuracy = a + b * u (b = accuracy gained per tenfold tokens, fraction);
    * ``logistic``: accuracy = ceiling / (1 + exp(-slope * (u - midpoint))), a saturating form
      with a ceiling in [0, 1] (midpoint = log10 tokens at half the ceiling).

    Parameter intervals: estimate +- t_{ci, n-p} * standard error, the standard errors from
    curve_fit's covariance (residual variance scaled; a local, asymptotic approximation).
    Tidy result, one row per group, form and parameter: ``by`` columns, ``form``, ``param``,
    ``estimate``, ``std_err``, ``ci_low``, ``ci_high``, ``n_points``, ``rss`` (residual sum of
    squares), ``identified`` (bool) and ``note`` (why a fit is NaN or has no intervals).

    Intervals are reported only for an **identified** fit, otherwise ``std_err``, ``ci_low`` and
    ``ci_high`` are NaN and ``note`` says why. A fit is identified when it has more points than
    parameters, a finite covariance, no parameter at a bound (the logistic ceiling at 0 or 1),
    and, for the logistic form, more points above zero accuracy than parameters: points at 0 only
    say the curve is low there, so with 7 caps of which 4 score 0 the 3 others fix the 3
    parameters exactly and the residual variance (hence the interval) is spuriously ~0.
    Tokens must be > 0 (DataError otherwise).
    """
    _check_ci(ci)
    what = "fit_log_tokens"
    by = as_tuple(by)
    unknown = [f for f in forms if f not in FORMS]
    if unknown:
        raise ValueError(f"unknown form(s) {unknown}; choose from {sorted(FORMS)}")
    require_columns(points, [*by, x, y], what)
    xs, ys = finite_xy(points, x, y, what)
    if (xs <= 0).any():
        row = int(np.flatnonzero(xs <= 0)[0])
        raise DataError(Problem(what, f"row {row}", x, f"log(tokens) needs tokens > 0, got {xs[row]!r}"))
    gid, keys = group_codes(points, by, what)
    rows = []
    for g in range(len(keys)):
        sel = gid == g
        u, a = np.log10(xs[sel]), ys[sel]
        for form in forms:
            rows.extend(_fit_one(form, u, a, ci, g))
    out = pd.DataFrame(rows)
    key_part = keys.iloc[out["_g"].to_numpy()].reset_index(drop=True)
    return pd.concat([key_part, out.drop(columns="_g")], axis=1)


def _fit_one(form: str, u: np.ndarray, a: np.ndarray, ci: float, g: int) -> list[dict]:
    func, names = FORMS[form]
    n, p = len(u), len(names)
    est = np.full(p, np.nan)
    err = np.full(p, np.nan)
    rss = np.nan
    note = ""
    identified = False
    if n < p or np.ptp(u) == 0:
        note = f"needs at least {p} points with different tokens, has {n}"
    else:
        if form == "linear":
            p0, bounds = (a.mean(), 0.0), (-np.inf, np.inf)
        else:
            p0 = (min(1.0, max(a.max(), 1e-3)), 1.0, float(np.median(u)))
            bounds = ([0.0, -np.inf, -np.inf], [1.0, np.inf, np.inf])
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                est, cov = optimize.curve_fit(func, u, a, p0=p0, bounds=bounds, maxfev=20000)
            rss = float(np.sum((a - func(u, *est)) ** 2))
            informative = int(np.sum(a > 0)) if form == "logistic" else n
            if n <= p:
                note = "not identified: as many points as parameters, no intervals"
            elif informative <= p:
                note = (f"not identified: only {informative} of {n} points above 0 for {p} parameters "
                        "(they fit exactly), no intervals")
            elif form == "logistic" and (est[0] <= 1e-6 or est[0] >= 1 - 1e-6):
                note = f"not identified: the ceiling is at its bound ({est[0]:.3g}), no intervals"
            else:
                err = np.sqrt(np.clip(np.diag(cov), 0, None))
                if not np.isfinite(err).all():
                    err = np.full(p, np.nan)
                    note = "not identified: infinite covariance, no intervals"
                else:
                    identified = True
        except (RuntimeError, ValueError, optimize.OptimizeWarning) as exc:
            note = f"fit failed: {exc}"
            est = np.full(p, np.nan)
    tq = stats.t.ppf(0.5 + ci / 2, n - p) if n > p else np.nan
    return [
        {"_g": g, "form": form, "param": name, "estimate": float(est[j]), "std_err": float(err[j]),
         "ci_low": float(est[j] - tq * err[j]), "ci_high": float(est[j] + tq * err[j]),
         "n_points": n, "rss": rss, "identified": identified, "note": note}
        for j, name in enumerate(names)
    ]
