"""Efficiency frontiers over Points: the Pareto set and the upper convex hull.

* Pareto frontier: a point is **dominated** when another point has tokens <= and accuracy >=
  with at least one of the two strict. The frontier is the set of points no other point
  dominates; identical duplicates do not dominate each other, so both stay on it.
* Upper hull: the operating points reachable by mixing two settings at random (a mix spends
  and scores the weighted mean of the two): the concave majorant of the frontier in linear
  (tokens, accuracy), from the cheapest frontier point to the most accurate one.
  See docs/methods.md section 4 (plotting conventions).

Both compare accuracies and tokens within ``rel_tol`` (:mod:`analysis.tolerance`): values that
differ only by rounding (the same 91 of 95 summed in another order) are ties, not a win.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .._groups import as_tuple, finite_xy, group_codes, require_columns
from ..tolerance import REL_TOL, tie_classes


def pareto_frontier(
    points: pd.DataFrame,
    x: str = "mean_tokens",
    y: str = "accuracy",
    *,
    by: str | Sequence[str] | None = None,
    rel_tol: float = REL_TOL,
) -> pd.DataFrame:
    """The points no other point beats on both axes (fewer ``x``, higher ``y``).

    Returns a copy of ``points`` with ``on_frontier`` (bool) and ``dominated_by`` (the index
    label of one point that dominates this one: a point with the same ``x`` and higher ``y`` if
    there is one, else the highest point among the cheaper ones; missing on the frontier).
    With ``by`` the frontier is computed within each group. O(n log n): one sort by
    (group, x ascending, y descending), then a running maximum of ``y``. NaN in ``x`` or ``y`` is
    a :class:`~analysis.DataError`. Values equal within ``rel_tol`` (relative; default
    :data:`analysis.tolerance.REL_TOL`, 0 for exact) are ties (:func:`analysis.tolerance.tie_classes`).
    """
    what = "pareto_frontier"
    by = as_tuple(by)
    xs, ys = _tied_xy(points, x, y, what, rel_tol)
    n = len(points)
    out = points.copy()
    if n == 0:
        out["on_frontier"] = pd.Series(dtype=bool)
        out["dominated_by"] = pd.Series(dtype=object)
        return out
    if by:
        require_columns(points, list(by), what)
        gid, _ = group_codes(points, by, what)
    else:
        gid = np.zeros(n, np.int64)
    dominated, dom_pos = _pareto_positions(xs, ys, gid)
    out["on_frontier"] = ~dominated
    out["dominated_by"] = _labels_where(points.index, dom_pos, dominated)
    return out


def _tied_xy(points: pd.DataFrame, x: str, y: str, what: str, rel_tol: float) -> tuple[np.ndarray, np.ndarray]:
    """``x`` and ``y`` as floats, each value replaced by its tie class within ``rel_tol``."""
    xs, ys = finite_xy(points, x, y, what)
    return tie_classes(xs, rel_tol=rel_tol), tie_classes(ys, rel_tol=rel_tol)


def _labels_where(index: pd.Index, pos: np.ndarray, mask: np.ndarray) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """Index labels at ``pos`` where ``mask``, missing elsewhere (nullable Int64 for int labels)."""
    if pd.api.types.is_integer_dtype(index.dtype):
        values = index.to_numpy()[pos].astype(np.int64)
        return pd.arrays.IntegerArray(values, ~mask)
    out = np.full(len(pos), None, dtype=object)
    out[mask] = index.to_numpy()[pos[mask]]
    return out


def _pareto_positions(xs: np.ndarray, ys: np.ndarray, gid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(dominated mask, position of a dominating point) for every point, vectorised.

    One sort by (group, x) (order inside a block of equal (group, x) does not matter, so a fast
    unstable sort of one key does), then per block its highest y, and a running maximum of the
    block maxima: a point is dominated by a higher point of its own block, or by a cheaper block
    of its group whose maximum is at least its y."""
    n = len(xs)
    grouped = bool((gid != gid[0]).any()) if n else False
    if grouped:
        x_rank = np.unique(xs, return_inverse=True)[1].astype(np.int64).ravel()
        order = np.argsort(gid * (int(x_rank.max()) + 1) + x_rank)
    else:
        order = np.argsort(xs)
    g, xv, yv = gid[order], xs[order], ys[order]
    pos = np.arange(n)
    new_block = np.ones(n, bool)
    new_block[1:] = (g[1:] != g[:-1]) | (xv[1:] != xv[:-1])
    starts = np.flatnonzero(new_block)
    block = np.cumsum(new_block) - 1
    block_max = np.maximum.reduceat(yv, starts)
    block_top = np.minimum.reduceat(np.where(yv == block_max[block], pos, n), starts)  # a highest point
    if grouped:  # a key that grows with the group then with y, so one running max never crosses groups
        y_rank = np.unique(yv, return_inverse=True)[1].astype(np.int64).ravel()
        span = int(y_rank.max()) + 1
        key = g * span + y_rank
        block_key = np.maximum.reduceat(key, starts)
        floor = -1
    else:
        key, block_key, floor = yv, block_max, -np.inf
    run_max = np.maximum.accumulate(block_key)
    run_arg = np.maximum.accumulate(np.where(block_key == run_max, np.arange(len(starts)), 0))
    prev = block - 1  # the cheaper blocks are those before; within the group iff key >= own key
    has_prev = prev >= 0
    prev_max = np.where(has_prev, run_max[np.maximum(prev, 0)], floor)
    dom_cheaper = has_prev & (prev_max >= key)
    dom_same_x = yv < block_max[block]
    dominated_sorted = dom_cheaper | dom_same_x
    dom_sorted = np.where(dom_same_x, block_top[block], block_top[run_arg[np.maximum(prev, 0)]])
    dominated = np.empty(n, bool)
    dominated[order] = dominated_sorted
    dom_pos = np.zeros(n, np.int64)
    dom_pos[order] = order[dom_sorted]
    return dominated, dom_pos


