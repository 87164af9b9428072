"""The bundled traces with their first correct answer located: the overthinking figures' input.

A table made from bundled data lives with the data (``analysis.datasets``), so that no measure
module imports bundled files; the measure itself is :func:`analysis.first_correct_offset`.
"""

from __future__ import annotations

import pandas as pd

from ..measures.overthinking import first_correct_offset
from .deepscaler import deepscaler_budget_sweep
from .skythought import skythought_outputs


def bundled_first_correct(*, encoding: str = "cl100k_base") -> pd.DataFrame:
    """:func:`first_correct_offset` on the bundled traces: SkyThought and the DeepScaleR sweep.

    One row per response of :func:`analysis.skythought_outputs` (``dataset`` 'skythought')
    and :func:`analysis.deepscaler_budget_sweep` (``dataset`` 'deepscaler'), gold column ``gt``,
    with the offset columns. Feed it to ``outcome_efficiency(..., by=("dataset", "model",
    "setting"))`` for the overthinking-share-per-model figure.
    """
    cols = ["model", "setting", "benchmark", "item_id", "sample", "correct", "output_tokens",
            "token_source", "text", "gt"]
    sky = skythought_outputs()[cols + ["family"]].assign(dataset="skythought")
    ds = deepscaler_budget_sweep()[cols + ["max_tokens"]].assign(dataset="deepscaler", family="DeepScaleR (RL)")
    both = pd.concat([sky, ds], ignore_index=True)
    return first_correct_offset(both, gold_col="gt", encoding=encoding)
