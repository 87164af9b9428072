"""Coverage simulation of the accuracy intervals (SYNTHETIC data, seeded).

The model of an evaluation: m items (prompts), k samples per item. Item i has its own chance
p_i of being answered right, p_i = Phi(a + sigma * z_i) with z_i ~ N(0, 1) (a probit-normal
item difficulty; sigma = 0: every item alike, sigma = 3: items mostly always-right or
always-wrong, like the real per-prompt data). The true accuracy, the estimand, is
E[p_i] = Phi(a / sqrt(1 + sigma^2)) = mu, so a = Phi^-1(mu) sqrt(1 + sigma^2); mu = 1 makes
every answer right. Each sample is Bernoulli(p_i). An interval covers when acc_low <= mu <= acc_high.

Used by tests/test_intervals.py (few cells, fast) and benchmarks/bench_intervals.py
(every cell, the table in benchmarks/README.md).
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from analysis.intervals import accuracy_interval, paired_difference_bounds

MUS = (0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 0.95, 0.98, 1.0)
SIGMAS = (0.0, 1.0, 3.0)


def item_probabilities(m: int, mu: float, sigma: float, reps: int, rng: np.random.Generator,
                       z: np.ndarray | None = None) -> np.ndarray:
    """``reps x m`` per-item chances of a right answer with mean ``mu`` (see the module docstring)."""
    if mu >= 1:
        return np.ones((reps, m))
    if mu <= 0:
        return np.zeros((reps, m))
    a = stats.norm.ppf(mu) * np.sqrt(1 + sigma**2)
    z = rng.standard_normal((reps, m)) if z is None else z
    return stats.norm.cdf(a + sigma * z)


def item_means(m: int, k: int, mu: float, sigma: float, reps: int, rng: np.random.Generator) -> np.ndarray:
    """``reps x m`` item means of k Bernoulli samples per item."""
    return rng.binomial(k, item_probabilities(m, mu, sigma, reps, rng)) / k


def cluster_wilson(means: np.ndarray, k: int, ci: float = 0.95, *, interval=accuracy_interval) -> tuple[np.ndarray, np.ndarray]:
    """The interval :func:`analysis.summarize` reports, for each row of item means
    (``interval``: another function with the arguments and result of ``accuracy_interval``)."""
    m = means.shape[1]
    p = means.mean(axis=1)
    v = means.var(axis=1, ddof=1) / m if m > 1 else np.zeros(len(means))
    low, high, _ = interval(p, v, m, m * k, ci=ci)
    return low, high


def previous_accuracy_interval(accuracy, var_of_mean, n_items, n_answers, *, ci: float = 0.95):
    """The cluster-adjusted Wilson interval as it was before the Satterthwaite-style df (kept
    here only to measure against): Student t on n_eff (m - 1) / m df wherever the design effect
    was estimated, and the Poisson bound near 0 and 1 also then. Same arguments and result as
    :func:`analysis.intervals.accuracy_interval`."""
    p, v, m, n = np.broadcast_arrays(*(np.asarray(a, float) for a in (accuracy, var_of_mean, n_items, n_answers)))
    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = np.where(v > 0, p * (1 - p) / v, np.inf)
    n_eff = np.clip(n_eff, m, n)
    n_eff = np.where((p <= 0) | (p >= 1), m, n_eff)
    n_eff = np.where(m == 1, n, n_eff)
    estimated = (n_eff < n) & (m > 1)
    df = np.maximum(n_eff * (m - 1) / np.maximum(m, 1), 1.0)
    z = np.where(estimated, stats.t.ppf(0.5 + ci / 2, df), stats.norm.ppf(0.5 + ci / 2))
    denom = 1 + z**2 / n_eff
    centre = (p + z**2 / (2 * n_eff)) / denom
    half = z / denom * np.sqrt(np.maximum(p * (1 - p), 0) / n_eff + z**2 / (4 * n_eff**2))
    low, high = centre - half, centre + half
    x_star = np.where(n_eff < 20, 1.0, np.where(n_eff <= 50, 2.0, np.where(n_eff <= 100, 3.0, 0.0)))
    tail = (1 - ci) / 2
    succ, fail = p * n_eff, (1 - p) * n_eff
    fix_low, fix_high = (succ > 0) & (succ <= x_star), (fail > 0) & (fail <= x_star)
    low = np.where(fix_low, stats.chi2.ppf(tail, 2 * np.where(fix_low, succ, 1.0)) / (2 * n_eff), low)
    high = np.where(fix_high, 1 - stats.chi2.ppf(tail, 2 * np.where(fix_high, fail, 1.0)) / (2 * n_eff), high)
    return np.minimum(np.clip(low, 0, 1), p), np.maximum(np.clip(high, 0, 1), p), n_eff


def previous_cluster_wilson(means: np.ndarray, k: int, ci: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """:func:`cluster_wilson` with :func:`previous_accuracy_interval` (the table's "before")."""
    return cluster_wilson(means, k, ci, interval=previous_accuracy_interval)


def naive_wilson(means: np.ndarray, k: int, ci: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """A clearly wrong interval, for the tests: plain Wilson on all m k answers as if they were
    independent (ignores that samples of one item are correlated)."""
    from analysis.intervals import wilson_interval

    m = means.shape[1]
    return wilson_interval(means.sum(axis=1) * k, m * k, ci=ci)


def percentile_bootstrap(means: np.ndarray, k: int, ci: float = 0.95, n_boot: int = 400,
                         rng: np.random.Generator | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The interval summarize reported before: percentile interval of a cluster bootstrap over
    items (Wilson when k = 1, as it was)."""
    reps, m = means.shape
    if k == 1:
        from analysis.intervals import wilson_interval

        return wilson_interval(means.sum(axis=1), m, ci=ci)
    rng = rng or np.random.default_rng(0)
    idx = rng.integers(0, m, size=(reps, n_boot, m))
    boot = np.take_along_axis(np.broadcast_to(means[:, None, :], idx.shape), idx, axis=2).mean(axis=2)
    return np.quantile(boot, 0.5 - ci / 2, axis=1), np.quantile(boot, 0.5 + ci / 2, axis=1)


METHODS = {"cluster wilson": cluster_wilson, "previous cluster wilson": previous_cluster_wilson,
           "naive wilson": naive_wilson, "percentile bootstrap": percentile_bootstrap}


def coverage(method: str, m: int, k: int, *, reps: int, seed: int, mus=MUS, sigmas=SIGMAS,
             ci: float = 0.95) -> np.ndarray:
    """Coverage (fraction) of ``method`` for every (sigma, mu): array ``len(sigmas) x len(mus)``."""
    rng = np.random.default_rng([seed, m, k])
    func = METHODS[method]
    out = np.empty((len(sigmas), len(mus)))
    for i, sigma in enumerate(sigmas):
        for j, mu in enumerate(mus):
            means = item_means(m, k, mu, sigma, reps, rng)
            low, high = func(means, k, ci)
            out[i, j] = np.mean((low <= mu) & (mu <= high))
    return out


PAIRS = ((0.02, 0.02), (0.1, 0.2), (0.3, 0.1), (0.5, 0.5), (0.5, 0.7), (0.8, 0.9), (0.9, 0.98),
         (0.95, 1.0), (1.0, 1.0))


def paired_coverage(m: int, k: int, *, reps: int, seed: int, pairs=PAIRS, sigmas=SIGMAS, rho: float = 0.8,
                    ci: float = 0.95, interval=None, within_floor: bool = True) -> np.ndarray:
    """Coverage of :func:`analysis.intervals.paired_difference_interval` (through its vectorised
    core :func:`analysis.intervals.paired_difference_bounds`) for the true difference
    mu_c - mu_b, for every (sigma, pair): the two sides share item difficulty (latent z correlated
    ``rho`` between the sides). Array ``len(sigmas) x len(pairs)``. ``interval``: the per-side
    interval (default :func:`analysis.intervals.accuracy_interval`; e.g.
    :func:`previous_accuracy_interval` for the "before" table). ``within_floor``: pass the
    items' within-item variances, b(1 - b) / (k - 1) for an item mean b of k right/wrong
    answers, as :func:`analysis.compare_paired` does (False: the interval without that floor)."""
    rng = np.random.default_rng([seed, m, k, 7])
    out = np.empty((len(sigmas), len(pairs)))
    for i, sigma in enumerate(sigmas):
        for j, (mb, mc) in enumerate(pairs):
            zb = rng.standard_normal((reps, m))
            zc = rho * zb + np.sqrt(1 - rho**2) * rng.standard_normal((reps, m))
            b = rng.binomial(k, item_probabilities(m, mb, sigma, reps, rng, zb)) / k
            c = rng.binomial(k, item_probabilities(m, mc, sigma, reps, rng, zc)) / k
            within = {}
            if within_floor and k > 1:
                within = {"base_item_var": b * (1 - b) / (k - 1), "candidate_item_var": c * (1 - c) / (k - 1)}
            low, high = paired_difference_bounds(b, c, m * k, m * k, ci=ci, interval=interval, **within)
            out[i, j] = np.mean((low <= mc - mb) & (mc - mb <= high))
    return out
