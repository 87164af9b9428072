"""Issue 13: the same summary by Dask on a 2-worker LocalCluster and by pandas in one process.

1. ``ROWS`` synthetic Responses rows (``synthetic-scale``: 20 models x items x 10 samples, each
   item's samples split over two files) in ``FILES`` Parquet files. Both paths read the files
   with the package's reader (``read_any`` -> ``read_responses``, validation included) and
   summarise with confidence intervals: pandas reads every file in one process, concatenates and
   calls ``summarize``; Dask runs ``analysis.scale.read_many`` + ``summarize`` on
   ``LocalCluster(n_workers=2, threads_per_worker=1)``. Each path runs in its own fresh process;
   peak memory is each process's peak resident size (VmHWM): the pandas process, the Dask client
   and each Dask worker. The two Points tables must be equal (to 1e-12). Each path runs
   ``RUNS`` times in its process and the faster run counts (other work shares the machine).
2. ``EVAL_FILES`` copies of the Inspect fixture log ``tests/fixtures/inspect/mockllm_arith.eval``
   read by ``read_many`` on 2 workers against a serial ``read_any`` loop.

Full size by default (20,000,000 rows in 200 files; 2,000 .eval files); ``--scale 0.1`` (or
``RTE_BENCH_SCALE=0.1``) runs a scaled-down version and says so in the table.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROWS, FILES, EVAL_FILES = 20_000_000, 200, 2_000
N_MODELS, N_SAMPLES = 20, 10
RUNS = 2  # each path runs twice in its process; the faster run counts (the machine is shared)
HERE = Path(__file__).resolve().parent
FIXTURE = HERE.parent / "tests" / "fixtures" / "inspect" / "mockllm_arith.eval"
MARK = "@@scale-result@@"


def write_files(folder: Path, rows: int, files: int) -> list[Path]:
    """``files`` Parquet files of synthetic Responses, ``rows`` in all (labels synthetic-scale)."""
    import pandas as pd

    per_model = files // N_MODELS  # files per model: item blocks x 2 halves of the samples
    blocks = max(1, per_model // 2)
    items = rows // (N_MODELS * N_SAMPLES)
    block_items = items // blocks
    half = N_SAMPLES // 2
    paths = []
    rng = np.random.default_rng(13)
    for m in range(N_MODELS):
        p_model = 0.3 + 0.6 * m / N_MODELS
        for b in range(blocks):
            ids = np.arange(b * block_items, (b + 1) * block_items)
            difficulty = np.clip(rng.normal(p_model, 0.25, len(ids)), 0, 1)
            for h in range(2):
                item = np.repeat(ids, half)
                sample = np.tile(np.arange(h * half, (h + 1) * half), len(ids))
                p = np.repeat(difficulty, half)
                frame = pd.DataFrame({
                    "model": f"synthetic-scale-{m:02d}", "setting": "default", "benchmark": "synthetic-scale",
                    "item_id": pd.Series(item).map("q{:06d}".format), "sample": sample,
                    "correct": (rng.random(len(item)) < p).astype(float),
                    "output_tokens": rng.lognormal(7, 0.8, len(item)).astype(np.int64),
                })
                path = folder / f"m{m:02d}-b{b:03d}-h{h}.parquet"
                frame.to_parquet(path, index=False)
                paths.append(path)
    return paths


def _hwm(pid: int | str = "self") -> int:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def _warm() -> None:
    """Import what reading and summarising use (in the pandas process, the Dask client and each
    worker), so no path's timing includes imports."""
    import analysis.measures.summary  # noqa: F401
    import analysis.measures.truncation  # noqa: F401
    import analysis.readers  # noqa: F401
    import analysis.scale.read  # noqa: F401
    import analysis.scale.summary  # noqa: F401


def _warm_client() -> None:
    _warm()
    import dask.dataframe  # noqa: F401  (what read_many imports on its first call)


def child_pandas(folder: str) -> dict:
    import pandas as pd

    import analysis

    _warm()
    files = sorted(Path(folder).glob("*.parquet"))
    runs = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        df = pd.concat([analysis.read_any(f) for f in files], ignore_index=True)
        t_read = time.perf_counter() - t0
        points = analysis.summarize(df)
        runs.append((time.perf_counter() - t0, t_read))
        del df
    best = min(runs)
    return {"time": best[0], "read": best[1], "times": [r[0] for r in runs], "peak": _hwm(),
            "load": os.getloadavg()[0], "points": points.to_json(orient="split")}


def child_dask(folder: str) -> dict:
    from distributed import Client, LocalCluster

    import analysis

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40, memory_limit="4GB") as cluster, Client(cluster) as client:
        client.run(_warm)  # workers up and imports done before timing
        _warm_client()
        times = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            points = analysis.summarize(analysis.scale.read_many(folder))
            times.append(time.perf_counter() - t0)
        workers = client.run(lambda: _hwm())
    return {"time": min(times), "times": times, "peak": _hwm(), "workers": sorted(workers.values()),
            "load": os.getloadavg()[0], "points": points.to_json(orient="split")}


