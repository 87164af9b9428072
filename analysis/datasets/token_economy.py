"""The LRM Token Economy study: 23 reasoning models x 19 prompts x 5 runs, billed tokens.

Source: github.com/cpldcpu/LRMTokenEconomy (Nous Research, "Measuring Thinking Efficiency in
Reasoning Models"), commit d5cc353cf1250b805f955504b807530248154e62, files evaluation_stats.csv,
model_prices.csv, TokenEconomyDataset_V1.json (Apache-2.0).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..schema import validate_responses
from ..measures.truncation import mark_truncated
from ._files import data_path

STATS = "lrm_token_economy/evaluation_stats.csv"
PRICES = "lrm_token_economy/model_prices.csv"

#: split_flag -> why the study's reasoning/answer split is not used for that row
SPLIT_REASONS = {
    "no_split": "the study gives no reasoning/answer split (tokens_reasoning and tokens_output empty)",
    "negative_answer_tokens": "tokens_output is negative: the reported reasoning tokens exceed the billed completion tokens",
    "fractional_char_estimate": "fractional split: the study estimates Claude's answer tokens as char_output / 3.1",
    "char_estimate": "Claude row whose char_output / 3.1 estimate happens to be whole; same heuristic as the fractional rows",
    "zero_reasoning_with_reasoning_text": "tokens_reasoning is 0 although the row has reasoning text (char_reasoning > 0)",
}


def _split_flags(stats: pd.DataFrame) -> pd.Series:
    """One reason per row (see SPLIT_REASONS), NA where the split is usable. Vectorised."""
    out_t = stats["tokens_output"].to_numpy(float)
    reas_t = stats["tokens_reasoning"].to_numpy(float)
    with np.errstate(invalid="ignore"):
        missing = np.isnan(out_t) | np.isnan(reas_t)
        negative = ~missing & ((out_t < 0) | (reas_t < 0))
        fractional = ~missing & ((out_t != np.round(out_t)) | (reas_t != np.round(reas_t)))
    claude = stats["model_name"].str.lower().str.contains("claude").to_numpy(bool)
    zero_with_text = ~missing & (reas_t == 0) & (stats["char_reasoning"].to_numpy() > 0)
    # np.select takes the first matching condition: the order is the priority of the reasons.
    flag = np.select(
        [missing, negative, fractional, claude, zero_with_text],
        ["no_split", "negative_answer_tokens", "fractional_char_estimate", "char_estimate",
         "zero_reasoning_with_reasoning_text"],
        default="",
    )
    return pd.Series(flag, index=stats.index, dtype="string").replace("", pd.NA)


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    stats_path = data_path(STATS)
    stats = pd.read_csv(stats_path)
    prices = pd.read_csv(data_path(PRICES))
    flag = _split_flags(stats)
    usable = flag.isna().to_numpy()
    price = stats[["model_name"]].merge(prices, on="model_name", how="left", validate="many_to_one")
    out = pd.DataFrame({
        "model": stats["model_name"],
        "setting": "default",
        "benchmark": "token_economy:" + stats["type"].str.lower(),
        "item_id": stats["prompt_id"],
        "sample": stats["run_number"],
        "correct": stats["success_rate"],
        "output_tokens": stats["tokens_completion"],
        "reasoning_tokens": stats["tokens_reasoning"].where(usable),
        "answer_tokens": stats["tokens_output"].where(usable),
        "token_source": "reported",
        "cost_usd": stats["tokens_completion"] * price["completion_avg"].to_numpy() / 1e6,
        "split_flag": flag,
        "study_reasoning_tokens": stats["tokens_reasoning"],
        "study_answer_tokens": stats["tokens_output"],
        "max_tokens": stats["max_tokens"],
        "category": stats["category"],
        "task_type": stats["type"],
        "title": stats["title"],
        "lab": stats["lab"],
        "open_weights": stats["open_weights"],
        "full_cot": stats["full_cot"],
        "run_number": stats["run_number"],
        "char_reasoning": stats["char_reasoning"],
        "char_output": stats["char_output"],
        "char_completion": stats["char_completion"],
        "price_completion_usd_per_m": price["completion_avg"].to_numpy(),
        "price_completion_min_usd_per_m": price["completion_min"].to_numpy(),
        "price_completion_max_usd_per_m": price["completion_max"].to_numpy(),
        "csv_line": np.arange(len(stats)) + 2,
    })
    out = mark_truncated(out)  # billed completion tokens >= the requested max_tokens
    return validate_responses(out, source=str(stats_path), lines=out["csv_line"].tolist())


def lrm_token_economy() -> pd.DataFrame:
    """The LRM Token Economy study as a validated Responses table: 2,178 rows.

    One row per model x prompt x run (``sample`` = the study's ``run_number``, 1-based).
    ``benchmark`` is 'token_economy:' + the study's task type ('math', 'knowledge',
    'logic puzzle'); ``item_id`` its ``prompt_id``; ``correct`` its ``success_rate`` (0/1: each
    prompt has one criterion, judged by the study's LLM grader). ``category`` (AIME2023,
    AIME2025mod, Misguided Attention, ...), ``task_type``, ``title``, ``lab``,
    ``open_weights`` and ``full_cot`` (whether the provider returns the full reasoning text)
    are kept, as is ``max_tokens`` (the generation cap the study requested, in tokens).

    Tokens: ``output_tokens`` = ``tokens_completion``, the billed completion tokens (reasoning +
    answer), the reliable column. ``reasoning_tokens`` / ``answer_tokens`` are the study's split
    (``tokens_reasoning`` / ``tokens_output``) only where it is possible; elsewhere they are NA,
    ``split_flag`` says why (see :func:`lrm_split_problems`) and the raw split is kept unchanged
    in ``study_reasoning_tokens`` / ``study_answer_tokens``. Nothing is dropped or fixed.
    ``truncated``: ``output_tokens >= max_tokens`` (both the provider's billed count and the
    requested cap, so the comparison is exact; :func:`analysis.mark_truncated`): 2 rows, both
    magistral-small-2506 at 30,000 tokens, both wrong.

    Cost: ``cost_usd`` = ``tokens_completion`` x the model's average completion price over its
    OpenRouter providers (model_prices.csv ``completion_avg``, $ per million tokens) / 1e6. The
    study records no prompt tokens, so input cost is not included (its prompts are short). The
    min/max provider prices are kept; glm-z1-32b has no price row, so its cost is NA.

    Caveats: magistral-small-2506 has 10 runs of AIME2025I_P2_modified (two result files were
    merged by the study; the runs differ, so none is a duplicate) and 7 model x prompt pairs
    have fewer than 5 runs (12 runs missing in all). Licence Apache-2.0 (data/README.md).
    """
    return _table().copy()


def lrm_split_problems() -> pd.DataFrame:
    """The rows of :func:`lrm_token_economy` whose reasoning/answer split is unusable, with why.

    Columns: ``model, item_id, sample, output_tokens, study_reasoning_tokens,
    study_answer_tokens, char_reasoning, char_output, split_flag, reason, csv_line`` (the
    line of evaluation_stats.csv). Counts by flag: negative_answer_tokens 204 (11 models, all
    of minimax-m1's 92 rows among them), fractional_char_estimate 277 and char_estimate 8 (all
    285 Claude rows), no_split 95 (DeepHermes-3-Mistral-24B-Pre),
    zero_reasoning_with_reasoning_text 96 (94 llama-3.3-nemotron-super-49b-v1 rows, 2 o4-mini).
    """
    table = _table()
    bad = table[table["split_flag"].notna()]
    cols = ["model", "item_id", "sample", "output_tokens", "study_reasoning_tokens",
            "study_answer_tokens", "char_reasoning", "char_output", "split_flag"]
    out = bad[cols].copy()
    out["reason"] = out["split_flag"].map(SPLIT_REASONS).astype("string")
    out["csv_line"] = bad["csv_line"]
    return out.reset_index(drop=True)
