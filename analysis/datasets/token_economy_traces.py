"""The LRM Token Economy study's raw runs: thinking text, answer text, billed tokens, the grade.

Source: github.com/cpldcpu/LRMTokenEconomy, folder data/, commit
d5cc353cf1250b805f955504b807530248154e62 (Apache-2.0): ``output_queries_<batch>.json`` (each
run's answer, thinking text, billed completion and reasoning tokens, as returned by OpenRouter)
and ``detailed_evaluations_<batch>.json`` (the study's LLM grader's verdict on each run), bundled
as ``data/lrm_token_economy_raw/*.json.xz`` (byte-identical when decompressed).

How runs meet their grades: the study graded runs in parallel and stored each verdict in the
order it finished, so the position of a verdict is not the position of its run. A verdict
keeps the graded answer text and the run's counts (``original_response``, ``tokens_completions``,
``tokens_reasoning``, ``character_count_reasoning``); a run is paired with the verdict that has
the same prompt, model, answer text and counts. Runs that are identical in all of these
(17 groups, short answers such as "2") are paired in order; their verdicts agree, which the
loader checks. ``study_run`` is the verdict's position in the study's merged list (files by
name), which is the ``run_number`` of ``evaluation_stats.csv`` (study's aggregate_results.py).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
import re

import numpy as np
import pandas as pd

from ..errors import DataError, Problem
from ..schema import validate_responses
from ..readers.files import load_json_file
from ._files import data_files, data_path

RAW_DIR = "lrm_token_economy_raw"
RAW_PATTERNS = ("output_queries_*.json", "detailed_evaluations_*.json")
DERIVED = "derived/lrm_token_economy_trace_token_counts.csv"
PROMPTS = "lrm_token_economy/TokenEconomyDataset_V1.json"
STATS = "lrm_token_economy/evaluation_stats.csv"
ENCODING = "cl100k_base"

#: why a run of the output files is not in :func:`lrm_token_economy_traces`
LEFT_OUT_REASONS = {
    "no_output": "the query failed: no answer and no token counts (the study did not grade it)",
    "prompt_not_in_evalset": "prompt is not in TokenEconomyDataset_V1.json (the study left it out of evaluation_stats.csv)",
    "not_graded": "no verdict of the study's grader matches this run",
}
_NUMBER_CRITERION = re.compile(r"^Answer [iì]s (-?\d+)(?: kilometers)?$")


def _bad(path: Path, where: str, field: str | None, message: str) -> DataError:
    return DataError(Problem(str(path), where, field, message))


def _runs_of(path: Path) -> list[dict]:
    doc = load_json_file(path)
    results = doc.get("results") if isinstance(doc, dict) else None
    if not isinstance(results, list):
        raise _bad(path, None, "results", "expected an object with a list 'results'")
    rows = []
    for j, rec in enumerate(results):
        for field in ("prompt_id", "llm", "output"):
            if field not in rec:
                raise _bad(path, f"results[{j}]", field, "missing field")
        outputs = rec["output"]
        n = len(outputs)
        lists = {f: rec.get(f) for f in ("thinking", "tokens_completion", "completion_tokens_details", "finish_reason", "provider")}
        for f, v in lists.items():
            if v is not None and (not isinstance(v, list) or len(v) != n):
                raise _bad(path, f"results[{j}]", f, f"expected a list of {n} entries (one per output)")
        for i, answer in enumerate(outputs):
            think = lists["thinking"][i] if lists["thinking"] is not None else None
            det = lists["completion_tokens_details"][i] if lists["completion_tokens_details"] is not None else None
            rows.append({
                "raw_file": path.name, "raw_result": j, "raw_run": i,
                "item_id": rec["prompt_id"], "model": rec["llm"],
                "answer_text": answer, "thinking_text": think if isinstance(think, str) else None,
                "output_tokens": lists["tokens_completion"][i] if lists["tokens_completion"] is not None else None,
                "reported_reasoning_tokens": det.get("reasoning_tokens") if isinstance(det, dict) else None,
                "finish_reason": lists["finish_reason"][i] if lists["finish_reason"] is not None else None,
                "provider": lists["provider"][i] if lists["provider"] is not None else None,
            })
    return rows


@lru_cache(maxsize=1)
def _outputs() -> pd.DataFrame:
    rows = [r for p in data_files(RAW_DIR, "output_queries_*.json.xz") for r in _runs_of(p)]
    out = pd.DataFrame(rows)
    for col in ("output_tokens", "reported_reasoning_tokens"):
        out[col] = pd.array(out[col].astype("Float64").round(), dtype="Int64")
    return out


@lru_cache(maxsize=1)
def _gradings() -> pd.DataFrame:
    rows = []
    merged: dict[tuple[str, str], int] = {}
    for path in data_files(RAW_DIR, "detailed_evaluations_*.json.xz"):
        doc = load_json_file(path)
        for prompt, by_model in doc.items():
            for model, verdicts in by_model.items():
                for k, v in enumerate(verdicts):
                    where = f"{prompt}/{model}[{k}]"
                    crit = v.get("criteria_results")
                    if not isinstance(crit, list) or len(crit) != 1 or "met" not in crit[0]:
                        raise _bad(path, where, "criteria_results", "expected exactly one criterion with 'met'")
                    stats = v.get("statistics") or {}
                    merged[(prompt, model)] = merged.get((prompt, model), 0) + 1
                    rows.append({
                        "eval_file": path.name, "eval_position": k, "study_run": merged[(prompt, model)],
                        "item_id": prompt, "model": model, "answer_text": v.get("original_response"),
                        "output_tokens": stats.get("tokens_completions"),
                        "reported_reasoning_tokens": stats.get("tokens_reasoning"),
                        "thinking_chars": stats.get("character_count_reasoning"),
                        "correct": 1.0 if crit[0]["met"] else 0.0,
                        "criterion": crit[0].get("criterion"), "grader_feedback": v.get("feedback"),
                    })
    out = pd.DataFrame(rows)
    for col in ("output_tokens", "reported_reasoning_tokens", "thinking_chars"):
        out[col] = pd.array(out[col].astype("Float64").round(), dtype="Int64")
    return out


def _match_key(df: pd.DataFrame, chars: pd.Series) -> pd.Series:
    parts = [df["item_id"], df["model"], df["answer_text"], df["output_tokens"], df["reported_reasoning_tokens"], chars]
    return pd.Series(["\x1f".join(map(str, t)) for t in zip(*[p.astype(object).where(p.notna(), None) for p in parts])], index=df.index)


@lru_cache(maxsize=1)
def _paired() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(runs paired with their verdicts, runs left out with a reason)."""
    runs = _outputs().copy()
    grades = _gradings().copy()
    prompts = {p["prompt_id"]: p for p in load_json_file(data_path(PROMPTS))["prompts"]}
    think_chars = runs["thinking_text"].str.len().fillna(0).astype("int64")
    runs["_key"] = _match_key(runs, think_chars)
    grades["_key"] = _match_key(grades, grades["thinking_chars"].fillna(0).astype("int64"))
    runs["_rank"] = runs.groupby("_key").cumcount()
    grades["_rank"] = grades.groupby("_key").cumcount()
    gcols = ["_key", "_rank", "eval_file", "eval_position", "study_run", "correct", "criterion", "grader_feedback"]
    both = runs.merge(grades[gcols], on=["_key", "_rank"], how="left", validate="one_to_one")
    # identical runs paired in order: their verdicts must agree, or the pairing would matter
    same = grades.groupby("_key")["correct"].nunique()
    clash = same[same > 1]
    if len(clash):
        raise DataError(Problem(str(data_path(RAW_DIR)), None, "correct",
                                f"identical runs graded differently ({len(clash)} groups): pairing is ambiguous"))
    both["identical_runs"] = both.groupby("_key")["_key"].transform("size").astype("int64")
    reason = np.select(
        [both["answer_text"].isna(), ~both["item_id"].isin(list(prompts)), both["correct"].isna()],
        ["no_output", "prompt_not_in_evalset", "not_graded"], default="")
    left = both[reason != ""].copy()
    left["left_out"] = reason[reason != ""]
    left["reason"] = left["left_out"].map(LEFT_OUT_REASONS)
    kept = both[reason == ""].drop(columns=["_key", "_rank"]).reset_index(drop=True)
    kept["task_type"] = kept["item_id"].map(lambda p: prompts[p]["type"])
    kept["category"] = kept["item_id"].map(lambda p: prompts[p]["category"])
    kept["title"] = kept["item_id"].map(lambda p: prompts[p]["title"])
    cols = ["model", "item_id", "raw_file", "raw_result", "raw_run", "output_tokens", "finish_reason", "left_out", "reason"]
    return kept, left[cols].reset_index(drop=True)


