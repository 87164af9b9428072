"""A stand-in for "your own results file": the bundled LRM Token Economy study (real data),
written as a CSV in another tool's column names, so that the whole path from a foreign file
(reading, mapping columns, validating) can be shown and tried without a log of one's own."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from .token_economy import lrm_token_economy

#: the stand-in file's column names -> ours (what ``read_responses(columns=...)`` takes)
EXAMPLE_COLUMNS = {
    "model_name": "model",
    "task": "benchmark",
    "prompt_id": "item_id",
    "run_number": "sample",
    "success": "correct",
    "tokens_completion": "output_tokens",
    "max_tokens": "max_tokens",
    "usd": "cost_usd",
}


def example_log(folder: str | Path, *, models: Sequence[str] | None = None) -> tuple[Path, dict[str, str]]:
    """Write ``folder/example_results.csv`` (LRM Token Economy, optionally only ``models``) in
    foreign column names; return its path and the mapping to pass as ``columns=``."""
    df = lrm_token_economy()
    if models is not None:
        unknown = sorted(set(models) - set(df["model"]))
        if unknown:
            raise ValueError(f"not in LRM Token Economy: {unknown}; models there: {sorted(df['model'].unique())}")
        df = df[df["model"].isin(list(models))]
    ours_to_theirs = {ours: theirs for theirs, ours in EXAMPLE_COLUMNS.items()}
    out = df[list(ours_to_theirs)].rename(columns=ours_to_theirs)
    path = Path(folder) / "example_results.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(path, index=False)
    return path, {theirs: ours for theirs, ours in EXAMPLE_COLUMNS.items() if theirs != ours}
