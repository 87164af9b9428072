"""One tolerance for every comparison that decides membership (frontier, hull, reach, selections).

Accuracies and token means are floating-point results: the same 91 of 95 correct comes out as
0.9578947368421052 or 0.9578947368421054 depending on the order of the summation. A comparison
that decides whether a point is on a frontier, whether a method reaches a target, or whether a
row is selected must not depend on that. Two numbers ``a`` and ``b`` are **equal within the
tolerance** when

    |a - b| <= rel_tol * max(|a|, |b|)

with ``rel_tol`` = :data:`REL_TOL` = 1e-9 by default. Rounding of a sum of n terms is at most
about n * 2.2e-16 relative, so 1e-9 absorbs it for any table up to millions of rows, and it is
far below any real difference an evaluation can resolve (one answer in a billion). Every function
that takes this decision has a ``rel_tol`` keyword with this default; ``rel_tol=0`` gives exact
comparisons. The test is relative, so 0 equals only 0.

Where a whole set of values is compared (a frontier), values are grouped into **tie classes**:
sorted, each value joins its predecessor's class when the two are equal within the tolerance
(so a class may, in theory, span more than ``rel_tol`` through a chain of near-equal values; at
1e-9 this needs a chain of values each within a billionth of the next). Comparisons then use the
classes: equal class = equal, otherwise the usual order. This keeps the relation transitive, so
an O(n log n) frontier stays exact with respect to it.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

#: default relative tolerance of every membership decision (see the module docstring)
REL_TOL = 1e-9


def check_rel_tol(rel_tol: float) -> float:
    """``rel_tol`` as a float, or ValueError when it is not a number in [0, 1e-3]."""
    try:
        value = float(rel_tol)
    except (TypeError, ValueError):
        raise ValueError(f"rel_tol must be a number in [0, 1e-3], got {rel_tol!r}") from None
    if not 0.0 <= value <= 1e-3:
        raise ValueError(f"rel_tol must be a number in [0, 1e-3] (default {REL_TOL}), got {rel_tol!r}")
    return value


def _slack(a: np.ndarray, b: np.ndarray, rel_tol: float) -> np.ndarray:
    return rel_tol * np.maximum(np.abs(a), np.abs(b))


def is_close(a: ArrayLike, b: ArrayLike, *, rel_tol: float = REL_TOL) -> np.ndarray:
    """``|a - b| <= rel_tol * max(|a|, |b|)``, elementwise (bool array)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return np.abs(a - b) <= _slack(a, b, check_rel_tol(rel_tol))


def at_least(a: ArrayLike, b: ArrayLike, *, rel_tol: float = REL_TOL) -> np.ndarray:
    """``a >= b`` allowing for rounding: ``a >= b - rel_tol * max(|a|, |b|)`` (bool array)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return a >= b - _slack(a, b, check_rel_tol(rel_tol))


def within(values: ArrayLike, centre: float, radius: float, *, rel_tol: float = REL_TOL) -> np.ndarray:
    """Values whose distance from ``centre`` is at most ``radius``, allowing for rounding:
    ``|v - centre| <= radius + rel_tol * max(|v|, |centre|, radius)`` (bool array).

    The selection "rows within 3 points of 52" is ``within(accuracy, 0.52, 0.03)``: exact
    arithmetic would drop 0.49, because 0.52 - 0.49 is 0.030000000000000027 in floating point.
    """
    v = np.asarray(values, float)
    if not np.isfinite(radius) or radius < 0:
        raise ValueError(f"radius must be a finite number >= 0, got {radius!r}")
    scale = np.maximum(np.maximum(np.abs(v), abs(centre)), radius)
    return np.abs(v - centre) <= radius + check_rel_tol(rel_tol) * scale


def tie_classes(values: ArrayLike, *, rel_tol: float = REL_TOL) -> np.ndarray:
    """Each value replaced by the smallest member of its tie class (see the module docstring),
    so ``==``, ``<`` and ``>=`` on the result are comparisons within the tolerance. NaN stays NaN."""
    v = np.asarray(values, float)
    rel_tol = check_rel_tol(rel_tol)
    out = v.copy()
    if v.size < 2 or rel_tol == 0:
        return out
    finite = np.flatnonzero(~np.isnan(v))
    order = finite[np.argsort(v[finite], kind="stable")]
    s = v[order]
    new = np.ones(len(s), bool)
    new[1:] = (s[1:] - s[:-1]) > _slack(s[1:], s[:-1], rel_tol)
    first = np.maximum.accumulate(np.where(new, np.arange(len(s)), 0))
    out[order] = s[first]
    return out
