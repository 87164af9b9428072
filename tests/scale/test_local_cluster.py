"""One real distributed.LocalCluster (2 worker processes): real log formats from several files,
tokens counted inside the workers into the shared on-disk cache, summarised like pandas."""

import shutil
import sqlite3
import warnings
from pathlib import Path

import pandas as pd
import pytest

import analysis

distributed = pytest.importorskip("distributed")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LOGS = [FIXTURES / "inspect" / "mockllm_arith.eval", FIXTURES / "inspect" / "mockllm_arith.json",
        FIXTURES / "inspect" / "mockllm_zero_usage.eval",
        FIXTURES / "lm_eval" / "demo-model" / "samples_gsm8k_2025-01-01T00-00-00.000000.jsonl"]


def test_local_cluster_reads_counts_and_summarises(tmp_path, monkeypatch):
    cache = tmp_path / "token-cache"
    monkeypatch.setenv("RTE_TOKEN_CACHE", str(cache))  # the workers inherit it: one shared cache
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = pd.concat([analysis.scale.read_many([p], engine="pandas") for p in LOGS], ignore_index=True)
        expected = analysis.summarize(table)
        expected_curve = analysis.budget_curve(table, [0, 5, 50, 5000])
    shutil.rmtree(cache)  # so every count below is made by a worker
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster, distributed.Client(cluster) as client:
        ddf = analysis.scale.read_many(LOGS)
        points = analysis.summarize(ddf)
        curve = analysis.budget_curve(ddf, [0, 5, 50, 5000])  # two passes, the item counts shared by every task
        pids = set(client.run(lambda: __import__("os").getpid()).values())
        assert len(pids) == 2
    pd.testing.assert_frame_equal(points, expected, rtol=1e-12, atol=1e-12, check_dtype=False)
    pd.testing.assert_frame_equal(curve, expected_curve, rtol=1e-12, atol=1e-12, check_dtype=False)
    assert cluster.status.name == "closed"
    with sqlite3.connect(cache / "counts.sqlite3") as con:  # the lm-eval texts, counted in a worker
        assert con.execute("SELECT COUNT(*) FROM counts").fetchone()[0] >= 3
