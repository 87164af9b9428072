"""Coverage of the accuracy intervals (issue 16, item 2), on SYNTHETIC evaluations.

``python -m benchmarks.bench_intervals`` prints the full tables (every cell: 5, 8, 19, 60
prompts x 1-10 samples) in Markdown, as pasted into benchmarks/README.md; ``run()`` gives the
summary rows of ``python -m benchmarks``. The data model is in benchmarks/coverage.py: true
accuracies 0.02..1.0 (12 values) x item heterogeneity sigma 0, 1, 3, 2,000 simulated
evaluations each (seeded). A cell shows the mean coverage over those 36 settings and, after
the slash, the lowest single one (at mu = 1 any interval that contains 1 covers: 100%).
"""

from __future__ import annotations

import numpy as np

from benchmarks.coverage import coverage, paired_coverage

PROMPTS = (5, 8, 19, 60)
SAMPLES = tuple(range(1, 11))


def accuracy_table(method: str = "cluster wilson", reps: int = 2000, samples=SAMPLES) -> dict:
    return {(m, k): coverage(method, m, k, reps=reps, seed=2024) for m in PROMPTS for k in samples}


def markdown(cells: dict, samples=SAMPLES) -> str:
    head = "| prompts \\ samples | " + " | ".join(str(k) for k in samples) + " |"
    rows = [head, "|---|" + "---|" * len(samples)]
    for m in PROMPTS:
        vals = []
        for k in samples:
            c = cells[(m, k)]
            mean, low = 100 * c.mean(), 100 * c.min()
            mark = "" if 93 <= mean <= 97 else "**"
            vals.append(f"{mark}{mean:.1f}{mark} / {low:.0f}")
        rows.append(f"| {m} | " + " | ".join(vals) + " |")
    return "\n".join(rows)


def run() -> list[dict]:
    cells = accuracy_table(reps=1000)
    means = np.array([c.mean() for c in cells.values()])
    ok = int(np.sum((means >= 0.93) & (means <= 0.97)))
    old = accuracy_table("percentile bootstrap", reps=200, samples=(2, 5, 10))
    old_means = np.array([c.mean() for c in old.values()])
    return [
        {"benchmark": "intervals", "measure": "cluster Wilson: cells with mean coverage in 93-97%",
         "value": f"{ok} of {len(cells)}", "reference": f"range {100 * means.min():.1f}-{100 * means.max():.1f}%",
         "target": "95 +- 2", "met": ok == len(cells)},
        {"benchmark": "intervals", "measure": "old percentile bootstrap (k = 2, 5, 10): mean coverage",
         "value": f"{100 * old_means.min():.1f}-{100 * old_means.max():.1f}%", "reference": "",
         "target": "", "met": None},
    ]


if __name__ == "__main__":
    print("Cluster-adjusted Wilson (analysis.intervals.accuracy_interval), mean / lowest coverage, %:\n")
    print(markdown(accuracy_table()))
    print("\nBefore: percentile cluster bootstrap (Wilson at 1 sample), 400 evaluations per setting:\n")
    print(markdown(accuracy_table("percentile bootstrap", reps=400, samples=(1, 2, 3, 5, 10)), samples=(1, 2, 3, 5, 10)))
    print("\ncompare_paired accuracy change (Newcombe hybrid score from cluster-adjusted Wilson), "
          "9 (mu_base, mu_candidate) pairs x sigma 0, 1, 3, 300 evaluations each:\n")
    pk = (1, 3, 10)
    print("| prompts \\ samples | " + " | ".join(map(str, pk)) + " |\n|---|" + "---|" * len(pk))
    for m in PROMPTS:
        cells = [paired_coverage(m, k, reps=300, seed=2024) for k in pk]
        print(f"| {m} | " + " | ".join(f"{100 * c.mean():.1f} / {100 * c.min():.0f}" for c in cells) + " |")
