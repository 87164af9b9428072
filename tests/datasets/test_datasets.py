"""The bundled datasets: shapes, values checked against the raw files, provenance, size (speed: benchmarks/)."""

from __future__ import annotations

import fnmatch
import json
import lzma
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import DataError, count_tokens, validate_points, validate_responses
from analysis.datasets import (
    SOURCES,
    aider_polyglot,
    artificial_analysis_index,
    data_dir,
    deepscaler_budget_sweep,
    lrm_split_problems,
    lrm_token_economy,
    matharena_aime2025,
    matharena_aime2025_per_problem,
    published_tables,
    published_tables_left_out,
    seed_benchmarks,
    skythought_outputs,
)
from analysis.datasets import _files, deepscaler, skythought, token_economy as lrm_mod
from analysis.datasets import aider, matharena, published, seed

DATA = data_dir()
LICENCES = {"Apache-2.0", "MIT", "BSD-3-Clause", "CC-BY-4.0", "CC0-1.0"}

RESPONSE_LOADERS = [lrm_token_economy, skythought_outputs, deepscaler_budget_sweep]
POINT_LOADERS = [matharena_aime2025, aider_polyglot, artificial_analysis_index, published_tables]
CACHED = [lrm_mod._table, skythought._records, deepscaler._records, matharena._tables,
          aider._entries, published._published, published._aa, seed._seed]


def _clear_caches():
    for fn in CACHED:
        fn.cache_clear()


def _raw_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in lzma.decompress(path.read_bytes()).decode().splitlines() if line]


# --------------------------------------------------------------------------- every loader


@pytest.mark.parametrize("loader", RESPONSE_LOADERS, ids=lambda f: f.__name__)
def test_response_loaders_return_valid_responses(loader):
    df = loader()
    again = validate_responses(df)  # raises if anything is off
    assert len(again) == len(df)
    assert df["output_tokens"].notna().all()
    assert df["token_source"].notna().all()


@pytest.mark.parametrize("loader", POINT_LOADERS, ids=lambda f: f.__name__)
def test_point_loaders_return_valid_points(loader):
    df = loader()
    assert len(validate_points(df)) == len(df)
    assert df["confidence"].isin(["A", "B", "C"]).all()
    assert df["token_kind"].notna().all()
    assert df["accuracy"].between(0, 1).all()


@pytest.mark.parametrize(
    "loader", RESPONSE_LOADERS + POINT_LOADERS + [seed_benchmarks, matharena_aime2025_per_problem],
    ids=lambda f: f.__name__,
)
def test_each_dataset_loads_the_same_from_cold_and_from_cache(loader):
    # Speed (< 2 s from cold) is measured in benchmarks/bench_datasets.py, not here.
    _clear_caches()
    cold = loader()
    assert len(cold) > 0
    pd.testing.assert_frame_equal(loader(), cold)


def test_loaders_are_exported_from_analysis():
    for name in ["lrm_token_economy", "lrm_split_problems", "skythought_outputs", "deepscaler_budget_sweep",
                 "matharena_aime2025", "aider_polyglot", "artificial_analysis_index", "published_tables",
                 "published_tables_left_out", "seed_benchmarks"]:
        assert name in analysis.__all__ and callable(getattr(analysis, name))


def test_loaders_return_copies():
    a = lrm_token_economy()
    a.loc[0, "model"] = "changed"
    assert lrm_token_economy().loc[0, "model"] == "o4-mini-high-long"


# --------------------------------------------------------------------------- LRM Token Economy


def test_lrm_keeps_every_raw_row_with_billed_tokens():
    raw = pd.read_csv(DATA / "lrm_token_economy/evaluation_stats.csv")
    df = lrm_token_economy()
    assert len(df) == len(raw) == 2178
    assert df["model"].nunique() == 23 and df["item_id"].nunique() == 19
    np.testing.assert_array_equal(df["output_tokens"].to_numpy(int), raw["tokens_completion"].to_numpy())
    np.testing.assert_array_equal(df["correct"].to_numpy(), raw["success_rate"].to_numpy(float))
    assert set(df["benchmark"]) == {"token_economy:math", "token_economy:knowledge", "token_economy:logic puzzle"}
    for col in ["max_tokens", "lab", "open_weights", "category", "task_type", "cost_usd"]:
        assert col in df


