"""``majority_vote`` (maj@k) and ``pass_at_k`` on synthetic samples with answers.

Data (synthetic, seeded): models x items x samples; per item the right answer "A" and three
wrong ones; each sample answers right with probability logistic(skill - difficulty), otherwise
one of the wrong answers (skewed, so wrong answers can win votes), 3 % give no answer.

Sizes: 1,000,000 answers (20 models x 5,000 items x 10 samples), ks = 1, 3, 5, 10, the default
1,000 draws: every C(10, k) <= 1,000, so every item is computed exactly by enumerating k-subsets.
And 64 samples per item (the AIME-style setting: 20 models x 30 items x 64 samples), ks = 1, 4,
16, 64: C(64, k) > 1,000 for 4 and 16, so those use 1,000 Monte Carlo draws.
Reference: the same call with ``exact=False`` (Monte Carlo everywhere, the earlier behaviour),
timed on 1 of the 20 models and extrapolated x20 (the work is linear in items), said so below.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd


def synthetic_votes(n_models: int, n_items: int, n_samples: int, *, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = n_models * n_items * n_samples
    model = np.repeat(np.arange(n_models), n_items * n_samples)
    item = np.tile(np.repeat(np.arange(n_items), n_samples), n_models)
    skill = rng.normal(0.5, 1.0, n_models)
    difficulty = rng.normal(0.0, 1.5, n_items)
    right = rng.random(n) < 1 / (1 + np.exp(-(skill[model] - difficulty[item])))
    wrong = np.array(["B", "C", "D"])[rng.choice(3, size=n, p=[0.6, 0.3, 0.1])]
    answer = np.where(right, "A", wrong).astype(object)
    answer[rng.random(n) < 0.03] = None
    return pd.DataFrame({
        "model": np.array([f"synthetic-model-{m:02d}" for m in range(n_models)])[model],
        "setting": "default",
        "benchmark": "synthetic-math",
        "item_id": np.array([f"q{i:05d}" for i in range(n_items)])[item],
        "sample": np.tile(np.arange(n_samples), n_models * n_items),
        "correct": (answer == "A").astype(float),
        "output_tokens": rng.lognormal(7.0, 0.8, n).round().astype(np.int64),
        "answer": pd.array(answer, dtype="string"),
    })


def _time(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def run() -> list[dict]:
    from analysis import majority_vote, pass_at_k

    rows = []
    for n_models, n_items, n_samples, ks in [(20, 5_000, 10, (1, 3, 5, 10)), (20, 30, 64, (1, 4, 16, 64))]:
        df = synthetic_votes(n_models, n_items, n_samples)
        one = df[df["model"] == df["model"].iloc[0]]
        t_new, out = _time(lambda: majority_vote(df, ks))
        t_old_one, old = _time(lambda: majority_vote(one, ks, exact=False))
        t_old = t_old_one * n_models
        new_one = out[out["model"] == one["model"].iloc[0]].reset_index(drop=True)
        gap = float(np.max(np.abs(new_one["majority_accuracy"].to_numpy() - old["majority_accuracy"].to_numpy())))
        t_pass, _ = _time(lambda: pass_at_k(df, ks))
        name = (f"parallel: majority_vote, {len(df):,} synthetic answers ({n_models} x {n_items:,} items x "
                f"{n_samples} samples), ks={list(ks)}, 1,000 draws")
        exact = ", ".join(f"k={k}: {'exact' if e else 'Monte Carlo'}" for k, e in
                          out.groupby("k")["exact"].all().items())
        rows.append({"benchmark": name, "measure": "time, s", "value": t_new,
                     "reference": f"Monte Carlo everywhere (exact=False) {t_old:.1f} s (1 model x20); "
                                  f"{exact}; max difference from Monte Carlo {gap:.4f}",
                     "target": "(no issue target)", "met": None})
        rows.append({"benchmark": name.replace("majority_vote", "pass_at_k").replace(", 1,000 draws", ""),
                     "measure": "time, s", "value": t_pass, "reference": None, "target": "(no issue target)",
                     "met": None})
    return rows


if __name__ == "__main__":
    from benchmarks.__main__ import table

    print(table(run()))
