"""Confidence intervals for accuracy: Wilson's score interval, its cluster-adjusted form, and
the bootstrap helpers.

* Wilson (1927), "Probable inference, the law of succession, and statistical inference", JASA 22:
  the interval for a binomial proportion that stays inside [0, 1] and behaves at 0 and n
  successes (:func:`wilson_interval`, the plain formula).
* **Accuracy intervals** (:func:`accuracy_interval`, what :func:`analysis.summarize` reports):
  the *cluster-adjusted Wilson interval*. Samples of one item are correlated, so n answers carry
  less information than n independent trials. The variance of the accuracy (the mean of the m
  item means) is estimated from the item means, v = s^2 / m (s^2 with m - 1 degrees of
  freedom), and turned into an effective sample size n_eff = p(1 - p) / v, i.e. n / deff with
  the design effect deff = v / (p(1 - p) / n) (Kish 1965, *Survey Sampling*, sec. 5.4; the
  cluster-adjusted Wilson interval of Saha, Miller & Wang 2016, "Interval estimation for
  proportions with clustered data", and of Miller 2024, "Adding error bars to evals", arXiv
  2411.00640, sec. 2.2). n_eff is kept in [m, n] (deff between 1 and the samples per item);
  when the design effect cannot be estimated (accuracy exactly 0 or 1) n_eff = m, the
  conservative end. Wilson's formula is then applied with n_eff and two small-sample
  corrections, chosen by a coverage simulation (benchmarks/bench_intervals.py, table in
  benchmarks/README.md):
  - when the design effect is estimated from the items (deff > 1), the critical value is
    Student's t with a Satterthwaite-style effective df = (m - 1) (deff / (deff - 1))^2
    (Satterthwaite 1946, "An approximate distribution of estimates of variance components",
    Biometrics Bulletin 2(6)): under the score test's null the binomial share p(1-p)/n of the
    variance is known and only the excess share (deff - 1)/deff is estimated, from m item
    means with m - 1 df, so df grows without bound as deff -> 1 (the normal quantile) and is
    (m - 1)(k/(k-1))^2 at the largest design effect k (samples per item). The normal quantile
    is used when nothing is estimated (one sample per item, or deff <= 1). Measured (36
    settings x 2,000 evaluations per cell, 40 cells): the previous rule, t on n_eff (m - 1)/m
    df, over-covered 97.2-97.5% with 5-8 prompts x 2-5 samples (34 of 40 cells in 95 +- 2);
    the normal quantile everywhere meets 40 of 40 but lowers the lowest setting of 8 cells by
    up to 3.5 points (~87% with 5-8 prompts x 7-10 samples at sigma = 3); this rule meets 40 of
    40 (94.6-96.9%, the 5 x 4 cell at 96.9 is the closest) with the same overall lowest
    setting (84.7%);
  - near 0 and 1 the bound is replaced by the Poisson one (Brown, Cai & DasGupta 2001, "Interval
    estimation for a binomial proportion", Statistical Science 16(2), sec. 4.1.1, "modified
    Wilson"): for x = p n_eff successes with 0 < x <= x* the lower bound is
    chi2_{(1-ci)/2, 2x} / (2 n_eff), and likewise the upper bound from the failures. This is a
    correction of the binomial interval and is applied only where no design effect is
    estimated (otherwise the t quantile widens the interval already; applying both
    over-covered, 97.1% with 5 prompts x 4 samples). BCD use x* = 2 for n <= 50 and 3 for
    n <= 100; here x* = 1 below n_eff = 20 (with 5-19 answers the x* = 2 bound over-covers,
    97-98%), 2 up to 50, 3 up to 100. This removes Wilson's coverage dips (~85%) at one or two
    successes. Cost: one setting (8 prompts x 2 samples, sigma = 3, true accuracy 0.02) drops
    from 98% to 91%.
  With one sample per item this is Wilson's interval with the Brown-Cai-DasGupta modification;
  with a single item it is Wilson's interval on that item's samples (they are the only noise).
  It is never of zero width, also for all-correct and all-wrong samples.
* Cluster bootstrap helpers (Efron & Tibshirani 1993, ch. 6): whole items resampled with
  replacement (used for token means in :func:`analysis.compare_paired`). Items must be put in a
  canonical order (sorted by item id) before resampling, so a result does not depend on the
  row order of the input. The percentile interval of bootstrap means of item accuracies is
  *not* used for accuracy: it has zero width at 100% and covers 55-85% with 5-8 items.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from .errors import DataError

_MAX_CELLS = 4_000_000  # elements of one resampling index matrix (memory ~ 16 MB as int32)


def wilson_interval(successes: ArrayLike, n: ArrayLike, *, ci: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval ``(low, high)`` for ``successes`` out of ``n`` (arrays or scalars).

    ``successes`` may be fractional (a sum of scores in [0, 1]); ``n`` must be > 0. With
    z = Phi^-1((1 + ci) / 2) and p = successes / n:
    centre = (p + z^2/2n) / (1 + z^2/n), half-width = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/4n^2).
    """
    _check_ci(ci)
    s = np.asarray(successes, float)
    n = np.asarray(n, float)
    if np.any(n <= 0):
        raise DataError("wilson_interval needs n > 0 (answers in each group)")
    z = stats.norm.ppf(0.5 + ci / 2)
    p = s / n
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z / denom * np.sqrt(np.maximum(p * (1 - p), 0) / n + z**2 / (4 * n**2))
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def accuracy_interval(
    accuracy: ArrayLike,
    var_of_mean: ArrayLike,
    n_items: ArrayLike,
    n_answers: ArrayLike,
    *,
    ci: float = 0.95,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cluster-adjusted Wilson interval ``(low, high, n_eff)`` for an accuracy that is the mean of
    ``n_items`` item means (``n_answers`` answers in all), arrays or scalars.

    ``var_of_mean`` is the estimated variance of the accuracy, s^2 / m with s^2 the sample
    variance (ddof=1) of the item means (ignored where ``n_items`` is 1). See the module
    docstring for the method, its corrections and sources; ``n_eff`` is the effective number of
    independent answers (n_answers / design effect) the interval used.
    """
    _check_ci(ci)
    p = np.asarray(accuracy, float)
    v = np.asarray(var_of_mean, float)
    m = np.asarray(n_items, float)
    n = np.asarray(n_answers, float)
    p, v, m, n = np.broadcast_arrays(p, v, m, n)
    if np.any(m < 1) or np.any(n < m):
        raise ValueError("accuracy_interval needs n_items >= 1 and n_answers >= n_items")
    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = np.where(v > 0, p * (1 - p) / v, np.inf)
    n_eff = np.clip(n_eff, m, n)
    n_eff = np.where((p <= 0) | (p >= 1), m, n_eff)
    n_eff = np.where(m == 1, n, n_eff)  # one item: its samples are the independent trials
    z_norm = stats.norm.ppf(0.5 + ci / 2)
    estimated = (n_eff < n) & (m > 1)  # a design effect > 1 was estimated from the items
    excess = np.where(estimated, 1 - n_eff / n, 1.0)  # (deff - 1) / deff, in (0, 1) where estimated
    df = np.clip((m - 1) / excess**2, 1.0, 1e9)  # Satterthwaite-style: only the excess is estimated
    z = np.where(estimated, stats.t.ppf(0.5 + ci / 2, df), z_norm)
    denom = 1 + z**2 / n_eff
    centre = (p + z**2 / (2 * n_eff)) / denom
    half = z / denom * np.sqrt(np.maximum(p * (1 - p), 0) / n_eff + z**2 / (4 * n_eff**2))
    low, high = centre - half, centre + half
    x_star = np.where(n_eff < 20, 1.0, np.where(n_eff <= 50, 2.0, np.where(n_eff <= 100, 3.0, 0.0)))
    x_star = np.where(estimated, 0.0, x_star)  # the Poisson bound corrects the binomial case only
    tail = (1 - ci) / 2
    succ, fail = p * n_eff, (1 - p) * n_eff
    fix_low = (succ > 0) & (succ <= x_star)
    fix_high = (fail > 0) & (fail <= x_star)
    if fix_low.any():
        low = np.where(fix_low, stats.chi2.ppf(tail, 2 * np.where(fix_low, succ, 1.0)) / (2 * n_eff), low)
    if fix_high.any():
        high = np.where(fix_high, 1 - stats.chi2.ppf(tail, 2 * np.where(fix_high, fail, 1.0)) / (2 * n_eff), high)
    low = np.minimum(np.clip(low, 0, 1), p)
    high = np.maximum(np.clip(high, 0, 1), p)
    return low, high, n_eff


def item_mean_variance(item_means: ArrayLike) -> float:
    """s^2 / m of the item means (sample variance with ddof=1 over m items; 0 for one item):
    the estimated variance of their mean, the ``var_of_mean`` of :func:`accuracy_interval`."""
    v = np.asarray(item_means, float)
    if len(v) < 2:
        return 0.0
    return float(v.var(ddof=1) / len(v))


def paired_difference_interval(
    base_items: ArrayLike,
    candidate_items: ArrayLike,
    base_n: ArrayLike,
    candidate_n: ArrayLike,
    *,
    ci: float = 0.95,
    p_value: bool = True,
    base_item_var: ArrayLike | None = None,
    candidate_item_var: ArrayLike | None = None,
) -> tuple[float, float, float]:
    """Interval and p-value ``(low, high, p_value)`` for candidate - base accuracy on shared items.

    ``base_items`` / ``candidate_items``: the item means of the two sides (row i = item i on
    both); ``base_n`` / ``candidate_n``: answers per item. Newcombe's hybrid score interval for
    paired proportions (Newcombe 1998, "Improved confidence intervals for the difference between
    binomial proportions based on paired data", Statistics in Medicine 17, method 10; the MOVER
    construction of Zou & Donner 2008) built from each side's :func:`accuracy_interval`
    (l, u) and the correlation phi of the item means (0 when a side is constant):

        low  = d - sqrt((p_c - l_c)^2 - 2 phi (p_c - l_c)(u_b - p_b) + (u_b - p_b)^2)
        high = d + sqrt((u_c - p_c)^2 - 2 phi (u_c - p_c)(p_b - l_b) + (p_b - l_b)^2)

    It has positive width whenever a side's interval has (always), also when both sides are all
    correct. The p-value for "no change" inverts the interval: the largest 1 - ci level at which
    it still contains 0 (bisection to 1e-5; NaN with ``p_value=False``, which skips it).

    ``base_item_var`` / ``candidate_item_var`` (optional, one value per item): the sampling
    variance of each item mean from its own samples, s_i^2 / n_i (s_i^2 the sample variance,
    ddof=1, of the item's scores; 0 for an item with one answer). With them each half-width is
    at least z sqrt(W), W = (sum of both) / m^2, the within-item floor: the two sides' answers
    are drawn independently (they share only the item), so the variance of the difference of
    means is never below its within-item part, however strongly the item means correlate. With
    5 prompts the correlation phi is estimated from 5 pairs and its noise made the interval too
    narrow (interior pairs covered 91.5-92.8% at 5 prompts x 4-10 samples; 94.1-96.9% in all 40
    cells with the floor; benchmarks/README.md). :func:`analysis.compare_paired` passes them.
    """
    b = np.asarray(base_items, float)
    c = np.asarray(candidate_items, float)
    if b.ndim != 1 or len(b) == 0 or b.shape != c.shape:
        raise ValueError("paired_difference_interval needs two non-empty arrays of the same length")
    nb, nc = float(np.sum(base_n)), float(np.sum(candidate_n))
    d = c.mean() - b.mean()

    within = {}
    for name, var in (("base_item_var", base_item_var), ("candidate_item_var", candidate_item_var)):
        if var is not None:
            var = np.asarray(var, float)
            if var.shape != b.shape:
                raise ValueError(f"paired_difference_interval: {name} needs one value per item ({len(b)})")
            within[name] = var[None, :]

    def bounds(level: float) -> tuple[float, float]:
        lo, hi = paired_difference_bounds(b[None, :], c[None, :], nb, nc, ci=level, **within)
        return float(lo[0]), float(hi[0])

    low, high = bounds(ci)
    if not p_value:
        return low, high, float("nan")
    if d == 0:
        return low, high, 1.0
    lo_level, hi_level = 1e-6, 1 - 1e-9  # find the level whose interval just reaches 0
    if (bounds(hi_level)[0] > 0) or (bounds(hi_level)[1] < 0):
        return low, high, 1 - hi_level
    for _ in range(40):
        mid = (lo_level + hi_level) / 2
        lo, hi = bounds(mid)
        if lo <= 0 <= hi:
            hi_level = mid
        else:
            lo_level = mid
        if hi_level - lo_level < 1e-5:
            break
    return low, high, float(1 - hi_level)


def paired_difference_bounds(base_items: ArrayLike, candidate_items: ArrayLike, base_n: ArrayLike,
                             candidate_n: ArrayLike, *, ci: float = 0.95, interval=None,
                             base_item_var: ArrayLike | None = None,
                             candidate_item_var: ArrayLike | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Newcombe's paired interval ``(low, high)`` of :func:`paired_difference_interval` for many
    comparisons at once: ``base_items`` / ``candidate_items`` are ``r x m`` arrays (row = one
    comparison, column = item), ``base_n`` / ``candidate_n`` the answers per row (length r or
    scalars), ``base_item_var`` / ``candidate_item_var`` the items' within-item variances
    (``r x m``, optional: the floor of :func:`paired_difference_interval`). Vectorised over rows
    (the coverage simulation uses it; the p-value is not here). ``interval``: the per-side
    interval, a function with the signature and result of :func:`accuracy_interval` (the
    default; another one only to compare methods)."""
    interval = accuracy_interval if interval is None else interval
    b = np.atleast_2d(np.asarray(base_items, float))
    c = np.atleast_2d(np.asarray(candidate_items, float))
    if b.shape != c.shape or b.shape[1] == 0:
        raise ValueError("paired_difference_bounds needs two non-empty arrays of the same shape")
    m = b.shape[1]
    pb, pc = b.mean(axis=1), c.mean(axis=1)
    if m > 1:
        vb, vc = b.var(axis=1, ddof=1) / m, c.var(axis=1, ddof=1) / m
        sb, sc = b.std(axis=1), c.std(axis=1)
        cov = ((b - pb[:, None]) * (c - pc[:, None])).mean(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            phi = np.where((sb > 0) & (sc > 0), np.clip(cov / (sb * sc), -1, 1), 0.0)
    else:
        vb = vc = phi = np.zeros(len(b))
    lb, ub, _ = interval(pb, vb, m, base_n, ci=ci)
    lc, uc, _ = interval(pc, vc, m, candidate_n, ci=ci)
    d = pc - pb
    half_low = np.sqrt(np.maximum((pc - lc) ** 2 - 2 * phi * (pc - lc) * (ub - pb) + (ub - pb) ** 2, 0.0))
    half_high = np.sqrt(np.maximum((uc - pc) ** 2 - 2 * phi * (uc - pc) * (pb - lb) + (pb - lb) ** 2, 0.0))
    within = [np.asarray(v, float) for v in (base_item_var, candidate_item_var) if v is not None]
    if within:  # the within-item floor: the sides' samples are independent given the item
        w = sum(np.broadcast_to(v, b.shape).sum(axis=1) for v in within) / m**2
        if np.any(w < 0) or not np.all(np.isfinite(w)):
            raise ValueError("paired_difference_bounds: item variances must be finite and >= 0")
        floor = stats.norm.ppf(0.5 + ci / 2) * np.sqrt(w)
        half_low, half_high = np.maximum(half_low, floor), np.maximum(half_high, floor)
    return np.maximum(d - half_low, -1.0), np.minimum(d + half_high, 1.0)


def bootstrap_means(values: np.ndarray, *, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """``n_boot`` means of ``values`` resampled with replacement (same size).

    When the values take few distinct levels (item means of k samples take at most k + 1), a
    resample is fully described by how often each level is drawn, which is
    Multinomial(m, level frequencies / m): the means are drawn that way, O(n_boot x levels)
    instead of O(n_boot x m), with exactly the same distribution as resampling indices.
    Otherwise chunks of an ``n_boot x len(values)`` index matrix are drawn."""
    values = np.asarray(values, float)
    m = len(values)
    if m == 0:
        raise DataError("cannot bootstrap an empty array")
    levels, counts = np.unique(values, return_counts=True)
    if len(levels) * 4 <= m:
        return bootstrap_means_by_level(levels, counts, n_boot=n_boot, rng=rng)
    return _bootstrap_means_by_index(values, n_boot=n_boot, rng=rng)


def bootstrap_means_by_level(levels: np.ndarray, counts: np.ndarray, *, n_boot: int,
                             rng: np.random.Generator) -> np.ndarray:
    """Bootstrap means of a sample that holds ``counts[j]`` copies of ``levels[j]``: each
    resample draws level counts from Multinomial(sum(counts), counts / sum(counts))."""
    levels = np.asarray(levels, float)
    counts = np.asarray(counts, np.int64)
    m = int(counts.sum())
    if m == 0:
        raise DataError("cannot bootstrap an empty array")
    if len(levels) == 1:
        return np.full(n_boot, levels[0])
    drawn = rng.multinomial(m, counts / m, size=n_boot)
    return drawn @ levels / m


def _bootstrap_means_by_index(values: np.ndarray, *, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Bootstrap means by resampling indices, in chunks of an ``n_boot x m`` index matrix."""
    m = len(values)
    out = np.empty(n_boot)
    chunk = max(1, _MAX_CELLS // m)
    for start in range(0, n_boot, chunk):
        stop = min(n_boot, start + chunk)
        idx = rng.integers(0, m, size=(stop - start, m), dtype=np.int32 if m < 2**31 else np.int64)
        out[start:stop] = values[idx].mean(axis=1)
    return out


def bootstrap_paired(*arrays: np.ndarray, n_boot: int, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Means of each of ``arrays`` (paired: row i of each belongs to item i) over the same
    ``n_boot`` resamples of the rows."""
    cols = np.column_stack([np.asarray(a, float) for a in arrays])
    m = len(cols)
    if m == 0:
        raise DataError("bootstrap_paired needs non-empty arrays of the same length")
    out = np.empty((n_boot, cols.shape[1]))
    chunk = max(1, _MAX_CELLS // (m * cols.shape[1]))
    for start in range(0, n_boot, chunk):
        stop = min(n_boot, start + chunk)
        idx = rng.integers(0, m, size=(stop - start, m))
        out[start:stop] = cols[idx].mean(axis=1)
    return tuple(out.T)


def percentile_interval(boot: np.ndarray, ci: float) -> tuple[float, float]:
    """The percentile bootstrap interval (Efron 1979): the ``(1 - ci) / 2`` and ``(1 + ci) / 2``
    quantiles of the resampled statistics ``boot``, in their units (``numpy.quantile``, linear)."""
    lo, hi = np.quantile(boot, [0.5 - ci / 2, 0.5 + ci / 2])
    return float(lo), float(hi)


def bootstrap_p_value(boot: np.ndarray) -> float:
    """Two-sided percentile-bootstrap p-value for "the statistic is 0": twice the smaller share
    of resamples on either side of 0 (capped at 1). Approximate; resolution 1 / n_boot."""
    below = np.mean(boot <= 0)
    above = np.mean(boot >= 0)
    return float(min(1.0, 2 * min(below, above)))


def _check_ci(ci: float) -> None:
    if not 0 < ci < 1:
        raise ValueError(f"ci must be between 0 and 1 (e.g. 0.95), got {ci!r}")
