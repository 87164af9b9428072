"""Aider polyglot coding benchmark (225 exercises): pass rate against completion tokens.

Source: github.com/Aider-AI/aider, aider/website/_data/polyglot_leaderboard.yml, commit
5dc9490bb35f9729ef2c95d00a19ccd30c26339c (Apache-2.0), converted from YAML to JSON unchanged.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..schema import validate_points
from ..readers.files import load_json_file
from ._files import data_path, split_setting

RAW = "aider/polyglot_leaderboard.json"
SOURCE = "Aider polyglot leaderboard, github.com/Aider-AI/aider polyglot_leaderboard.yml @ 5dc9490"


@lru_cache(maxsize=1)
def _entries() -> pd.DataFrame:
    return pd.DataFrame(load_json_file(data_path(RAW)))


def aider_polyglot() -> pd.DataFrame:
    """Aider polyglot entries that report token counts, as a validated Points table (23 rows).

    ``model`` / ``setting``: the leaderboard name split at its trailing bracket ('gpt-5 (high)'
    -> 'gpt-5' / 'high'; 'claude-opus-4-20250514 (32k thinking)' -> '32k thinking'); a name
    without one gets 'default' (e.g. 'o3' at the API's default effort). The original name is
    ``entry``; the leaderboard's own ``reasoning_effort`` and ``thinking_tokens`` fields are kept.

    ``accuracy`` = ``pass_rate_2`` / 100: share of the exercises solved within aider's two tries
    (the second try sees the failing tests). ``n_items`` = ``n_samples`` = ``test_cases`` (225,
    224 for two entries). ``mean_tokens`` = ``completion_tokens`` / ``test_cases``: the
    completion (output) tokens of the whole run per exercise, both tries and any thinking the
    provider bills as output included, as counted by aider from the provider's usage
    (``token_kind`` 'total'). ``mean_prompt_tokens`` likewise for prompt tokens. ``cost_usd`` =
    ``total_cost`` / ``test_cases``, NA where the leaderboard gives a total cost of 0 (not
    recorded; 'Qwen3 235B A22B ... Alibaba API'). Only entries with token counts (23 of 69) are
    kept; the others have no ``completion_tokens``. ``confidence`` 'A' (the project's own data).
    Licence Apache-2.0 (data/README.md).
    """
    raw = _entries()
    has = raw[raw["completion_tokens"].notna()].reset_index(drop=True)
    split = has["model"].map(split_setting)
    cases = has["test_cases"].astype(float)
    total_cost = has["total_cost"].astype(float)
    out = pd.DataFrame({
        "model": split.str[0],
        "setting": split.str[1],
        "benchmark": "aider_polyglot",
        "n_items": has["test_cases"],
        "n_samples": has["test_cases"],
        "accuracy": has["pass_rate_2"] / 100.0,
        "mean_tokens": has["completion_tokens"] / cases,
        "cost_usd": np.where(total_cost > 0, total_cost / cases, np.nan),
        "source": SOURCE,
        "confidence": "A",
        "token_kind": "total",
        "entry": has["model"],
        "reasoning_effort": has["reasoning_effort"],
        "thinking_tokens": has["thinking_tokens"],
        "edit_format": has["edit_format"],
        "pass_rate_1": has["pass_rate_1"] / 100.0,
        "mean_prompt_tokens": has["prompt_tokens"] / cases,
        "completion_tokens": has["completion_tokens"],
        "prompt_tokens": has["prompt_tokens"],
        "total_cost": total_cost,
        "seconds_per_case": has["seconds_per_case"],
        "date": has["date"],
    })
    return validate_points(out, source=str(data_path(RAW)))
