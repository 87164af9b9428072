"""Token counting (issue 7, targets 1 and 4), on synthetic reasoning-like text (benchmarks.textgen).

1. ``count_tokens`` on 50 MB of text against a plain 2-process ``multiprocessing.Pool`` running
   tiktoken's ``encode_ordinary`` on the same texts in the same run: first call in the process
   (workers start; best of four: this process and three fresh ones, against the best of four
   reference pools; target >= 90 % of the reference's throughput, issue 12) and later calls
   (workers running; >= 97 %), each with a fresh cache; the cached recount (>= 20x faster than
   counting); peak memory of the process tree, workers included, in a fresh process
   (<= text size + 300 MB).
   Issue 12: the speed-up of the default ``count_tokens`` over ``workers=1`` on 40 MB, first call
   in a fresh process, from a script without a main guard, ``python -``, ``python -c``, a Jupyter
   kernel, a daemonic process (threads) and a Dask worker (threads; skipped without
   ``distributed``). Target >= 1.6x on 2 cores (where processes are started).
4. ``read_responses`` of a JSONL of responses with texts and no token counts,
   ``count_missing_tokens=True, keep_text=False``: peak memory of the process tree <= 1.5 GB.
   200 MB file by default; ``python -m benchmarks --full`` writes and reads 1 GB.

Memory runs happen in child processes (``python -m benchmarks.bench_tokens --memory`` /
``--jsonl PATH``) so that nothing from the timing runs inflates them.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEXT_CHARS = 50_000_000
MB = 1e6
_ENC = None


def _ref_init() -> None:
    global _ENC
    import tiktoken

    _ENC = tiktoken.get_encoding("cl100k_base")


def _ref_count(chunk: list[str]) -> list[int]:
    return [len(_ENC.encode_ordinary(t)) for t in chunk]


def reference_pool(texts: list[str]) -> tuple[float, int]:
    """The plain way: a fresh 2-process Pool (default start method), 50 texts per task."""
    t0 = time.perf_counter()
    with mp.Pool(2, initializer=_ref_init) as pool:
        parts = pool.map(_ref_count, [texts[i : i + 50] for i in range(0, len(texts), 50)], chunksize=1)
    return time.perf_counter() - t0, sum(map(sum, parts))


def _fresh_cache() -> str:
    d = tempfile.mkdtemp(prefix="rte-bench-cache-")
    os.environ["RTE_TOKEN_CACHE"] = d
    return d


def _timed(fn, *args, **kw):
    t0 = time.perf_counter()
    out = fn(*args, **kw)
    return time.perf_counter() - t0, out


def _child(args: list[str]) -> dict:
    env = dict(os.environ, RTE_TOKEN_CACHE=tempfile.mkdtemp(prefix="rte-bench-cache-"))
    root = Path(__file__).resolve().parent.parent
    res = subprocess.run([sys.executable, "-m", "benchmarks.bench_tokens", *args], cwd=root, env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def _first_call_child(texts_file: Path, total: int) -> float:
    """Seconds of the first ``count_tokens`` call in a fresh process (fresh count cache)."""
    r = _child(["--first-call", str(texts_file)])
    assert r["total"] == total, "count_tokens disagrees with the reference"
    return r["seconds"]


def _first_call(texts_file: str) -> dict:
    from analysis import count_tokens, ensure_encoding_file  # as a script would, before its first call

    texts = pickle.loads(Path(texts_file).read_bytes())
    ensure_encoding_file("cl100k_base")
    t0 = time.perf_counter()
    counts = count_tokens(texts)
    return {"seconds": time.perf_counter() - t0, "total": int(counts.sum())}


def run(*, full: bool = False) -> list[dict]:
    from analysis import count_tokens, ensure_encoding_file
    from analysis.tokens.pool import default_workers

    from .textgen import reasoning_texts

    ensure_encoding_file("cl100k_base")
    texts = reasoning_texts(TEXT_CHARS, seed=0)
    mb = sum(len(t.encode("utf-8")) for t in texts) / MB
    old = os.environ.get("RTE_TOKEN_CACHE")
    with tempfile.TemporaryDirectory(prefix="rte-bench-texts-") as tmp:
        texts_file = Path(tmp) / "texts.pickle"
        texts_file.write_bytes(pickle.dumps(texts, protocol=pickle.HIGHEST_PROTOCOL))
        try:
            ref1, ref_total = reference_pool(texts)
            _fresh_cache()
            cold, counts = _timed(count_tokens, texts)
            assert int(counts.sum()) == ref_total, "count_tokens disagrees with the reference"
            refs, warm, firsts = [ref1], [], [cold]
            for _ in range(3):  # interleaved, best of four: the machine may be shared
                firsts.append(_first_call_child(texts_file, ref_total))
                refs.append(reference_pool(texts)[0])
                _fresh_cache()
                warm.append(_timed(count_tokens, texts)[0])
            cached = min(_timed(count_tokens, texts)[0] for _ in range(3))
        finally:
            if old is None:
                os.environ.pop("RTE_TOKEN_CACHE", None)
            else:
                os.environ["RTE_TOKEN_CACHE"] = old
    ref = min(refs)
    w = min(warm)
    first = min(firsts)
    name = f"tokens: count_tokens, {mb:.0f} MB synthetic reasoning text, {len(texts):,} texts"
    rows = [
        {"benchmark": name, "measure": "throughput, first call (starts workers), best of 4 fresh processes, MB/s",
         "value": mb / first,
         "reference": f"{mb / ref:.3g} (ratio {ref / first:.2f}; each first call: "
                      + ", ".join(f"{ref / c:.2f}" for c in firsts) + ")",
         "target": ">= 90% of reference", "met": first <= ref / 0.9},
        {"benchmark": name, "measure": "throughput, workers running, fresh cache, MB/s",
         "value": mb / w, "reference": f"{mb / ref:.3g} (ratio {ref / w:.2f})", "target": ">= 97% of reference",
         "met": w <= ref / 0.97},
        {"benchmark": name, "measure": "cached recount, s (reference: counting, workers running)",
         "value": cached, "reference": w, "target": ">= 20x faster", "met": w / cached >= 20},
        {"benchmark": name, "measure": "cached recount speed-up, x", "value": w / cached,
         "reference": None, "target": ">= 20", "met": w / cached >= 20},
    ]
    mem = _child(["--memory"])
    limit = mem["text_utf8"] + 300 * MB
    rows.append({"benchmark": name, "measure": "peak memory, process + workers (PSS), MB",
                 "value": mem["peak_pss"] / MB,
                 "reference": f"text {mem['text_utf8'] / MB:.0f} MB UTF-8 ({mem['text_mem'] / MB:.0f} MB as str); "
                              f"interpreter + libraries alone {mem['baseline_pss'] / MB:.0f} MB; "
                              f"sum of per-process peaks {mem['hwm_sum'] / MB:.0f} MB",
                 "target": "<= text (UTF-8) + 300 MB", "met": mem["peak_pss"] <= limit})
    jsonl_mb = 1000 if full else 200
    with tempfile.TemporaryDirectory(prefix="rte-bench-jsonl-") as tmp:
        path = Path(tmp) / "responses.jsonl"
        write_jsonl(path, int(jsonl_mb * MB))
        size = path.stat().st_size
        res = _child(["--jsonl", str(path)])
    rows.append({"benchmark": f"tokens: read_responses + count, {size / MB:.0f} MB JSONL "
                              f"({res['rows']:,} responses{'' if full else '; --full for 1 GB'})",
                 "measure": "peak memory, process + workers (PSS), MB", "value": res["peak_pss"] / MB,
                 "reference": f"{res['seconds']:.1f} s, {size / MB / res['seconds']:.0f} MB/s; sum of "
                              f"per-process peaks {res['hwm_sum'] / MB:.0f} MB",
                 "target": "<= 1500 MB", "met": res["peak_pss"] <= 1500 * MB})
    rows.extend(context_rows())
    print(f"  workers: {default_workers()}", file=sys.stderr)
    return rows


CONTEXT_CHARS = 40_000_000
#: Fresh processes per context; each gives a speed-up (both timings in one process, seconds
#: apart), the median counts (the machine is a VM: single runs of the same code vary by 20-30 %).
CONTEXT_REPEATS = 5
# Timed in the child: workers=1 (encoding already loaded here), then the default, first call in
# the process (worker processes start, or threads where the process may not have children).
_CONTEXT_BODY = """
import json, os, sys, time
import analysis
from benchmarks.textgen import reasoning_texts
texts = reasoning_texts(%d, seed=3)
analysis.get_encoding()
t0 = time.perf_counter(); one = analysis.count_tokens(texts, workers=1, cache=False); t1 = time.perf_counter()
many = analysis.count_tokens(texts, cache=False); t2 = time.perf_counter()
from analysis.tokens import pool
result = {"serial": t1 - t0, "parallel": t2 - t1, "same": bool((one == many).all()),
          "processes": len(pool.worker_pids()), "mb": sum(len(t.encode()) for t in texts) / 1e6}
