"""analysis.scale: read_many over files and the summaries on Dask equal the pandas ones."""

import shutil
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analysis
from analysis import DataError

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BAD = Path(__file__).resolve().parent.parent / "bad_inputs"
LOGS = [FIXTURES / "inspect" / "mockllm_arith.eval", FIXTURES / "inspect" / "mockllm_arith.json",
        FIXTURES / "lm_eval" / "demo-model" / "samples_gsm8k_2025-01-01T00-00-00.000000.jsonl"]


@pytest.fixture(autouse=True)
def synchronous():
    with dask.config.set(scheduler="synchronous"):
        yield


def synthetic(seed: int, n_rows: int) -> pd.DataFrame:
    """Synthetic Responses (test data only): 0/1 and dyadic scores, integer tokens, costs."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "model": rng.choice(["a", "b", "c"], n_rows),
        "setting": "default",
        "benchmark": rng.choice(["x", "y"], n_rows),
        "item_id": [f"q{i}" for i in rng.integers(0, 15, n_rows)],
        "correct": rng.choice([0.0, 1.0, 0.5], n_rows),
        "output_tokens": rng.integers(0, 80, n_rows),
        "cost_usd": rng.integers(1, 1000, n_rows) / 1024,
    })


def as_dask(df: pd.DataFrame, cuts) -> "dd.DataFrame":
    bounds = [0, *sorted(set(c % (len(df) + 1) for c in cuts)), len(df)]
    chunks = [df.iloc[a:b].reset_index(drop=True) for a, b in zip(bounds[:-1], bounds[1:])]
    return dd.from_map(lambda i: chunks[i], range(len(chunks)), meta=df.iloc[:0], enforce_metadata=False)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(2, 250), cuts=st.lists(st.integers(0, 500), max_size=7),
       perm=st.integers(0, 1000))
def test_dask_equals_pandas_for_any_partitioning(seed, n, cuts, perm):
    df = synthetic(seed, n)
    ddf = as_dask(df.sample(frac=1, random_state=perm).reset_index(drop=True), cuts)
    expected = analysis.summarize(df)
    got = analysis.summarize(ddf)  # dispatches to analysis.scale.summarize
    # labels may come back in the string dtype Dask converts text to; the values must be equal
    pd.testing.assert_frame_equal(got, expected, rtol=1e-12, atol=1e-12, check_dtype=False)
    pd.testing.assert_frame_equal(analysis.token_quantiles(ddf, by=("model", "benchmark")),
                                  analysis.token_quantiles(df, by=("model", "benchmark")), rtol=1e-12, atol=1e-12,
                                  check_dtype=False)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(2, 250), cuts=st.lists(st.integers(0, 500), max_size=7),
       perm=st.integers(0, 1000))
def test_budget_curve_on_dask_equals_pandas_for_any_partitioning(seed, n, cuts, perm):
    df = synthetic(seed, n)
    ddf = as_dask(df.sample(frac=1, random_state=perm).reset_index(drop=True), cuts)
    budgets = [0, 5, 40, 40.5, 79, 100]
    pd.testing.assert_frame_equal(analysis.budget_curve(ddf, budgets), analysis.budget_curve(df, budgets),
                                  rtol=1e-12, atol=1e-12, check_dtype=False)


def test_pass_at_k_on_dask():
    df = synthetic(1, 400)
    df["correct"] = (df["correct"] == 1).astype(float)
    pd.testing.assert_frame_equal(analysis.pass_at_k(as_dask(df, [100, 300]), [1, 4]), analysis.pass_at_k(df, [1, 4]),
                                  check_dtype=False)


def test_read_many_reads_every_format_one_partition_per_file(tmp_path):
    ddf = analysis.scale.read_many(LOGS, files_per_partition=1)
    assert ddf.npartitions == 3
    rows = ddf.compute()
    batched = analysis.scale.read_many(LOGS)  # small files: one partition holds all three
    assert batched.npartitions == 1
    pd.testing.assert_frame_equal(batched.compute().reset_index(drop=True), rows.reset_index(drop=True))
    assert analysis.scale.read_many(LOGS, files_per_partition=2).npartitions == 2
    assert list(rows.columns) == list(analysis.scale.responses_meta().columns)
    assert rows.groupby("source_file").size().to_dict() == {str(p): len(analysis.read_any(p)) for p in LOGS}
    assert rows["output_tokens"].notna().all()  # the lm-eval file's counts were counted from text
    pd.testing.assert_frame_equal(analysis.summarize(ddf), analysis.summarize(rows))
    same = analysis.scale.read_many(LOGS, engine="pandas")
    pd.testing.assert_frame_equal(same.reset_index(drop=True), rows.reset_index(drop=True))


def test_package_read_many_delegates_to_dask():
    """analysis.read_many(engine='dask') is analysis.scale.read_many: the same lazy table."""
    ddf = analysis.read_many(LOGS[:2], engine="dask", files_per_partition=1)
    assert isinstance(ddf, dd.DataFrame) and ddf.npartitions == 2
    pd.testing.assert_frame_equal(ddf.compute().reset_index(drop=True),
                                  analysis.scale.read_many(LOGS[:2]).compute().reset_index(drop=True))
    with pytest.raises(ValueError, match="retries"):
        analysis.read_many(LOGS[:2], engine="dask", retries="first")
    with pytest.raises(ValueError, match="engine"):
        analysis.read_many(LOGS[:2], engine="spark")


def test_read_many_folder_skips_other_files_with_a_warning(tmp_path):
    for p in LOGS[:1]:
        shutil.copy(p, tmp_path / p.name)
    (tmp_path / "notes.txt").write_text("not a log")
    with pytest.warns(UserWarning, match=r"skipped 1 file.*notes\.txt"):
        ddf = analysis.scale.read_many(tmp_path)
    assert ddf.npartitions == 1
    with pytest.raises(FileNotFoundError):
        analysis.scale.read_many(tmp_path / "absent")


def test_bad_file_raises_naming_it_or_is_reported():
    bad = [BAD / "malformed.jsonl", BAD / "negative_tokens.csv"]
    with pytest.raises(DataError, match="malformed.jsonl"):
        analysis.scale.read_many([LOGS[0], bad[0]]).compute()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clean, rejected = dask.compute(*analysis.scale.read_many([LOGS[0], *bad], on_error="report"))
    assert len(clean) == len(analysis.read_any(LOGS[0])) + len(analysis.read_any(bad[1], on_error="report")[0])
    by_file = rejected.set_index("source_file")
    assert by_file.loc[str(bad[0]), "location"] == "whole file"
    assert "malformed.jsonl" in by_file.loc[str(bad[0]), "reason"]
    assert by_file.loc[str(bad[1]), "location"] == "line 3" and "negative" in by_file.loc[str(bad[1]), "reason"]
    with pytest.raises(ValueError, match="on_error"):
        analysis.scale.read_many(LOGS, on_error="skip")
    for bad_count in (0, 1.5, True):
        with pytest.raises(ValueError, match="files_per_partition"):
            analysis.scale.read_many(LOGS, files_per_partition=bad_count)


def test_file_batches_by_size_and_count(tmp_path):
    sizes = [300_000, 300_000, 600_000, 2_000_000, 10, 10]
    files = []
    for i, size in enumerate(sizes):
        files.append(tmp_path / f"f{i}.csv")
        files[-1].write_bytes(b"x" * size)
    names = [str(f) for f in files]
    # 0.3 + 0.3 + 0.6 MB reach 1 MiB; the 2 MB file alone; the rest together
    assert analysis.scale.read.file_batches(files) == [tuple(names[:3]), (names[3],), tuple(names[4:])]
    assert analysis.scale.read.file_batches(files, 4) == [tuple(names[:4]), tuple(names[4:])]
    assert [len(b) for b in analysis.scale.read.file_batches([files[4]] * 140)] == [16] * 8 + [12]  # 16 at most


def test_missing_dask_names_the_extra(monkeypatch):
    for name in [m for m in sys.modules if m == "dask" or m.startswith("dask.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "dask", None)  # import dask now fails, as when absent
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    with pytest.raises(ImportError, match=r"reasoning-token-efficiency\[dask\]"):
        analysis.scale.read_many(LOGS)
    df = synthetic(0, 50)
    assert len(analysis.summarize(df)) == len(df.groupby(["model", "benchmark"]))  # pandas needs no Dask
    from analysis.cli import main

    assert main(["summarize", str(LOGS[0]), "--engine", "dask"]) == 2


def test_cli_engine_dask_equals_pandas(tmp_path, capsys):
    out_d, out_p = tmp_path / "d.csv", tmp_path / "p.csv"
    logs = tmp_path / "logs"
    logs.mkdir()
    for p in LOGS[::2]:
        shutil.copy(p, logs / p.name)
    from analysis.cli import main

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["summarize", str(logs), "--engine", "dask", "--scheduler", "synchronous", "--out", str(out_d)]) == 0
        assert main(["summarize", *map(str, sorted(logs.iterdir())), "--out", str(out_p)]) == 0
    d, p = pd.read_csv(out_d), pd.read_csv(out_p)
    pd.testing.assert_frame_equal(d[p.columns], p)


def test_finish_warnings_reach_the_caller():
    """The finish step runs as the tree's last task; its TruncationWarning is re-issued on the client."""
    df = synthetic(2, 120)
    df["max_tokens"] = 40  # tokens 0..79: about half the answers stop at the cap
    with pytest.warns(analysis.TruncationWarning) as expected:
        want = analysis.summarize(df)
    with pytest.warns(analysis.TruncationWarning) as got:
        points = analysis.summarize(as_dask(df, [30, 90]))
    assert [str(w.message) for w in got] == [str(w.message) for w in expected]
    pd.testing.assert_frame_equal(points, want, rtol=1e-12, atol=1e-12, check_dtype=False)