def upper_hull(
    points: pd.DataFrame,
    x: str = "mean_tokens",
    y: str = "accuracy",
    *,
    by: str | Sequence[str] | None = None,
    rel_tol: float = REL_TOL,
) -> pd.DataFrame:
    """The operating points reachable by mixing two settings: vertices of the upper-left hull.

    Returns a copy of ``points`` with ``on_frontier``/``dominated_by`` (see
    :func:`pareto_frontier`), ``on_hull`` (a vertex of the concave majorant of the frontier in
    linear ``x``; points strictly inside a hull edge are not vertices), ``hull_order`` (0, 1, ...
    along the hull by increasing ``x``; missing off the hull) and ``marginal_price``: on a hull
    vertex, the gain in ``y`` per 1,000 ``x`` from the previous vertex, in accuracy points
    (percentage points) per 1k tokens when ``y`` is a fraction (NaN on the first vertex).
    Identical duplicates of a vertex (equal within ``rel_tol``) are all marked ``on_hull`` with
    the same order; a point within ``rel_tol`` (relative to the cross products) of the chord of its
    neighbours is on the chord, not a vertex.
    """
    what = "upper_hull"
    by = as_tuple(by)
    out = pareto_frontier(points, x, y, by=by, rel_tol=rel_tol)
    n = len(out)
    if n == 0:
        out["on_hull"] = pd.Series(dtype=bool)
        out["hull_order"] = pd.Series(dtype="Int64")
        out["marginal_price"] = pd.Series(dtype=float)
        return out
    raw_x, raw_y = finite_xy(points, x, y, what)
    xs, ys = _tied_xy(points, x, y, what, rel_tol)
    gid = group_codes(points, by, what)[0] if by else np.zeros(n, np.int64)
    front = np.flatnonzero(out["on_frontier"].to_numpy(bool))
    # Distinct frontier points sorted by (group, x); duplicates share one representative.
    f = front[np.lexsort((xs[front], gid[front]))]
    keep = np.ones(len(f), bool)
    keep[1:] = (gid[f][1:] != gid[f][:-1]) | (xs[f][1:] != xs[f][:-1]) | (ys[f][1:] != ys[f][:-1])
    rep = f[keep]
    alive = np.ones(len(rep), bool)
    gr, xr, yr = gid[rep], xs[rep], ys[rep]
    while True:  # drop every point on or below the chord of its live neighbours, until none is
        idx = np.flatnonzero(alive)
        if len(idx) < 3:
            break
        a, b, c = idx[:-2], idx[1:-1], idx[2:]
        same = (gr[a] == gr[b]) & (gr[b] == gr[c])
        t1 = (xr[b] - xr[a]) * (yr[c] - yr[a])
        t2 = (yr[b] - yr[a]) * (xr[c] - xr[a])
        drop = same & (t1 - t2 >= -rel_tol * (np.abs(t1) + np.abs(t2)))  # on the chord (within rel_tol) or below
        if not drop.any():
            break
        alive[b[drop]] = False
    verts = rep[alive]
    vg = gr[alive]
    first_of_group = np.ones(len(verts), bool)
    first_of_group[1:] = vg[1:] != vg[:-1]
    order_in_group = np.arange(len(verts)) - np.maximum.accumulate(np.where(first_of_group, np.arange(len(verts)), 0))
    with np.errstate(divide="ignore", invalid="ignore"):
        price = np.full(len(verts), np.nan)
        dx = np.diff(raw_x[verts])
        dy = np.diff(raw_y[verts])
        price[1:] = np.where(first_of_group[1:], np.nan, 100 * dy / dx * 1000)
    # Map every frontier point (duplicates included) to its vertex.
    vkey = pd.MultiIndex.from_arrays([gid[verts], xs[verts], ys[verts]])
    fkey = pd.MultiIndex.from_arrays([gid[front], xs[front], ys[front]])
    hit = vkey.get_indexer(fkey)
    on = front[hit >= 0]
    which = hit[hit >= 0]
    on_hull = np.zeros(n, bool)
    on_hull[on] = True
    order_col = np.full(n, -1, np.int64)
    order_col[on] = order_in_group[which]
    price_col = np.full(n, np.nan)
    price_col[on] = price[which]
    out["on_hull"] = on_hull
    out["hull_order"] = pd.arrays.IntegerArray(np.where(on_hull, order_col, 0), ~on_hull)
    out["marginal_price"] = price_col
    return out
