"""SkyThought raw outputs: AIME 2024 and AMC 2023, one greedy sample per item, with the text.

Source: github.com/NovaSky-AI/SkyThought, path skythought/Qwen2.5-Math/evaluation/outputs,
commit 6840eb7df638ab178d20122099286db08e376851 (Apache-2.0). These are the evaluation logs of
Li et al. 2025, "LLMs Can Easily Learn to Reason from Demonstrations: Structure, not content,
is what matters!" (arXiv 2502.07374): Sky-T1 models fine-tuned on long chains of thought,
some with deliberately corrupted training data, next to short-answer instruct/base models.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from ..schema import validate_responses
from ._counted import TOKEN_SOURCE, attach_counts
from ._files import data_files, records, single

RAW_DIR = "skythought"
DERIVED = "derived/skythought_token_counts.csv"
_SKY = re.compile(r"^Sky-T1-math-(?P<variant>.+?)-(?P<size>\d+B)(?P<suffix>-.+)?$")
_FIELDS = ("idx", "question", "gt", "code", "pred", "score")


def _name_parts(stem: str) -> tuple[str, str, str, str, str]:
    """file stem -> (checkpoint, model, setting, family, benchmark)."""
    parts = stem.split("__")
    benchmark = parts[-1]
    checkpoint = "/".join(parts[:-2])
    match = _SKY.match(checkpoint)
    if match:
        setting = match["variant"] + (match["suffix"] or "")
        return checkpoint, f"Sky-T1-{match['size']}", setting, "Sky-T1 (long CoT fine-tune)", benchmark
    return checkpoint, checkpoint, "default", "baseline (short answers)", benchmark


@lru_cache(maxsize=1)
def _records() -> pd.DataFrame:
    rows = []
    for path in data_files(RAW_DIR, "*.jsonl.xz"):
        stem = path.name[: -len(".jsonl.xz")]
        checkpoint, model, setting, family, benchmark = _name_parts(stem)
        for line, rec in records(path, _FIELDS):
            pred = single(rec, "pred", path, line)
            rows.append({
                "file": path.name,
                "model": model,
                "setting": setting,
                "benchmark": benchmark,
                "item_id": str(rec["idx"]),
                "sample": 0,
                "correct": bool(single(rec, "score", path, line)),
                "text": single(rec, "code", path, line),
                "gt": str(rec["gt"]),
                "pred": None if pred is None else str(pred),
                "question": rec["question"],
                "checkpoint": checkpoint,
                "family": family,
                "line": line,
            })
    return pd.DataFrame(rows)


def _raw_texts() -> pd.DataFrame:
    """``file, item_id, text`` of every output (what build counts)."""
    return _records()[["file", "item_id", "text"]]


def skythought_outputs() -> pd.DataFrame:
    """SkyThought evaluation outputs as a validated Responses table, text included.

    Rows: 15 checkpoints x (30 AIME 2024 + 40 AMC 2023 items), one greedy sample each; the
    Sky-T1-math-corrupt-0.7-32B checkpoint has AMC 2023 only: 1,020 rows in all.

    Columns beyond Responses: ``text`` (the full generated text), ``gt`` (gold answer), ``pred``
    (the answer SkyThought's grader extracted), ``question``, ``checkpoint`` (model name as the
    source gives it), ``family`` ('baseline (short answers)' or 'Sky-T1 (long CoT fine-tune)'),
    ``file`` and ``line`` (where the row comes from).

    Naming: the four baselines keep their Hugging Face id as ``model`` with setting 'default'.
    Sky-T1 checkpoints become ``model`` 'Sky-T1-<size>' and ``setting`` the training variant
    from the checkpoint name ('correct-5K', 'wrong-5K', 'corrupt-0.2', 'reflection-1.0',
    'correct-5K-short-ckpts', ...), so the settings of one size compare directly.

    Tokens: ``output_tokens`` counted from ``text`` with cl100k_base (``token_source``
    'counted:cl100k_base'), NOT the models' own tokenizers (Qwen, Gemma, Llama), so counts are
    comparable across models but not what the models generated; shipped in
    data/derived/skythought_token_counts.csv by ``python -m analysis.datasets.build``.
    ``correct`` is SkyThought's own ``score``. Licence Apache-2.0 (see data/README.md).
    Caveats: one sample per item (no sampling spread); several Sky-T1 outputs run into long
    repetitive loops; Llama-3.1-8B is a base model and scores 0 on both benchmarks.
    """
    rec = _records()
    out = rec.copy()
    out["output_tokens"] = attach_counts(rec, DERIVED)
    out["token_source"] = TOKEN_SOURCE
    return validate_responses(out, source=f"data/{RAW_DIR}")
