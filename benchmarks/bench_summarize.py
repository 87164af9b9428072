"""``summarize`` on 1,000,000 synthetic responses with cluster-bootstrap CIs (issue 7, target 2).

Data (synthetic, seeded): 20 models x 5,000 items x 10 samples; each model has a skill, each
item a difficulty, ``correct`` is Bernoulli(logistic(skill - difficulty)), tokens log-normal.
The table goes through ``validate_responses`` first (untimed), as a reader would return it.

Reference: the straightforward pandas way a user would write the cluster bootstrap: one
``groupby(...).apply`` over (model, setting, benchmark); per group, the item means, then per
resample ``item_means.sample(n_items, replace=True).mean()``, 1,000 times, and the percentile
interval. It is timed on all 20 groups (about 2 s, best of 2), or, with ``quick=True``, on 2 groups and
extrapolated linearly (the work is the same for every group); the output says which.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

N_MODELS, N_ITEMS, N_SAMPLES, N_BOOT = 20, 5_000, 10, 1_000


def synthetic_responses(n_models: int = N_MODELS, n_items: int = N_ITEMS, n_samples: int = N_SAMPLES,
                        *, seed: int = 0) -> pd.DataFrame:
    """A synthetic Responses table (labelled 'synthetic-*'), deterministic for ``seed``."""
    from analysis import validate_responses

    rng = np.random.default_rng(seed)
    n = n_models * n_items * n_samples
    model = np.repeat(np.arange(n_models), n_items * n_samples)
    item = np.tile(np.repeat(np.arange(n_items), n_samples), n_models)
    skill = rng.normal(0.5, 1.0, n_models)
    difficulty = rng.normal(0.0, 1.5, n_items)
    p = 1 / (1 + np.exp(-(skill[model] - difficulty[item])))
    df = pd.DataFrame({
        "model": np.array([f"synthetic-model-{m:02d}" for m in range(n_models)])[model],
        "setting": "default",
        "benchmark": "synthetic-math",
        "item_id": np.array([f"q{i:05d}" for i in range(n_items)])[item],
        "sample": np.tile(np.arange(n_samples), n_models * n_items),
        "correct": (rng.random(n) < p).astype(float),
        "output_tokens": rng.lognormal(7.0, 0.8, n).round().astype(np.int64),
    })
    return validate_responses(df)


def reference_bootstrap(df: pd.DataFrame, *, n_boot: int = N_BOOT, ci: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Cluster bootstrap the way a user writes it with pandas: groupby-apply, a loop of resamples."""
    rng = np.random.default_rng(seed)

    def one_group(g: pd.DataFrame) -> pd.Series:
        item_means = g.groupby("item_id")["correct"].mean()
        boots = [item_means.sample(len(item_means), replace=True, random_state=rng).mean() for _ in range(n_boot)]
        return pd.Series({"accuracy": item_means.mean(), "acc_low": np.quantile(boots, 0.5 - ci / 2),
                          "acc_high": np.quantile(boots, 0.5 + ci / 2)})

    return df.groupby(["model", "setting", "benchmark"]).apply(one_group)


def run(*, quick: bool = False) -> list[dict]:
    from analysis import summarize

    df = synthetic_responses()
    summarize(df.head(1000), n_boot=10)  # warm imports and caches, not the timed call
    times = []
    for _ in range(7):  # best of 7: the machine may be shared with other jobs
        t0 = time.perf_counter()
        pts = summarize(df, n_boot=N_BOOT, seed=0)
        times.append(time.perf_counter() - t0)
    ours = min(times)
    assert (pts["ci_method"] == "bootstrap").all() and len(pts) == N_MODELS

    models = df["model"].unique()
    subset = df if not quick else df[df["model"].isin(models[:2])]
    ref_times = []
    for _ in range(2):  # best of 2, as fair to the reference as to summarize
        t0 = time.perf_counter()
        ref = reference_bootstrap(subset)
        ref_times.append(time.perf_counter() - t0)
    ref_time = min(ref_times) * (N_MODELS / subset["model"].nunique())
    how = "all 20 groups" if not quick else "2 groups, extrapolated x10"
    # Same point estimates; intervals agree to bootstrap noise.
    merged = pts.set_index(["model", "setting", "benchmark"]).join(ref.add_suffix("_ref"), how="inner")
    assert np.allclose(merged["accuracy"], merged["accuracy_ref"])
    width = (merged["acc_high"] - merged["acc_low"]).mean()
    gap = max((merged["acc_low"] - merged["acc_low_ref"]).abs().max(),
              (merged["acc_high"] - merged["acc_high_ref"]).abs().max())

    name = f"summarize: 1,000,000 synthetic responses ({N_MODELS} models x {N_ITEMS:,} items x {N_SAMPLES} samples), {N_BOOT:,}-resample cluster bootstrap"
    return [
        {"benchmark": name, "measure": "time, s (best of 7)", "value": ours,
         "reference": f"pandas groupby-apply bootstrap {ref_time:.2f} s (best of 2, {how})", "target": "<= 5 s",
         "met": ours <= 5.0},
        {"benchmark": name, "measure": "speed-up over the pandas reference, x", "value": ref_time / ours,
         "reference": f"CI bounds differ by <= {gap:.4f} (bootstrap noise; mean CI width {width:.4f})",
         "target": ">= 20x", "met": ref_time / ours >= 20},
    ]


if __name__ == "__main__":
    import sys

    from benchmarks.__main__ import table

    print(table(run(quick="--quick" in sys.argv)))
