"""Ways to count tokens in parallel, compared (issue 12): why workers are interpreters on pipes.

    PYTHONPATH=$PWD python -m benchmarks.token_designs [--mb 20] [--repeat 2]

Not part of ``python -m benchmarks`` (it is a one-off design measurement, ~1 min). Every design
counts the same synthetic texts (benchmarks.textgen) with the same per-text call
(``analysis.tokens.worker.count_texts``), each in a fresh process: "first" is the first call
(pool start and encoding load included), "warm" the second call on the same workers. Designs:

- ``fork-pool``: ``multiprocessing.Pool(2)``, fork (the benchmark's reference, with this call);
- ``forkserver-pool``: ``ProcessPoolExecutor`` on ``forkserver``, server preloading the worker
  module (the design before issue 12; it re-imports ``__main__`` in each worker);
- ``spawn-pool``: ``multiprocessing.Pool(2)``, spawn (re-imports ``__main__``; Windows' default);
- ``pipes``: ``count_tokens(..., cache=False)``: ``python -m analysis.tokens.worker`` processes
  on pipes (this package);
- ``threads``: 2 threads in the process (tiktoken releases the GIL while it encodes);
- ``serial``: one process, for the speed-ups.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

DESIGNS = ["serial", "fork-pool", "forkserver-pool", "spawn-pool", "pipes", "threads"]
_ENC = None


def _init() -> None:
    global _ENC
    from analysis.tokens import pool

    _ENC = pool.get_encoding("cl100k_base")


def _count(texts: list[str]) -> list[int]:
    from analysis.tokens.worker import count_texts

    return count_texts(_ENC, texts).tolist()


def _chunks(texts: list[str], size: int = 50) -> list[list[str]]:
    return [texts[i : i + size] for i in range(0, len(texts), size)]


def _one(design: str, texts: list[str]) -> list[float]:
    """Seconds for the first and the second call (same workers) of ``design``."""
    import multiprocessing as mp
    import threading

    times = []
    if design == "serial":
        _init()
        for _ in range(2):
            t0 = time.perf_counter()
            _count(texts)
            times.append(time.perf_counter() - t0)
        return times
    if design in ("fork-pool", "spawn-pool"):
        t0 = time.perf_counter()
        with mp.get_context(design.split("-")[0]).Pool(2, initializer=_init) as p:
            for _ in range(2):
                p.map(_count, _chunks(texts), chunksize=1)
                times.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
        return times
    if design == "forkserver-pool":
        from concurrent.futures import ProcessPoolExecutor

        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["analysis.tokens.worker"])
        t0 = time.perf_counter()
        with ProcessPoolExecutor(2, mp_context=ctx, initializer=_init) as ex:
            for _ in range(2):
                list(ex.map(_count, _chunks(texts), chunksize=1))
                times.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
        return times
    if design == "pipes":
        from analysis import count_tokens

        for _ in range(2):
            t0 = time.perf_counter()
            count_tokens(texts, workers=2, cache=False)
            times.append(time.perf_counter() - t0)
        return times
    if design == "threads":
        for _ in range(2):
            t0 = time.perf_counter()
            if _ENC is None:
                _init()
            out: list = [None] * 2
            halves = [texts[0::2], texts[1::2]]

            def work(i: int) -> None:
                out[i] = _count(halves[i])

            th = [threading.Thread(target=work, args=(i,)) for i in range(2)]
            for t in th:
                t.start()
            for t in th:
                t.join()
            times.append(time.perf_counter() - t0)
        return times
    raise ValueError(design)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--repeat", type=int, default=2, help="fresh processes per design (best is kept)")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    from .textgen import reasoning_texts

    if args.one:
        texts = reasoning_texts(int(args.mb * 1e6), seed=5)
        print(json.dumps(_one(args.one, texts)))
        return 0
    root = Path(__file__).resolve().parent.parent
    best: dict[str, list[float]] = {}
    for _ in range(args.repeat):  # interleaved: the machine is shared
        for design in DESIGNS:
            res = subprocess.run([sys.executable, "-m", "benchmarks.token_designs", "--one", design, "--mb", str(args.mb)],
                                 cwd=root, capture_output=True, text=True, check=True,
                                 env=dict(os.environ, RTE_TOKEN_CACHE="/nonexistent-not-used"))
            t = json.loads(res.stdout.strip().splitlines()[-1])
            best[design] = [min(a, b) for a, b in zip(best.get(design, t), t)]
    serial = best["serial"][1]
    print(f"{args.mb:g} MB; load average {os.getloadavg()[0]:.1f}\n")
    print("| design | first call, s | warm, s | first-call speed-up | warm speed-up |\n|---|---|---|---|---|")
    for d in DESIGNS:
        first, warm = best[d]
        print(f"| {d} | {first:.2f} | {warm:.2f} | {serial / first:.2f}x | {serial / warm:.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