def child_eval(folder: str) -> dict:
    from distributed import Client, LocalCluster

    import analysis

    files = sorted(Path(folder).glob("*.eval"))
    _warm_client()
    serial = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        n_serial = sum(len(analysis.read_any(f)) for f in files)
        serial.append(time.perf_counter() - t0)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:
        client.run(_warm)
        dask_times = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            rows = len(analysis.scale.read_many(folder).compute())
            dask_times.append(time.perf_counter() - t0)
    assert rows == n_serial
    return {"serial": min(serial), "dask": min(dask_times), "rows": rows, "load": os.getloadavg()[0]}


def _run_child(kind: str, folder: Path) -> dict:
    code = (f"import json, warnings; warnings.simplefilter('ignore'); from benchmarks.bench_scale import child_{kind}; "
            f"print({MARK!r} + json.dumps(child_{kind}({str(folder)!r})))")
    res = subprocess.run([sys.executable, "-c", code], cwd=HERE.parent, stdout=subprocess.PIPE, text=True,
                         env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if res.returncode != 0:
        raise SystemExit(f"bench_scale {kind} failed (exit {res.returncode})")
    return json.loads(res.stdout.rsplit(MARK, 1)[1])


def _runs(result: dict) -> str:
    return ", ".join(f"{t:.1f}" for t in result["times"]) + " s"


def run(*, scale: float | None = None) -> list[dict]:
    import pandas as pd

    scale = float(os.environ.get("RTE_BENCH_SCALE", "1")) if scale is None else scale
    rows, files, evals = int(ROWS * scale), max(N_MODELS * 2, int(FILES * scale)), max(2, int(EVAL_FILES * scale))
    note = "" if scale == 1 else f" (SCALED DOWN x{scale:g}; full size: {ROWS:,} rows, {FILES} files)"
    out = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        folder = Path(tmp) / "parquet"
        folder.mkdir()
        paths = write_files(folder, rows, files)
        n_rows = sum(__import__("pyarrow.parquet").parquet.read_metadata(p).num_rows for p in paths)
        pand = _run_child("pandas", folder)
        dsk = _run_child("dask", folder)
        a = pd.read_json(__import__("io").StringIO(pand["points"]), orient="split")
        b = pd.read_json(__import__("io").StringIO(dsk["points"]), orient="split")
        num = a.select_dtypes("number").columns
        gap = float(np.nanmax(np.abs(a[num].to_numpy(float) - b[num].to_numpy(float))))
        same = a.drop(columns=num).equals(b.drop(columns=num)) and gap <= 1e-12
        name = f"scale: summarize {n_rows:,} synthetic rows in {len(paths)} Parquet files, with CIs{note}"
        gb = 1024**3
        out += [
            {"benchmark": name, "measure": "Dask (2-worker LocalCluster) wall time, s", "value": dsk["time"],
             "reference": f"pandas, one process {pand['time']:.1f} s (of which reading {pand['read']:.1f} s); ratio "
                          f"{dsk['time'] / pand['time']:.2f}; best of {RUNS} runs each (Dask {_runs(dsk)}, pandas "
                          f"{_runs(pand)}); load average {pand['load']:.1f} / {dsk['load']:.1f}",
             "target": "<= 1.5x pandas", "met": dsk["time"] <= 1.5 * pand["time"]},
            {"benchmark": name, "measure": "peak memory (VmHWM), GB: Dask client / each worker",
             "value": f"{dsk['peak'] / gb:.2f} / " + " / ".join(f"{w / gb:.2f}" for w in dsk["workers"]),
             "reference": f"pandas process {pand['peak'] / gb:.2f} GB", "target": "each <= 1.5 GB",
             "met": max([dsk["peak"], *dsk["workers"]]) <= 1.5 * gb},
            {"benchmark": name, "measure": "largest difference, Dask vs pandas Points (CIs included)", "value": gap,
             "reference": f"{len(a)} groups; labels equal: {same}", "target": "<= 1e-12", "met": same},
        ]
        shutil.rmtree(folder)
        evdir = Path(tmp) / "eval"
        evdir.mkdir()
        for i in range(evals):
            shutil.copy(FIXTURE, evdir / f"log-{i:05d}.eval")
        ev = _run_child("eval", evdir)
        ev_note = "" if scale == 1 else f" (SCALED DOWN x{scale:g}; full size {EVAL_FILES:,})"
        out.append({"benchmark": f"scale: read_many, {evals:,} Inspect .eval files (copies of a test fixture, {ev['rows']:,} rows){ev_note}",
                    "measure": "Dask 2 workers, s", "value": ev["dask"],
                    "reference": f"serial read_any loop {ev['serial']:.1f} s; speed-up {ev['serial'] / ev['dask']:.2f}x; "
                                 f"best of {RUNS} runs each; load average {ev['load']:.1f}",
                    "target": "(no target)", "met": None})
    return out


if __name__ == "__main__":
    import argparse

    from benchmarks.__main__ import table

    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=None, help="fraction of the full size (default 1, or $RTE_BENCH_SCALE)")
    print(table(run(scale=ap.parse_args().scale)))
