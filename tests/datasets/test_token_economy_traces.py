"""lrm_token_economy_traces: the raw runs of the LRM Token Economy study, bundled as .json.xz.

The bundled evaluation_stats.csv (lrm_token_economy) is built by the study from the same
grading files, so on the runs both hold the two must agree: same verdict, same billed tokens.
"""

import hashlib
import json
import lzma
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis.readers.files import load_json_file as read_json

DATA = Path(__file__).resolve().parents[2] / "data"

#: (model, item_id, study_run) -> what differs; the raw runs and evaluation_stats.csv agree on
#: every run both hold (data/README.md says so); any future difference must be listed here.
KNOWN_DISAGREEMENTS: dict[tuple[str, str, int], str] = {}


@pytest.fixture(scope="module")
def traces():
    return analysis.lrm_token_economy_traces()


def test_shape_and_validated(traces):
    assert len(traces) == 2174
    assert traces["model"].nunique() == 27
    assert "o4-mini-streaming" not in set(traces["model"])  # never graded by the study
    assert traces["item_id"].nunique() == 19
    assert analysis.validate_responses(traces).shape == traces.shape
    assert (traces["token_source"] == "reported").all()
    assert set(traces["correct"].unique()) <= {0.0, 1.0}
    per = traces.groupby(["model", "item_id"]).size()
    assert per.max() == 10 and per[("magistral-small-2506", "AIME2025I_P2_modified")] == 10


def test_agrees_with_evaluation_stats_on_shared_runs(traces):
    stats = analysis.lrm_token_economy()
    j = traces.merge(stats, left_on=["model", "item_id", "study_run"], right_on=["model", "item_id", "sample"],
                     how="outer", indicator=True, suffixes=("", "_csv"))
    both = j[j["_merge"] == "both"]
    assert len(both) == 1794
    # runs only one side holds, and why: batch2's outputs are missing; 4 models are not in the CSV
    csv_only = j[j["_merge"] == "right_only"].groupby("model").size().to_dict()
    assert csv_only == {"deepseek-r1": 65, "deepseek-r1-0528": 62, "glm-z1-32b": 65,
                        "magistral-medium-2506-thinking": 62, "qwen3-235b-a22b-think": 65, "qwen3-30b-a3b-think": 65}
    raw_only = j[j["_merge"] == "left_only"].groupby("model").size().to_dict()
    assert raw_only == {"claude-opus-4.1": 95, "gpt-oss-120b": 95, "gpt-oss-20b": 95, "grok-3-mini-beta": 95}
    claude = both["model"].str.contains("claude").to_numpy(bool)  # the CSV's Claude split is char_output / 3.1
    rep = both["reported_reasoning_tokens"].astype("Float64").to_numpy(float, na_value=np.nan)
    csv = both["study_reasoning_tokens"].to_numpy(float)
    checks = {
        "correct": both["correct"].to_numpy() != both["correct_csv"].to_numpy(),
        "billed completion tokens": both["output_tokens"].to_numpy(float) != both["output_tokens_csv"].to_numpy(float),
        "billed reasoning tokens": ~claude & ~((np.isnan(rep) & np.isnan(csv)) | (rep == csv)),
        "answer length": both["answer_text"].str.len().to_numpy() != both["char_output"].to_numpy(),
        "thinking length": both["thinking_text"].fillna("").str.len().to_numpy() != both["char_reasoning"].to_numpy(),
    }
    diff = {}
    for what, bad in checks.items():
        for r in both[bad].itertuples():
            key = (r.model, r.item_id, int(r.study_run))
            diff[key] = f"{diff[key]}, {what}" if key in diff else what
    assert diff == KNOWN_DISAGREEMENTS, f"disagreements: {diff}"
    assert claude.sum() == 285  # all Claude runs of the CSV: compared on grade, billed total and lengths


def test_left_out_runs_with_reasons():
    left = analysis.lrm_token_economy_traces_left_out()
    counts = left.groupby("left_out").size().to_dict()
    assert counts == {"no_output": 7, "not_graded": 96, "prompt_not_in_evalset": 78}
    assert (left.loc[left["left_out"] == "not_graded", "model"].value_counts().to_dict()
            == {"o4-mini-streaming": 95, "grok-4-07-09": 1})
    assert left["reason"].notna().all()


def test_reasoning_flags_and_billed_split(traces):
    flags = traces["reasoning_flag"].value_counts().to_dict()
    assert flags == {"exceeds_completion": 158, "zero_with_thinking_text": 96, "not_reported": 95}
    over = traces["reasoning_flag"] == "exceeds_completion"
    assert traces.loc[over, "reasoning_tokens"].isna().all()
    assert (traces.loc[over, "reported_reasoning_tokens"] > traces.loc[over, "output_tokens"]).all()
    ok = traces["reasoning_tokens"].notna()
    assert (traces.loc[ok, "reasoning_tokens"] == traces.loc[ok, "reported_reasoning_tokens"]).all()


def test_gold_parsed_from_the_numeric_criteria(traces):
    gold = traces.dropna(subset=["gold"]).groupby("item_id")["gold"].unique().map(list).to_dict()
    assert gold == {"AIME2023II_P1": ["220"], "AIME2023II_P1_mod": ["660"], "AIME2025I_P2_modified": ["41"],
                    "AIME2025I_Problem_2": ["49"], "Ice cream parlor": ["16"], "Integer pairs": ["117"],
                    "leap_year_february_days": ["29"], "one_plus_one": ["2"], "train_distance": ["150"]}


def test_cached_counts_equal_a_fresh_count(traces):
    rows = traces.sample(25, random_state=3)
    think = rows["thinking_text"].fillna("").tolist()
    assert rows["thinking_tokens_cl100k"].tolist() == list(analysis.count_tokens(think))
    assert rows["answer_tokens_cl100k"].tolist() == list(analysis.count_tokens(rows["answer_text"].tolist()))


def test_json_xz_decompresses_to_the_sources_bytes():
    """data/README.md lists the sha256 of each raw file before compression; xz keeps them exact."""
    text = (DATA / "README.md").read_text()
    raw = dict(re.findall(r"^\| `(lrm_token_economy_raw/[^`]+\.json)` \(raw, before xz\) \| `([0-9a-f]{64})` \|$", text, re.M))
    files = sorted((DATA / "lrm_token_economy_raw").glob("*.json.xz"))
    assert len(files) == 42 and len(raw) == 42
    for path in files:
        data = lzma.decompress(path.read_bytes())
        assert hashlib.sha256(data).hexdigest() == raw[f"lrm_token_economy_raw/{path.name[:-3]}"], path.name


def test_loader_reads_json_xz(tmp_path):
    doc = {"results": [{"prompt_id": "p", "llm": "m", "output": ["x"]}]}
    path = tmp_path / "output_queries_t.json.xz"
    path.write_bytes(lzma.compress(json.dumps(doc).encode()))
    assert read_json(path) == doc
    bad = tmp_path / "bad.json.xz"
    bad.write_bytes(lzma.compress(b'{"results": [}'))
    with pytest.raises(analysis.DataError, match="bad.json.xz"):
        read_json(bad)
