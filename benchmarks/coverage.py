"""Coverage simulation of the accuracy intervals (SYNTHETIC data, seeded).

The model of an evaluation: m items (prompts), k samples per item. Item i has its own chance
p_i of being answered right, p_i = Phi(a + sigma * z_i) with z_i ~ N(0, 1) (a probit-normal
item difficulty; sigma = 0: every item alike, sigma = 3: items mostly always-right or
always-wrong, like the real per-prompt data). The true accuracy, the estimand, is
E[p_i] = Phi(a / sqrt(1 + sigma^2)) = mu, so a = Phi^-1(mu) sqrt(1 + sigma^2); mu = 1 makes
every answer right. Each sample is Bernoulli(p_i). An interval covers when acc_low <= mu <= acc_high.

Used by tests/test_interval_coverage.py (few cells, fast) and benchmarks/bench_intervals.py
(every cell, the table in benchmarks/README.md).
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from analysis.intervals import accuracy_interval, paired_difference_interval

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


def cluster_wilson(means: np.ndarray, k: int, ci: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """The interval :func:`analysis.summarize` reports, for each row of item means."""
    m = means.shape[1]
    p = means.mean(axis=1)
    v = means.var(axis=1, ddof=1) / m if m > 1 else np.zeros(len(means))
    low, high, _ = accuracy_interval(p, v, m, m * k, ci=ci)
    return low, high


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


METHODS = {"cluster wilson": cluster_wilson, "percentile bootstrap": percentile_bootstrap}


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
                    ci: float = 0.95) -> np.ndarray:
    """Coverage of :func:`analysis.intervals.paired_difference_interval` for the true difference
    mu_c - mu_b, for every (sigma, pair): the two sides share item difficulty (latent z correlated
    ``rho`` between the sides). Array ``len(sigmas) x len(pairs)``."""
    rng = np.random.default_rng([seed, m, k, 7])
    out = np.empty((len(sigmas), len(pairs)))
    n = np.full(m, k)
    for i, sigma in enumerate(sigmas):
        for j, (mb, mc) in enumerate(pairs):
            zb = rng.standard_normal((reps, m))
            zc = rho * zb + np.sqrt(1 - rho**2) * rng.standard_normal((reps, m))
            b = rng.binomial(k, item_probabilities(m, mb, sigma, reps, rng, zb)) / k
            c = rng.binomial(k, item_probabilities(m, mc, sigma, reps, rng, zc)) / k
            hit = 0
            for r in range(reps):
                low, high, _ = paired_difference_interval(b[r], c[r], n, n, ci=ci, p_value=False)
                hit += low <= mc - mb <= high
            out[i, j] = hit / reps
    return out