def _raw_texts() -> pd.DataFrame:
    """``file, item_id, text``: every thinking and answer text (what build counts); ``item_id``
    is '<result>/<run>/<thinking|answer>' within the output file."""
    runs = _outputs()
    frames = []
    for part in ("thinking", "answer"):
        has = runs[f"{part}_text"].notna()
        sub = runs[has]
        frames.append(pd.DataFrame({
            "file": sub["raw_file"],
            "item_id": sub["raw_result"].astype(str) + "/" + sub["raw_run"].astype(str) + "/" + part,
            "text": sub[f"{part}_text"],
        }))
    return pd.concat(frames, ignore_index=True)


def _counts(table: pd.DataFrame) -> pd.DataFrame:
    """cl100k counts of ``thinking_text`` and ``answer_text`` from the derived file, checked
    against the texts' lengths (a changed text is caught, not silently miscounted)."""
    path = data_path(DERIVED)
    counts = pd.read_csv(path, dtype={"file": "string", "item_id": "string"})
    lookup = counts.set_index(["file", "item_id"])
    out = {}
    for part in ("thinking", "answer"):
        text = table[f"{part}_text"]
        key = pd.MultiIndex.from_arrays([table["raw_file"].astype(str),
                                         table["raw_result"].astype(str) + "/" + table["raw_run"].astype(str) + "/" + part])
        got = lookup.reindex(key)
        has = text.notna().to_numpy(bool)
        missing = has & got["output_tokens"].isna().to_numpy(bool)
        stale = has & ~missing & (got["text_chars"].to_numpy(float) != text.str.len().to_numpy(float, na_value=np.nan))
        if (missing | stale).any():
            i = int(np.flatnonzero(missing | stale)[0])
            raise DataError(Problem(str(path), None, "output_tokens",
                                    f"{(missing | stale).sum()} {part} texts have no or a stale count (first: "
                                    f"{key[i]}); rerun python -m analysis.datasets.build"))
        out[f"{part}_tokens_cl100k"] = pd.array(np.where(has, got["output_tokens"].to_numpy(float, na_value=0), 0).astype(np.int64), dtype="Int64")
    return pd.DataFrame(out, index=table.index)


