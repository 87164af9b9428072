"""Confidence intervals for accuracy: Wilson's score interval and the cluster bootstrap.

* Wilson (1927), "Probable inference, the law of succession, and statistical inference", JASA 22:
  the interval for a binomial proportion that stays inside [0, 1] and behaves at 0 and n
  successes. Used when every item has exactly one sample (answers are independent trials).
* Cluster bootstrap (Efron & Tibshirani 1993, ch. 6; Miller 2024, "Adding error bars to evals",
  arXiv 2411.00640): when items have several samples, the samples of one item are correlated,
  so whole items are resampled with replacement and the accuracy recomputed as the mean of the
  resampled item means. The percentile interval of those means is reported.
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