def test_lrm_first_row_by_hand():
    row = lrm_token_economy().iloc[0]  # evaluation_stats.csv line 2
    assert (row["model"], row["item_id"], row["sample"]) == ("o4-mini-high-long", "one_plus_one", 1)
    assert (row["output_tokens"], row["reasoning_tokens"], row["answer_tokens"]) == (71, 64, 7)
    assert row["correct"] == 1.0 and row["max_tokens"] == 30000 and pd.isna(row["split_flag"])
    assert row["cost_usd"] == pytest.approx(71 * 4.40 / 1e6)  # $4.40 per million completion tokens


def test_lrm_negative_split_is_flagged_not_fixed():
    df = lrm_token_economy()
    row = df[df["csv_line"] == 32].iloc[0]  # qwen3-235b-a22b-think: tokens_output -43, reasoning 413
    assert row["model"] == "qwen3-235b-a22b-think" and row["output_tokens"] == 370
    assert row["study_answer_tokens"] == -43 and row["study_reasoning_tokens"] == 413
    assert pd.isna(row["answer_tokens"]) and pd.isna(row["reasoning_tokens"])
    assert row["split_flag"] == "negative_answer_tokens"


def test_lrm_split_problems_counts_and_reasons():
    raw = pd.read_csv(DATA / "lrm_token_economy/evaluation_stats.csv")
    problems = lrm_split_problems()
    counts = problems["split_flag"].value_counts().to_dict()
    assert counts["negative_answer_tokens"] == (raw["tokens_output"] < 0).sum() == 204
    claude = raw["model_name"].str.contains("claude")
    assert counts["fractional_char_estimate"] + counts["char_estimate"] == claude.sum() == 285
    assert counts["no_split"] == raw["tokens_output"].isna().sum() == 95
    assert counts["zero_reasoning_with_reasoning_text"] == 96
    assert problems["reason"].notna().all()
    df = lrm_token_economy()
    usable = df[df["split_flag"].isna()]
    assert len(usable) + len(problems) == len(df)
    # where the split is usable it is whole, non-negative and adds up to the billed tokens
    assert (usable["reasoning_tokens"] + usable["answer_tokens"] == usable["output_tokens"]).all()


def test_lrm_cost_missing_only_without_a_price():
    df = lrm_token_economy()
    assert set(df.loc[df["cost_usd"].isna(), "model"]) == {"glm-z1-32b"}


def test_lrm_extra_runs_are_kept():
    df = lrm_token_economy()
    runs = df[(df["model"] == "magistral-small-2506") & (df["item_id"] == "AIME2025I_P2_modified")]
    assert sorted(runs["sample"]) == list(range(1, 11))


# --------------------------------------------------------------------------- SkyThought


def test_skythought_shape_and_naming():
    df = skythought_outputs()
    assert len(df) == 1020
    assert df["checkpoint"].nunique() == 15
    assert set(df["benchmark"]) == {"aime24", "amc23"}
    sky = df[df["family"].str.startswith("Sky-T1")]
    assert set(sky["model"]) == {"Sky-T1-14B", "Sky-T1-27B", "Sky-T1-32B"}
    assert {"correct-5K", "wrong-5K", "corrupt-0.2", "reflection-1.0", "correct-5K-short-ckpts"} <= set(sky["setting"])
    assert (df["token_source"] == "counted:cl100k_base").all()
    for col in ["text", "gt", "pred"]:
        assert col in df


def test_skythought_values_match_the_raw_file():
    path = DATA / "skythought/Sky-T1-math-reflection-0.5-32B__aime24__aime24.jsonl.xz"
    raw = _raw_jsonl(path)
    df = skythought_outputs()
    part = df[df["file"] == path.name].set_index("item_id")
    assert len(part) == len(raw) == 30
    assert part["correct"].sum() == sum(r["score"][0] for r in raw) == 11
    first = raw[0]
    row = part.loc[str(first["idx"])]
    assert row["text"] == first["code"][0] and row["gt"] == first["gt"] and row["pred"] == first["pred"][0]
    assert (row["model"], row["setting"]) == ("Sky-T1-32B", "reflection-0.5")


def test_shipped_token_counts_equal_a_fresh_count(rng):
    for frame in (skythought_outputs(), deepscaler_budget_sweep()):
        sample = frame.iloc[rng.choice(len(frame), size=10, replace=False)]
        fresh = count_tokens(sample["text"].tolist(), "cl100k_base")
        np.testing.assert_array_equal(sample["output_tokens"].to_numpy(int), fresh)


