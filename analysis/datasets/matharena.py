"""MathArena, AIME 2025 I (February 2025): 16 models, 4 samples per problem, from the site tables.

Source: github.com/eth-sri/matharena.ai, commit 8fdd9aba6ddc5faf354790bf895e0e47a1b450af
(MIT); the site's JavaScript tables converted to JSON with values unchanged.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..errors import DataError, Problem
from ..schema import validate_points
from ..readers.files import load_json_file
from ._files import data_path, split_setting

RAW = "matharena/aime_2025_I_feb2025_site_tables.json"
SOURCE = "MathArena AIME 2025 I site tables, github.com/eth-sri/matharena.ai @ 8fdd9ab"
N_PROBLEMS = 15
N_SAMPLES = 4  # runs per problem and model


def _number(value: object) -> float:
    """A table cell as a float; 'N/A' and '$0.00*' (not known) become NaN."""
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else np.nan


@lru_cache(maxsize=1)
def _tables() -> tuple[pd.DataFrame, dict[str, dict[str, object]]]:
    path = data_path(RAW)
    raw = load_json_file(path)
    for key in ("per_problem_accuracy_pct_and_cost", "per_model_tokens_and_prices"):
        if key not in raw:
            raise DataError(Problem(str(path), None, key, "missing table"))
    rows, summary = [], {}
    for row in raw["per_problem_accuracy_pct_and_cost"]:
        q = row.get("question")
        if isinstance(q, int):
            rows.extend({"entry": m, "problem": q, "accuracy_pct": v} for m, v in row.items() if m != "question")
        else:
            summary[str(q)] = row
    for row in raw["per_model_tokens_and_prices"]:
        summary[str(row.get("question"))] = row
    per_problem = pd.DataFrame(rows)
    bad = ~per_problem["accuracy_pct"].map(lambda v: isinstance(v, (int, float))).to_numpy(bool)
    if bad.any():
        r = per_problem[bad].iloc[0]
        raise DataError(Problem(str(path), f"question {r['problem']}", r["entry"], f"not a number: {r['accuracy_pct']!r}"))
    return per_problem, summary


def matharena_aime2025_per_problem() -> pd.DataFrame:
    """Per-problem accuracy of every MathArena model on AIME 2025 I: 16 models x 15 problems.

    Columns: ``model``, ``setting`` (split from the site's name, e.g. 'o3-mini (high)' ->
    'o3-mini' / 'high'), ``entry`` (the site's name), ``problem`` (1-15), ``accuracy`` (fraction
    of the 4 samples that were right: 0, 0.25, 0.5, 0.75 or 1), ``n_samples`` (4). Not a
    Responses table: the site gives no per-sample results or per-problem tokens.
    """
    per_problem, _ = _tables()
    out = per_problem.copy()
    split = out["entry"].map(split_setting)
    out.insert(0, "model", split.str[0].astype("string"))
    out.insert(1, "setting", split.str[1].astype("string"))
    out["accuracy"] = out.pop("accuracy_pct") / 100.0
    out["n_samples"] = N_SAMPLES
    return out


def matharena_aime2025() -> pd.DataFrame:
    """MathArena AIME 2025 I as a validated Points table: 15 models (one left out, see below).

    ``accuracy`` = the site's 'Avg' row / 100 (mean over the 15 problems of the share of 4
    samples right); ``n_items`` 15, ``n_samples`` 60. ``mean_tokens`` = the site's 'Output
    Tokens': mean output tokens per answer as billed by each provider (reasoning included where
    billed as output, in each provider's own tokenizer; ``token_kind`` 'total').
    ``mean_input_tokens`` the same for the prompt. ``cost_usd`` = the site's 'Cost' (dollars for
    all 60 answers) / 60, per answer; ``cost_total_usd`` the site's value; ``price_input`` /
    ``price_output`` in $ per million tokens. ``confidence`` 'A' (primary data of the site).
    Per-problem detail: :func:`matharena_aime2025_per_problem`.

    Left out: gemini-2.0-flash-thinking, whose tokens and cost are 'N/A' on the site (a Points
    row needs mean_tokens); its per-problem accuracy is in the per-problem table.
    DeepSeek-R1-Distill-Qwen-32B's cost is '$0.00*' on the site (not known): NA here.
    Licence MIT (data/README.md).
    """
    per_problem, summary = _tables()
    entries = list(dict.fromkeys(per_problem["entry"]))
    row = lambda key: pd.Series({e: _number(summary[key].get(e)) for e in entries})  # noqa: E731
    split = pd.Series(entries).map(split_setting)
    out = pd.DataFrame({
        "model": split.str[0].to_numpy(),
        "setting": split.str[1].to_numpy(),
        "benchmark": "aime25_I",
        "n_items": N_PROBLEMS,
        "n_samples": N_PROBLEMS * N_SAMPLES,
        "accuracy": row("Avg").to_numpy() / 100.0,
        "mean_tokens": row("Output Tokens").to_numpy(),
        "cost_usd": row("Cost").to_numpy() / (N_PROBLEMS * N_SAMPLES),
        "source": SOURCE,
        "confidence": "A",
        "token_kind": "total",
        "entry": entries,
        "mean_input_tokens": row("Input Tokens").to_numpy(),
        "cost_total_usd": row("Cost").to_numpy(),
        "price_input": row("Input Cost").to_numpy(),
        "price_output": row("Output Cost").to_numpy(),
    })
    out = out[out["mean_tokens"].notna()].reset_index(drop=True)
    return validate_points(out, source=str(data_path(RAW)))