def _gold(criterion: str) -> str | None:
    m = _NUMBER_CRITERION.match(criterion or "")
    return m.group(1) if m else None


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    kept, _ = _paired()
    out = kept.copy()
    out["setting"] = "default"
    out["benchmark"] = "token_economy:" + out["task_type"].str.lower()
    out = out.sort_values(["model", "item_id", "raw_file", "raw_result", "raw_run"], kind="stable").reset_index(drop=True)
    out["sample"] = out.groupby(["model", "item_id"]).cumcount() + 1
    rep = out["reported_reasoning_tokens"]
    over = (rep > out["output_tokens"]).fillna(False).to_numpy(bool)
    has_think = out["thinking_text"].fillna("").str.len().gt(0).to_numpy(bool)
    flag = np.select(
        [rep.isna().to_numpy(bool), over, (rep == 0).fillna(False).to_numpy(bool) & has_think],
        ["not_reported", "exceeds_completion", "zero_with_thinking_text"], default="")
    out["reasoning_flag"] = pd.Series(flag, index=out.index, dtype="string").replace("", pd.NA)
    out["reasoning_tokens"] = rep.where(~over)
    out["token_source"] = "reported"
    out = pd.concat([out, _counts(out)], axis=1)
    out["truncated"] = out["finish_reason"].eq("length").fillna(False).astype(bool)
    out["gold"] = pd.array([_gold(c) for c in out["criterion"]], dtype="string")
    stats = pd.read_csv(data_path(STATS), usecols=["model_name", "open_weights"]).drop_duplicates("model_name")
    out["open_weights"] = out["model"].map(stats.set_index("model_name")["open_weights"]).astype("boolean")
    cols = ["model", "setting", "benchmark", "item_id", "sample", "correct", "output_tokens", "reasoning_tokens",
            "token_source", "thinking_text", "answer_text", "thinking_tokens_cl100k", "answer_tokens_cl100k",
            "reported_reasoning_tokens", "reasoning_flag", "truncated", "finish_reason", "provider", "category",
            "task_type", "title", "criterion", "gold", "grader_feedback", "open_weights", "study_run",
            "identical_runs", "raw_file", "raw_result", "raw_run", "eval_file", "eval_position"]
    for col in ("study_run", "eval_position"):
        out[col] = out[col].astype("int64")
    return validate_responses(out[cols], source=f"data/{RAW_DIR}")


