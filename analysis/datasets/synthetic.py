"""SYNTHETIC Responses for illustrating methods that no bundled real data supports.

Majority vote needs each sample's extracted answer; none of the bundled datasets with several
samples per item has them (synthetic data is named synthetic wherever it appears).
Everything this module returns says so in ``model``, ``benchmark`` and ``token_source``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def synthetic_votes(
    *,
    n_items: int = 200,
    n_samples: int = 16,
    models: dict[str, tuple[float, float]] | None = None,
    n_distractors: int = 3,
    seed: int = 0,
) -> pd.DataFrame:
    """A SYNTHETIC Responses table with an extracted ``answer`` per sample.

    ``models`` maps a name to (skill, mean output tokens). Item j has a difficulty d_j drawn
    uniformly from [-2, 2]; a sample of a model with skill s is right with probability
    logistic(s - d_j), gives the correct answer "A" when right and otherwise one of
    ``n_distractors`` wrong answers, the first of which is twice as likely as each of the
    others (a common mistake). Output tokens are lognormal around the model's mean (sigma 0.5)
    and longer on harder items. Seeded: the same arguments give the same table.

    Columns: model ('SYNTHETIC <name>'), setting, benchmark ('synthetic'), item_id, sample,
    correct (0/1), answer, output_tokens (Int64), token_source ('estimated:synthetic').
    """
    if models is None:
        models = {"short-chain": (0.3, 1_500.0), "long-chain": (1.2, 6_000.0)}
    if n_items < 1 or n_samples < 1 or n_distractors < 1:
        raise ValueError("n_items, n_samples and n_distractors must be >= 1")
    rng = np.random.default_rng(seed)
    difficulty = rng.uniform(-2, 2, n_items)
    frames = []
    weights = np.r_[2.0, np.ones(n_distractors - 1)]
    weights /= weights.sum()
    for name, (skill, mean_tokens) in models.items():
        p = 1 / (1 + np.exp(-(skill - difficulty)))
        right = rng.random((n_items, n_samples)) < p[:, None]
        wrong_answer = rng.choice(n_distractors, size=(n_items, n_samples), p=weights)
        answer = np.where(right, "A", np.char.add("W", wrong_answer.astype(str)))
        scale = mean_tokens * np.exp(0.25 * difficulty)[:, None]
        toks = rng.lognormal(np.log(scale) - 0.125, 0.5, (n_items, n_samples)).round().astype(np.int64)
        frames.append(pd.DataFrame({
            "model": f"SYNTHETIC {name}",
            "setting": "default",
            "benchmark": "synthetic",
            "item_id": np.repeat(np.arange(n_items), n_samples).astype(str),
            "sample": np.tile(np.arange(n_samples), n_items),
            "correct": right.ravel().astype(float),
            "answer": answer.ravel(),
            "output_tokens": pd.array(toks.ravel(), dtype="Int64"),
            "token_source": "estimated:synthetic",
        }))
    return pd.concat(frames, ignore_index=True)
