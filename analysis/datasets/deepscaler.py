"""DeepScaleR-1.5B-Preview on AIME 2024 under seven generation caps: accuracy against budget.

Source: github.com/bkubwimana/tegra_monitor, eval/sweep_results/sweep_tokens_<cap>/
agentica-org/DeepScaleR-1.5B-Preview/aime/, commit b9d0fcb624b138983497772f3dc9a0d95c6f75f7 (MIT).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from ..errors import DataError, Problem
from ..schema import validate_responses
from ..measures.truncation import mark_truncated
from ._counted import TOKEN_SOURCE, attach_counts
from ._files import data_files, records, single

RAW_DIR = "deepscaler_budget_sweep"
DERIVED = "derived/deepscaler_token_counts.csv"
MODEL = "agentica-org/DeepScaleR-1.5B-Preview"
#: counts within this fraction of the cap (in cl100k tokens) may have been cut at the cap
TRUNCATION_TOLERANCE = 0.2
_CAP = re.compile(r"^(\d+)t_")
_FIELDS = ("id", "question", "generated_responses", "generated_answers", "gold_answer", "is_correct")


@lru_cache(maxsize=1)
def _records() -> pd.DataFrame:
    rows = []
    for path in data_files(RAW_DIR, "*.jsonl.xz"):
        match = _CAP.match(path.name)
        if not match:
            raise DataError(Problem(str(path), None, None, "file name does not start with '<cap>t_'"))
        cap = int(match[1])
        for line, rec in records(path, _FIELDS):
            pred = single(rec, "generated_answers", path, line)
            rows.append({
                "file": path.name,
                "model": MODEL,
                "setting": f"cap={cap}",
                "benchmark": "aime24",
                "item_id": str(rec["id"]),
                "sample": 0,
                "correct": bool(rec["is_correct"]),
                "text": single(rec, "generated_responses", path, line),
                "max_tokens": cap,
                "gt": str(rec["gold_answer"]),
                "pred": None if pred is None else str(pred),
                "question": rec["question"],
                "line": line,
            })
    return pd.DataFrame(rows).sort_values(["max_tokens", "line"], kind="stable").reset_index(drop=True)


def _raw_texts() -> pd.DataFrame:
    return _records()[["file", "item_id", "text"]]


def deepscaler_budget_sweep() -> pd.DataFrame:
    """DeepScaleR-1.5B-Preview, 30 AIME 2024 problems x 7 caps, as a validated Responses table.

    ``setting`` is the cap ('cap=128' ... 'cap=8192'), also kept as the number ``max_tokens``
    (the generation cap, in the model's own Qwen tokens). One sample per problem and cap
    (temperature 0.6, per the file names). Correct answers: 0, 0, 0, 0, 1, 7, 9 of 30 from cap
    128 to 8192: a real accuracy-versus-budget curve. Extra columns: ``text`` (the generated
    text, cut at the cap), ``gt`` (gold answer), ``pred`` (extracted answer, '' when none),
    ``question``, ``file``, ``line``.

    Tokens: ``output_tokens`` counted from the text with cl100k_base ('counted:cl100k_base'),
    shipped in data/derived/deepscaler_token_counts.csv. Caveat: the cap was applied in the
    model's own tokenizer, so a text cut at the cap counts somewhat differently in cl100k_base
    (it can exceed ``max_tokens``); use ``max_tokens`` for "was it cut", the counts for spend.

    ``truncated``: the text stopped at the cap. Decided from the text, because the counts are
    in another tokenizer than the cap: True when the cl100k count is at least 80% of the cap
    AND the text does not end with a closed ``\\boxed{...}`` (plus at most 100 characters);
    see :func:`analysis.mark_truncated`. By cap (128 ... 8192): 30, 30, 30, 30, 29, 26, 15 of
    30 cut. Plain ``output_tokens >= max_tokens`` would find 11, 6, 4, 1, 1, 2, 1: wrong.
    Licence MIT (see data/README.md).
    """
    rec = _records()
    out = rec.copy()
    out["output_tokens"] = attach_counts(rec, DERIVED)
    out["token_source"] = TOKEN_SOURCE
    # Truncation from the text: cl100k counts of a text cut at a Qwen-token cap are only near
    # the cap (84% to 101% of it for the cut texts), so ``>=`` alone misses most cuts.
    out = mark_truncated(out, tolerance=TRUNCATION_TOLERANCE, text_col="text")
    return validate_responses(out, source=f"data/{RAW_DIR}")