def lrm_token_economy_traces() -> pd.DataFrame:
    """Every graded run of the LRM Token Economy study with its text: a validated Responses table.

    Rows: 2,174 runs of 27 models (28 in the output files; o4-mini-streaming has no grading and
    is left out) on the study's 19 prompts, ``sample`` 1..5 per model x prompt (10 for
    magistral-small-2506 on AIME2025I_P2_modified: two result files). Six models
    (magistral-medium-2506-thinking, qwen3-235b-a22b-think, qwen3-30b-a3b-think, glm-z1-32b,
    deepseek-r1, deepseek-r1-0528) have 6 prompts only: their other runs were in
    output_queries_batch2.json, which is missing from the published snapshot (its grading is
    present, so :func:`analysis.lrm_token_economy` has them, without text).

    Text: ``thinking_text`` (the reasoning text the provider returned: full, a summary or a
    placeholder, see :func:`analysis.billed_vs_visible_thinking`; '' where it returned an empty
    string, NA where none at all, e.g. o1-mini, o3-mini-high), ``answer_text`` (the answer).
    Tokens: ``output_tokens`` = billed completion tokens (``tokens_completion``), and
    ``reasoning_tokens`` = billed reasoning tokens (``completion_tokens_details.reasoning_tokens``),
    both as reported (``token_source`` 'reported'); where the reported reasoning exceeds the
    completion (minimax-m1 and others) ``reasoning_tokens`` is NA and the value is kept in
    ``reported_reasoning_tokens``; ``reasoning_flag`` says 'exceeds_completion', 'not_reported'
    (DeepHermes-3) or 'zero_with_thinking_text' (nemotron: 0 although thinking is returned).
    ``thinking_tokens_cl100k`` / ``answer_tokens_cl100k``: the texts counted with cl100k_base
    (0 where there is no text), shipped in data/derived/ by ``python -m analysis.datasets.build``:
    NOT the models' own tokenizers.

    Grade: ``correct`` = the study's grader verdict (1 criterion per prompt, ``criterion``,
    ``grader_feedback``). ``gold``: the number in the criterion where it is "Answer is <number>"
    (the AIME items, 1+1, train distance, leap-year days), else NA. ``truncated``:
    ``finish_reason`` is 'length'. Provenance: ``raw_file``/``raw_result``/``raw_run`` (the run in
    the output file), ``eval_file``/``eval_position`` (its verdict), ``study_run`` (the
    ``run_number`` of the same run in evaluation_stats.csv), ``identical_runs`` (how many runs
    share its text and counts). ``open_weights`` from evaluation_stats.csv (NA for the 4 graded
    models the study's table omits: gpt-oss-120b, gpt-oss-20b, grok-3-mini-beta, claude-opus-4.1).
    Runs not here, with why: :func:`lrm_token_economy_traces_left_out`.
    """
    return _table().copy()


def lrm_token_economy_traces_left_out() -> pd.DataFrame:
    """Runs of the output files that :func:`lrm_token_economy_traces` leaves out, one row each:
    ``model, item_id, raw_file, raw_result, raw_run, output_tokens, finish_reason, left_out,
    reason`` (see ``LEFT_OUT_REASONS``): 181 runs: 95 o4-mini-streaming runs and one
    grok-4-07-09 run (bridge_torch_default) not graded, 7 failed queries (magistral-small-2506 2,
    minimax-m1 3, qwen3-235b-a22b-thinking-2507 2), and 78 runs of two prompts absent from the
    study's prompt set ('Probability of G', 'Sawtooth and parabola'; 8 models)."""
    return _paired()[1].copy()