""" % CONTEXT_CHARS
_CONTEXT_SCRIPT = _CONTEXT_BODY + "print(json.dumps(result))\n"
_DAEMON_SCRIPT = """
import json, multiprocessing as mp
def run(conn):
""" + "".join("    " + line + "\n" for line in _CONTEXT_BODY.strip().splitlines()) + """    conn.send(result)
if __name__ == "__main__":
    a, b = mp.get_context("fork").Pipe()
    p = mp.get_context("fork").Process(target=run, args=(b,), daemon=True)
    p.start(); print(json.dumps(a.recv())); p.join()
"""
_DASK_SCRIPT = """
import json
def run():
""" + "".join("    " + line + "\n" for line in _CONTEXT_BODY.strip().splitlines()) + """    return result
if __name__ == "__main__":
    from distributed import Client, LocalCluster
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as c, Client(c) as cl:
        print(json.dumps(cl.submit(run, pure=False).result()))
"""


def _run_context(kind: str, root: Path, env: dict, tmp: Path) -> dict:
    py = sys.executable
    if kind == "notebook":
        import nbformat
        from nbclient import NotebookClient

        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(_CONTEXT_SCRIPT)])
        saved = dict(os.environ)
        os.environ.update(env)
        try:
            NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(root)}}).execute()
        finally:
            os.environ.clear()
            os.environ.update(saved)
        out = "".join(o.get("text", "") for o in nb.cells[0].outputs if o.get("name") == "stdout")
        return json.loads(out)
    script = tmp / f"context_{kind.replace(' ', '_')}.py"
    script.write_text({"daemonic process": _DAEMON_SCRIPT, "Dask worker": _DASK_SCRIPT}.get(kind, _CONTEXT_SCRIPT))
    args, stdin = {"script without main guard": ([py, str(script)], None), "python -": ([py, "-"], _CONTEXT_SCRIPT),
                   "python -c": ([py, "-c", _CONTEXT_SCRIPT], None)}.get(kind, ([py, str(script)], None))
    res = subprocess.run(args, input=stdin, cwd=root, env=env, capture_output=True, text=True, timeout=900)
    if res.returncode != 0 or res.stderr.strip() and kind != "Dask worker":
        raise RuntimeError(f"{kind}: exit {res.returncode}: {res.stderr[-2000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def context_rows() -> list[dict]:
    import importlib.util

    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
               RTE_TOKEN_CACHE=tempfile.mkdtemp(prefix="rte-bench-cache-"))
    kinds = ["script without main guard", "python -", "python -c", "notebook", "daemonic process"]
    if importlib.util.find_spec("distributed") is not None:
        kinds.append("Dask worker")
    rows = []
    with tempfile.TemporaryDirectory(prefix="rte-bench-ctx-") as tmp:
        for kind in kinds:
            runs = [_run_context(kind, root, env, Path(tmp)) for _ in range(CONTEXT_REPEATS)]
            ratios = sorted(x["serial"] / x["parallel"] for x in runs)
            r = runs[[x["serial"] / x["parallel"] for x in runs].index(ratios[len(ratios) // 2])]
            r = dict(r, same=all(x["same"] for x in runs))
            speedup = r["serial"] / r["parallel"]
            threads = r["processes"] == 0
            rows.append({
                "benchmark": f"tokens: count_tokens from a {kind}, {r['mb']:.0f} MB, first call, cache off",
                "measure": f"speed-up over workers=1, median of {CONTEXT_REPEATS} fresh processes, x", "value": speedup,
                "reference": f"median run: workers=1 {r['serial']:.2f} s; default {r['parallel']:.2f} s "
                             f"({'threads in the process' if threads else str(r['processes']) + ' worker processes'}); each run: "
                             + ", ".join(f"{x['serial'] / x['parallel']:.2f}" for x in runs)
                             + ("" if r["same"] else "; COUNTS DIFFER"),
                "target": "threads, no warning (may not have children)" if threads else ">= 1.6x",
                "met": r["same"] and (threads or speedup >= 1.6)})
    return rows


def write_jsonl(path: Path, size: int, *, seed: int = 1) -> None:
    """Synthetic responses with texts and no token counts, about ``size`` bytes, in batches."""
    from .textgen import reasoning_texts

    written, batch = 0, 0
    with open(path, "w", encoding="utf-8") as fh:
        while written < size:
            texts = reasoning_texts(min(20_000_000, size - written + 1), seed=seed + batch)
            lines = []
            for i, t in enumerate(texts):
                rec = {"model": f"synthetic-{i % 20}", "setting": "default", "benchmark": "synthetic-math",
                       "item_id": f"b{batch}-{i // 10}", "sample": i % 10, "correct": float(i % 3 == 0),
                       "text": t}
                lines.append(json.dumps(rec, ensure_ascii=False))
            chunk = "\n".join(lines) + "\n"
            fh.write(chunk)
            written += len(chunk.encode("utf-8"))
            batch += 1


def _memory_child() -> dict:
    from .memory import PeakMemory, pss_bytes, tree

    import analysis  # noqa: F401  (libraries loaded before the baseline)
    from .textgen import reasoning_texts

    baseline = pss_bytes(tree())
    with PeakMemory() as pm:
        texts = reasoning_texts(TEXT_CHARS, seed=0)
        analysis.count_tokens(texts)
    return {"peak_pss": pm.peak_pss, "hwm_sum": pm.peak_hwm_sum, "baseline_pss": baseline,
            "text_utf8": sum(len(t.encode("utf-8")) for t in texts),
            "text_mem": sum(sys.getsizeof(t) for t in texts)}


def _jsonl_child(path: str) -> dict:
    from .memory import PeakMemory

    import analysis

    t0 = time.perf_counter()
    with PeakMemory() as pm:
        df = analysis.read_responses(path, count_missing_tokens=True, keep_text=False)
    return {"peak_pss": pm.peak_pss, "hwm_sum": pm.peak_hwm_sum, "rows": len(df),
            "seconds": time.perf_counter() - t0, "tokens": int(df["output_tokens"].sum())}


if __name__ == "__main__":
    if sys.argv[1:2] == ["--memory"]:
        print(json.dumps(_memory_child()))
    elif sys.argv[1:2] == ["--first-call"]:
        print(json.dumps(_first_call(sys.argv[2])))
    elif sys.argv[1:2] == ["--jsonl"]:
        print(json.dumps(_jsonl_child(sys.argv[2])))
    else:
        raise SystemExit("usage: python -m benchmarks.bench_tokens --memory | --first-call TEXTS.pickle | --jsonl PATH")