def test_stale_token_counts_raise(tmp_path, monkeypatch):
    shutil.copytree(DATA / "deepscaler_budget_sweep", tmp_path / "deepscaler_budget_sweep")
    (tmp_path / "derived").mkdir()
    counts = pd.read_csv(DATA / "derived/deepscaler_token_counts.csv")
    counts.loc[3, "text_chars"] += 1
    counts.to_csv(tmp_path / "derived/deepscaler_token_counts.csv", index=False)
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path))
    _clear_caches()
    try:
        with pytest.raises(DataError, match="stale"):
            deepscaler_budget_sweep()
    finally:
        monkeypatch.delenv("ANALYSIS_DATA_DIR")
        _clear_caches()


def test_missing_data_file_raises_data_error(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path))
    _clear_caches()
    try:
        with pytest.raises(DataError, match="missing"):
            matharena_aime2025()
    finally:
        monkeypatch.delenv("ANALYSIS_DATA_DIR")
        _clear_caches()


def test_bad_jsonl_line_is_named(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"a": 1}\n{"a": \n')
    with pytest.raises(DataError, match="line 2"):
        list(_files.records(path, ("a",)))


def test_bundled_records_name_their_physical_line_and_missing_field(tmp_path):
    """Line numbers are the file's lines (a blank line counts), as in every reader; xz is read."""
    import lzma

    path = tmp_path / "x.jsonl.xz"
    path.write_bytes(lzma.compress(b'{"a": 1}\n\n{"a": 2}\n{"b": 3}\n'))
    got = []
    with pytest.raises(DataError, match=r"x.jsonl.xz: line 4: field 'a': missing field"):
        for line, rec in _files.records(path, ("a",)):
            got.append((line, rec["a"]))
    assert got == [(1, 1), (3, 2)]


# --------------------------------------------------------------------------- DeepScaleR


def test_deepscaler_accuracy_rises_with_the_cap():
    df = deepscaler_budget_sweep()
    assert len(df) == 210 and df["item_id"].nunique() == 30
    per_cap = df.groupby("max_tokens")["correct"].sum()
    assert per_cap.index.tolist() == [128, 256, 512, 1024, 2048, 4096, 8192]
    assert per_cap.astype(int).tolist() == [0, 0, 0, 0, 1, 7, 9]
    assert set(df["setting"]) == {f"cap={c}" for c in per_cap.index}
    assert (df["setting"] == "cap=" + df["max_tokens"].astype(str)).all()


def test_deepscaler_row_matches_raw():
    path = DATA / "deepscaler_budget_sweep/4096t_test2024_qwen-instruct_t0.6_k1_s0_e30.jsonl.xz"
    first = _raw_jsonl(path)[0]
    df = deepscaler_budget_sweep()
    row = df[(df["setting"] == "cap=4096") & (df["item_id"] == str(first["id"]))].iloc[0]
    assert row["text"] == first["generated_responses"][0] and row["gt"] == first["gold_answer"] == "204"
    assert bool(row["correct"]) is first["is_correct"] is True


# --------------------------------------------------------------------------- MathArena, Aider


def test_matharena_points_by_hand():
    df = matharena_aime2025().set_index(["model", "setting"])
    assert len(df) == 15 and "gemini-2.0-flash-thinking" not in df.index.get_level_values(0)
    row = df.loc[("o3-mini", "high")]
    assert row["accuracy"] == pytest.approx(0.80) and row["mean_tokens"] == pytest.approx(12046.85)
    # the site's cost is for all 60 answers: 60 x (output x $4.4 + input x $1.1) / 1e6
    assert row["cost_usd"] * 60 == pytest.approx(60 * (12046.85 * 4.4 + 189.6667 * 1.1) / 1e6, rel=1e-4)
    assert np.isnan(df.loc[("DeepSeek-R1-Distill-Qwen-32B", "default"), "cost_usd"])


def test_matharena_average_is_the_mean_of_problems():
    per = matharena_aime2025_per_problem()
    assert per.shape[0] == 16 * 15 and set(per["accuracy"]) <= {0, 0.25, 0.5, 0.75, 1.0}
    means = per.groupby(["model", "setting"])["accuracy"].mean()
    pts = matharena_aime2025().set_index(["model", "setting"])["accuracy"]
    np.testing.assert_allclose(means.loc[pts.index].to_numpy(), pts.to_numpy())


def test_aider_tokens_per_exercise():
    raw = json.loads((DATA / "aider/polyglot_leaderboard.json").read_text())
    df = aider_polyglot()
    assert len(df) == sum("completion_tokens" in e for e in raw) == 23
    gpt5 = df.set_index(["model", "setting"]).loc[("gpt-5", "high")]
    assert gpt5["accuracy"] == pytest.approx(0.88)
    assert gpt5["mean_tokens"] == pytest.approx(2623429 / 225)
    assert gpt5["cost_usd"] == pytest.approx(29.0829 / 225)
    assert {"high", "medium", "low"} <= set(df.loc[df["model"] == "gpt-5", "setting"])
    assert df.loc[df["total_cost"] == 0, "cost_usd"].isna().all()
    assert "DeepSeek R1 (0528)" in set(df["model"])  # a version in brackets is not a setting


# --------------------------------------------------------------------------- published, AA, seed


def test_published_tables_account_for_every_row():
    raw = pd.read_csv(DATA / "published/ALL_TABLES_long.csv")
    kept, left = published_tables(), published_tables_left_out()
    assert len(kept) + len(left) == len(raw) == 496
    assert len(left) == 23 and left["reason"].notna().all()
    assert set(raw["source_id"]) <= set(SOURCES)
    assert set(kept["token_kind"]) <= {"total", "thinking", "index_total", "mixed"}
    assert (kept.loc[kept["source_id"].str.startswith("aa_"), "confidence"] == "C").all()
    # a row by hand: its accuracy is the percent / 100, its tokens unchanged
    r = raw[(raw["source_id"] == "s1_muennighoff2025")].iloc[0]
    k = kept[kept["source_id"] == "s1_muennighoff2025"].iloc[0]
    assert k["accuracy"] == pytest.approx(r["accuracy_pct"] / 100) and k["mean_tokens"] == r["mean_tokens"]
    assert k["token_kind"] == "thinking"


def test_artificial_analysis_index():
    df = artificial_analysis_index()
    assert len(df) == 50
    assert (df["confidence"] == "C").all() and (df["token_kind"] == "index_total").all()
    assert df["possibly_stale"].sum() == 3
    row = df[(df["model"] == "GPT 5.2") & (df["snapshot"] == "2025-12-20")].iloc[0]
    assert row["accuracy"] == pytest.approx(0.73) and row["mean_tokens"] == 86e6
    assert row["index_cost_usd"] == 1294


def test_seed_benchmarks():
    df = seed_benchmarks()
    raw = pd.read_csv(DATA / "seed/seed_benchmarks.csv")
    assert len(df) == len(raw) == 41
    muse = df[(df["model"] == "Muse Spark") & df["benchmark"].str.contains("Intelligence Index")].iloc[0]
    assert muse["score"] == 52 and muse["unit"] == "index points" and pd.isna(muse["fraction"])
    pct = df[df["unit"] == "percent"]
    np.testing.assert_allclose(pct["fraction"], pct["score"] / 100)


# --------------------------------------------------------------------------- provenance and size


def _readme_index(readme: Path) -> dict[str, str]:
    """pattern -> licence, from the 'File index' table of data/README.md."""
    text = readme.read_text()
    section = text.split("## File index", 1)[1].split("\n## ", 1)[0]
    index = {}
    for line in section.splitlines():
        m = re.match(r"\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|", line)
        if m:
            index[m[1]] = m[2]
    return index


def unlisted_files(root: Path) -> list[str]:
    """Files under root not matched by a README index row that names a known licence."""
    index = _readme_index(root / "README.md")
    bad = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if rel == "README.md":
            continue
        licences = [lic for pat, lic in index.items() if fnmatch.fnmatchcase(rel, pat)]
        if not any(lic in LICENCES for lic in licences):
            bad.append(rel)
    return bad


def test_every_data_file_is_listed_with_a_licence():
    assert unlisted_files(DATA) == []


def test_the_listing_check_catches_an_unlisted_file(tmp_path):
    (tmp_path / "README.md").write_text("## File index\n\n| file | licence |\n|---|---|\n| `a/*.csv` | MIT |\n| `b.json` | unknown |\n")
    (tmp_path / "a").mkdir()
    (tmp_path / "a/x.csv").write_text("1")
    (tmp_path / "b.json").write_text("{}")
    (tmp_path / "c.txt").write_text("")
    assert unlisted_files(tmp_path) == ["b.json", "c.txt"]


def test_data_folder_is_under_30_mb():
    total = sum(p.stat().st_size for p in DATA.rglob("*") if p.is_file())
    assert total < 30 * 1024 * 1024
