"""Thought compression: iso-accuracy token ratios and length-penalty operating points.

* Iso-accuracy compression, CR(eps) = L_base / L_method at A_method >= A_base - eps, read off
  the method's frontier by interpolation (docs/methods.md section 1: "no canonical definition";
  the informal "~50% tokens at <5% accuracy loss" of Arora & Zanette 2025 and LC-R1 2025).
* Length-penalty path: a reward accuracy - lambda * tokens (the linear penalties of Kimi k1.5,
  L1/LCPO, ShorterBetter; docs/methods.md section 3) selects, among the operating points on offer,
  the one maximising it; as lambda grows the choice walks down the upper hull.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .._groups import Selector, as_selector, as_tuple, base_values, finite_xy, group_codes, require_columns
from ..errors import DataError, Problem
from ..tolerance import REL_TOL, at_least, check_rel_tol
from .frontier import pareto_frontier, upper_hull


def iso_accuracy_compression(
    reference: pd.DataFrame | pd.Series,
    candidate: pd.DataFrame,
    *,
    x: str = "mean_tokens",
    y: str = "accuracy",
    candidate_x: str | None = None,
    epsilon: float = 0.0,
    by: str | Sequence[str] | None = None,
    rel_tol: float = REL_TOL,
) -> pd.DataFrame:
    """How many times fewer tokens ``candidate`` needs to reach each reference point's accuracy.

    ``reference``: Points (one row per target; a Series is one row) with ``x`` tokens and ``y``
    accuracy. ``candidate``: several operating points of one model/method (Points of its
    settings, or a budget curve with ``candidate_x="budget"``). The candidate's Pareto frontier
    is sorted by tokens; tokens needed for the target accuracy A* = A_ref - ``epsilon`` are
    interpolated linearly in log10(tokens) between the two frontier points around A*.

    Returns one row per reference row (its ``by`` columns and index as ``reference``):
    ``target_accuracy``, ``reference_tokens``, ``candidate_tokens`` (needed; NaN when never
    reached), ``compression`` = reference_tokens / candidate_tokens (> 1: the candidate is
    cheaper; NaN when undefined), and ``reason``:

    * ``"interpolated"``: A* lies between two candidate frontier points;
    * ``"at cheapest point"``: the candidate's cheapest frontier point already reaches A*; its
      tokens are used (no extrapolation downwards), so the ratio is a lower bound;
    * ``"never reaches: max accuracy ..."``: A* is above every candidate point (compression NaN);
    * ``"zero tokens"``: the candidate reaches A* at 0 tokens (compression inf).

    ``by`` pairs reference rows with the candidate rows of the same group (e.g. benchmark).
    Candidate points with 0 tokens are used only for the "zero tokens" case (log 0 is undefined).
    "Reaches" means accuracy >= A* within ``rel_tol`` (relative, :mod:`analysis.tolerance`), and
    the frontier is computed with the same tolerance.
    """
    what = "iso_accuracy_compression"
    if isinstance(reference, pd.Series):
        reference = reference.to_frame().T
    cx = candidate_x or x
    by = as_tuple(by)
    require_columns(reference, [*by], what + " (reference)")
    rx, ry = finite_xy(reference, x, y, what + " (reference)")
    finite_xy(candidate, cx, y, what + " (candidate)")
    require_columns(candidate, [*by], what + " (candidate)")
    if len(candidate) == 0:
        raise DataError(Problem(what, None, None, "the candidate has no points"))
    front = pareto_frontier(candidate, cx, y, by=by or None, rel_tol=rel_tol)
    front = front[front["on_frontier"]]
    groups = front.groupby(list(by), sort=False) if by else [((), front)]
    curves = {}
    for key, part in groups:
        key = key if isinstance(key, tuple) else (key,)
        fx = part[cx].to_numpy(float)
        fy = part[y].to_numpy(float)
        o = np.lexsort((fy, fx))
        fx, fy = fx[o], fy[o]
        keep = np.ones(len(fx), bool)  # drop exact duplicates
        keep[1:] = (fx[1:] != fx[:-1]) | (fy[1:] != fy[:-1])
        curves[key] = (fx[keep], fy[keep])
    rows = []
    for i in range(len(reference)):
        key = tuple(reference[c].iloc[i] for c in by)
        target = ry[i] - epsilon
        if key not in curves:
            rows.append((target, rx[i], np.nan, np.nan, f"no candidate points for {dict(zip(by, key))}"))
            continue
        fx, fy = curves[key]
        need, reason = _tokens_needed(fx, fy, target, rel_tol)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = rx[i] / need if np.isfinite(need) else np.nan
        rows.append((target, rx[i], need, ratio, reason))
    out = pd.DataFrame(rows, columns=["target_accuracy", "reference_tokens", "candidate_tokens", "compression", "reason"])
    for j, c in enumerate(by):
        out.insert(j, c, reference[c].to_numpy())
    out.insert(len(by), "reference", reference.index.to_numpy())
    return out


def _tokens_needed(fx: np.ndarray, fy: np.ndarray, target: float, rel_tol: float) -> tuple[float, str]:
    """Tokens at which the frontier (x increasing, y increasing) reaches ``target`` (within ``rel_tol``)."""
    reached = at_least(fy, target, rel_tol=rel_tol)
    if not reached.any():
        return np.nan, f"never reaches: max accuracy {fy[-1]:.4g} < target {target:.4g}"
    first = int(np.argmax(reached))
    if fx[first] <= 0:
        return 0.0, "zero tokens"
    if first == 0 or fx[first - 1] <= 0:
        return float(fx[first]), "at cheapest point"
    x0, x1 = np.log10(fx[first - 1]), np.log10(fx[first])
    y0, y1 = fy[first - 1], fy[first]
    frac = min(1.0, (target - y0) / (y1 - y0))  # y1 may sit a rounding error below the target
    return float(10 ** (x0 + frac * (x1 - x0))), "interpolated"


def length_penalty_path(
    points: pd.DataFrame,
    lambdas: Sequence[float] | np.ndarray,
    *,
    x: str = "mean_tokens",
    y: str = "accuracy",
    per_tokens: float = 1.0,
    by: str | Sequence[str] | None = None,
    rel_tol: float = REL_TOL,
) -> pd.DataFrame:
    """For each penalty lambda, the point maximising ``y - lambda * x / per_tokens``.

    Units: ``lambda`` is accuracy (fraction 0..1) given up per ``per_tokens`` tokens; with the
    default ``per_tokens=1`` it is the per-token penalty of a reward r = correct - lambda * len;
    ``per_tokens=1000`` reads lambda per 1k tokens. The maximiser is always a vertex of the upper
    hull (:func:`analysis.upper_hull`); ties (objectives equal within ``rel_tol``, relative to
    the terms compared) go to the point with fewer tokens.

    Returns one row per group and lambda: ``by`` columns, ``lambda``, ``point`` (index label of
    the chosen row), ``x`` and ``y`` values of it, ``objective`` and the marginal price of tokens
    around it, in accuracy points (percentage points) per 1k tokens: ``price_in`` (from the
    previous hull vertex; NaN at the cheapest) and ``price_out`` (to the next; NaN at the most
    accurate). The point stays optimal while ``100 * 1000 * lambda / per_tokens`` lies in
    [price_out, price_in].
    """
    lam = np.asarray(lambdas, float).ravel()
    if lam.size == 0 or not np.isfinite(lam).all() or (lam < 0).any():
        raise ValueError("lambdas must be finite numbers >= 0")
    if per_tokens <= 0:
        raise ValueError("per_tokens must be > 0")
    by = as_tuple(by)
    rel_tol = check_rel_tol(rel_tol)
    hull = upper_hull(points, x, y, by=by or None, rel_tol=rel_tol)
    verts = hull[hull["on_hull"]]
    # One representative per vertex (duplicates share hull_order): the first index label.
    gid_all = group_codes(verts, by, "length_penalty_path")[0] if by else np.zeros(len(verts), np.int64)
    verts = verts.assign(_g=gid_all).sort_values(["_g", "hull_order"], kind="stable")
    verts = verts[~verts.duplicated(["_g", "hull_order"])]
    rows = []
    for g, part in verts.groupby("_g", sort=True):
        vx = part[x].to_numpy(float)
        vy = part[y].to_numpy(float)
        # Moving from vertex j to j+1 pays off when dy - lambda * dx > 0; along the hull these gains
        # fall, so the optimum is after the last paying step. A gain within rel_tol of the terms it
        # compares counts as a tie and goes to the point with fewer tokens.
        gain_y = np.diff(vy)[None, :]
        cost_x = lam[:, None] * np.diff(vx)[None, :] / per_tokens
        j = (gain_y - cost_x > rel_tol * np.maximum(np.abs(gain_y), np.abs(cost_x))).sum(axis=1)
        price = 100 * 1000 * np.diff(vy) / np.diff(vx)
        price_in = np.concatenate([[np.nan], price])
        price_out = np.concatenate([price, [np.nan]])
        chosen = pd.DataFrame(
            {
                "lambda": lam,
                "point": part.index.to_numpy()[j],
                x: vx[j],
                y: vy[j],
                "objective": vy[j] - lam * vx[j] / per_tokens,
                "price_in": price_in[j],
                "price_out": price_out[j],
            }
        )
        for k, c in enumerate(by):
            chosen.insert(k, c, part[c].iloc[0])
        rows.append(chosen)
    return pd.concat(rows, ignore_index=True)


def tokens_for_accuracy(
    points: pd.DataFrame,
    target: float | Sequence[float] | np.ndarray,
    *,
    x: str = "mean_tokens",
    y: str = "accuracy",
    by: str | Sequence[str] | None = None,
    rel_tol: float = REL_TOL,
) -> pd.DataFrame:
    """Tokens the Pareto frontier of ``points`` needs to reach each ``target`` accuracy.

    The question "where would a model of accuracy A* sit on this frontier?" (e.g. a model whose
    token count is not public): the frontier is interpolated linearly in log10(tokens) between
    the two frontier points around A*, as in :func:`iso_accuracy_compression`. ``target``
    (fraction, like ``y``) may be one number or several. Returns one row per group and target:
    ``by`` columns, ``target_accuracy``, ``tokens`` (NaN when the frontier never reaches it) and
    ``reason`` ('interpolated', 'at cheapest point' (the cheapest point already reaches it: an
    upper bound), 'never reaches: ...', 'zero tokens'), plus ``below`` and ``above``: index
    labels of the frontier points bracketing the target (missing where there is none).
    "Reaches" is accuracy >= target within ``rel_tol`` (:mod:`analysis.tolerance`).
    """
    what = "tokens_for_accuracy"
    by = as_tuple(by)
    targets = np.atleast_1d(np.asarray(target, float))
    if not np.isfinite(targets).all():
        raise ValueError(f"{what}: targets must be finite numbers, got {target!r}")
    finite_xy(points, x, y, what)
    require_columns(points, [*by], what)
    if len(points) == 0:
        raise DataError(Problem(what, None, None, "no points"))
    front = pareto_frontier(points, x, y, by=by or None, rel_tol=rel_tol)
    front = front[front["on_frontier"]]
    groups = front.groupby(list(by), sort=True) if by else [((), front)]
    rows = []
    for key, part in groups:
        key = key if isinstance(key, tuple) else (key,)
        fx, fy = part[x].to_numpy(float), part[y].to_numpy(float)
        o = np.lexsort((fy, fx))
        fx, fy, labels = fx[o], fy[o], part.index.to_numpy()[o]
        for t in targets:
            need, reason = _tokens_needed(fx, fy, t, rel_tol)
            reached = np.flatnonzero(at_least(fy, t, rel_tol=rel_tol))
            above = labels[reached[0]] if len(reached) else None
            below = labels[reached[0] - 1] if len(reached) and reached[0] > 0 else (labels[-1] if not len(reached) else None)
            rows.append((*key, t, need, reason, below, above))
    out = pd.DataFrame(rows, columns=[*by, "target_accuracy", "tokens", "reason", "below", "above"])
    for col in ("below", "above"):  # index labels: keep them as labels, not floats
        out[col] = pd.Series([r[len(by) + (3 if col == "below" else 4)] for r in rows], dtype=object)
    return out


def pair_points(
    points: pd.DataFrame,
    base: Selector,
    *,
    on: str | Sequence[str] = ("benchmark",),
    x: str = "mean_tokens",
    y: str = "accuracy",
) -> pd.DataFrame:
    """Each Points row next to its base row: the published counterpart of :func:`analysis.compare_paired`.

    ``base`` selects the base rows (a mapping column -> value, or a bare value meaning
    ``{"setting": value}``); every other row is paired with the base row sharing its ``on``
    columns (e.g. model and benchmark: the same source's base model on the same benchmark).
    Returns the non-base rows (all their columns) with ``base_tokens``, ``base_accuracy``,
    ``candidate_tokens``, ``candidate_accuracy``, ``delta_accuracy`` (candidate - base, fraction)
    and ``token_ratio`` (candidate / base tokens). Rows with no base row on their ``on`` group get
    NaN; a group with several base rows is a DataError (ambiguous). No interval: published
    points have no items to resample.
    """
    what = "pair_points"
    on = as_tuple(on)
    require_columns(points, [*on, x, y], what)
    finite_xy(points, x, y, what)
    mask, base_x, base_y = base_values(points, as_selector(base), on, x, y, what)
    out = points.loc[~mask].copy()
    out["base_tokens"] = base_x[~mask]
    out["base_accuracy"] = base_y[~mask]
    out["candidate_tokens"] = pd.to_numeric(out[x]).to_numpy(float)
    out["candidate_accuracy"] = pd.to_numeric(out[y]).to_numpy(float)
    out["delta_accuracy"] = out["candidate_accuracy"] - out["base_accuracy"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["token_ratio"] = out["candidate_tokens"] / out["base_tokens"]
    return out


def compression_vs_base(
    points: pd.DataFrame,
    base: Selector,
    *,
    family: str = "method",
    on: str | Sequence[str] = ("benchmark",),
    epsilon: float = 0.0,
    x: str = "mean_tokens",
    y: str = "accuracy",
    rel_tol: float = REL_TOL,
) -> pd.DataFrame:
    """Iso-accuracy compression of each method family against its own base, per ``on`` group.

    For every ``on`` group (e.g. model and benchmark within one source) and every value of
    ``family`` among the non-base rows (a method, or a sweep of one method: all its settings
    form its frontier), :func:`iso_accuracy_compression` of that family's frontier against the
    base row's accuracy minus ``epsilon``: ``compression`` = base tokens / tokens the family
    needs (> 1: fewer tokens at the base's accuracy; NaN when it never gets there). Returns
    ``on`` columns, ``family``, ``n_points`` (the family's points in the group), ``epsilon``,
    and ``target_accuracy``, ``reference_tokens``, ``candidate_tokens``, ``compression``,
    ``reason`` as :func:`iso_accuracy_compression` gives them.
    """
    what = "compression_vs_base"
    on = as_tuple(on)
    require_columns(points, [*on, family, x, y], what)
    mask, base_x, base_y = base_values(points, as_selector(base), on, x, y, what)
    cand = points.loc[~mask]
    keys = [*on, family]
    grouped = cand.assign(**{x: base_x[~mask], y: base_y[~mask]}).groupby(keys, sort=True, observed=True)
    ref = grouped.agg(n_points=(x, "size"), **{x: (x, "first"), y: (y, "first")}).reset_index()
    ref = ref[ref[x].notna().to_numpy(bool)].reset_index(drop=True)  # families whose group has a base row
    if len(ref) == 0:
        return pd.DataFrame(columns=[*keys, "n_points", "epsilon", "target_accuracy", "reference_tokens",
                                     "candidate_tokens", "compression", "reason"])
    res = iso_accuracy_compression(ref, cand, x=x, y=y, epsilon=epsilon, by=keys, rel_tol=rel_tol)
    res = res.drop(columns="reference")
    res.insert(len(keys), "n_points", ref["n_points"].to_numpy())
    res.insert(len(keys) + 1, "epsilon", epsilon)
    return res
