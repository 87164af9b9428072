"""``pareto_frontier`` on 1,000,000 synthetic points and against brute force (issue 7, target 3).

Points (synthetic, seeded): tokens log-normal, accuracy Beta(2, 2) rounded to 1/1000 (so there
are ties on accuracy, as real accuracies over a finite benchmark have), a few exact duplicates.

Reference: the O(n^2) brute force, vectorised with numpy in blocks of 256 points (each block
compared with all n points at once: "some point has x <= and y >= with one strict"), not a pure
Python double loop, which would be ~1,000x slower still and an unfair reference. Both are
timed at 20,000 points in the same run and must agree on every point.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd


def synthetic_points(n: int, *, seed: int = 0, groups: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({
        "mean_tokens": rng.lognormal(8.0, 1.0, n).round(1),
        "accuracy": rng.beta(2, 2, n).round(3),
    })
    dup = rng.choice(n, size=max(1, n // 100), replace=False)
    df.iloc[dup[1:], :] = df.iloc[dup[0], :].to_numpy()  # some identical points
    if groups:
        df["model"] = np.array([f"synthetic-{g:04d}" for g in range(groups)])[rng.integers(0, groups, n)]
    return df


def brute_force_dominated(x: np.ndarray, y: np.ndarray, *, block: int = 256) -> np.ndarray:
    """Dominated mask by comparing every pair, numpy-vectorised over blocks of rows."""
    out = np.empty(len(x), bool)
    for s in range(0, len(x), block):
        xi, yi = x[s : s + block, None], y[s : s + block, None]
        le, ge = x[None, :] <= xi, y[None, :] >= yi
        strict = (x[None, :] < xi) | (y[None, :] > yi)
        out[s : s + block] = (le & ge & strict).any(axis=1)
    return out


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def run() -> list[dict]:
    from analysis import pareto_frontier

    pareto_frontier(synthetic_points(100))  # warm up
    big = synthetic_points(1_000_000)
    t_big = _best(lambda: pareto_frontier(big), 5)
    front_big = int(pareto_frontier(big)["on_frontier"].sum())
    grouped = synthetic_points(1_000_000, groups=1000)
    t_grouped = _best(lambda: pareto_frontier(grouped, by="model"), 3)

    small = synthetic_points(20_000, seed=1)
    x, y = small["mean_tokens"].to_numpy(), small["accuracy"].to_numpy()
    t_small = _best(lambda: pareto_frontier(small), 7)
    t_brute = _best(lambda: brute_force_dominated(x, y), 2)
    agree = np.array_equal(~pareto_frontier(small)["on_frontier"].to_numpy(), brute_force_dominated(x, y))
    assert agree, "pareto_frontier disagrees with the brute force"

    return [
        {"benchmark": f"frontier: pareto_frontier, 1,000,000 synthetic points ({front_big} on the frontier)",
         "measure": "time, s (best of 5)", "value": t_big, "reference": None, "target": "<= 1 s",
         "met": t_big <= 1.0},
        {"benchmark": "frontier: pareto_frontier, 1,000,000 synthetic points in 1,000 groups (by='model')",
         "measure": "time, s (best of 3)", "value": t_grouped, "reference": None, "target": "(not a target)",
         "met": None},
        {"benchmark": "frontier: pareto_frontier vs brute force, 20,000 synthetic points",
         "measure": "time, s (best of 7)", "value": t_small,
         "reference": f"numpy block brute force O(n^2) {t_brute:.2f} s (best of 2); same frontier: {agree}",
         "target": None, "met": None},
        {"benchmark": "frontier: pareto_frontier vs brute force, 20,000 synthetic points",
         "measure": "speed-up over brute force, x", "value": t_brute / t_small, "reference": None,
         "target": ">= 100x", "met": t_brute / t_small >= 100},
    ]


if __name__ == "__main__":
    from benchmarks.__main__ import table

    print(table(run()))
