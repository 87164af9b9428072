"""Billed versus visible thinking: how much of the thinking a provider bills for is shown.

A provider bills every reasoning token but may return the full thinking, a summary of it, or
nothing. Before a trace-level measure (first correct answer, overthinking) is read as a claim
about a model's thinking, check here that the visible text IS the thinking: otherwise it
measures a summary, and the model's compression can only be judged on billed tokens.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .._groups import require_columns

__all__ = ["THINKING_CLASSES", "billed_vs_visible_thinking", "thinking_class_summary"]

#: class -> (lowest visible_share_implied, highest), half-open [low, high)
THINKING_CLASSES = {"hidden": (0.0, 0.03), "summarised": (0.03, 0.7), "full": (0.7, np.inf)}


def _ratio_ci(num: np.ndarray, den: np.ndarray, weights: np.ndarray, level: float) -> tuple[float, float]:
    """Percentile interval of sum(w * num) / sum(w * den) over bootstrap weight rows."""
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (weights @ num) / (weights @ den)
    r = r[np.isfinite(r)]
    if r.size == 0:
        return np.nan, np.nan
    a = (1 - level) / 2
    return float(np.quantile(r, a)), float(np.quantile(r, 1 - a))


def billed_vs_visible_thinking(
    responses: pd.DataFrame,
    *,
    by: Sequence[str] = ("model",),
    thinking_tokens: str = "thinking_tokens_cl100k",
    answer_tokens: str = "answer_tokens_cl100k",
    n_boot: int = 2000,
    level: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Per group: billed reasoning tokens, visible-thinking tokens, their ratio with a CI, a class.

    Input: one row per run with ``output_tokens`` (billed completion tokens),
    ``reasoning_tokens`` (billed reasoning tokens as reported; NA where not reported or
    unusable), and the counted tokens of the returned thinking and answer texts
    (``thinking_tokens`` / ``answer_tokens`` columns; :func:`analysis.lrm_token_economy_traces`
    ships cl100k_base counts). Tokens are summed over a group's runs.

    Columns: ``by...``, ``n_runs``, ``n_runs_reported`` (runs with a billed reasoning count),
    ``billed_completion_tokens``, ``billed_reasoning_tokens`` (sum over reported runs),
    ``visible_thinking_tokens``, ``visible_answer_tokens``, and three ratios of sums, each with
    ``_low`` / ``_high``:

    - ``visible_share`` = visible thinking / billed reasoning (reported runs only): the naive
      ratio. Where the provider derives ``reasoning_tokens`` from the text it returns (Claude
      4 via OpenRouter: about 1 although the thinking is summarised) or splits off too few
      tokens (open-weight models: 1.1-1.3), it misleads.
    - ``visible_share_implied`` = visible thinking / (billed completion - counted answer
      tokens): billed thinking inferred from the reliable billed total. This one classifies.
    - ``text_coverage`` = (visible thinking + answer) / billed completion: where everything
      generated is returned, this is the counting tokenizer's tokens per billed (own) token.

    ``thinking_class``: 'hidden' if ``visible_share_implied`` < 0.03 (nothing or a
    placeholder is returned), 'summarised' if 0.03 <= share < 0.7, 'full' if >= 0.7 (the
    visible text is the thinking, up to the tokenizer difference and a few special tokens);
    see ``THINKING_CLASSES``. ``class_certain``: the whole CI lies in that class's band.

    CI: percentile bootstrap over the group's runs (``n_boot`` resamples of runs with
    replacement, seeded; ``level`` 0.95), recomputing each ratio of sums. Runs of one prompt
    are correlated, so this interval is narrower than one that resamples prompts would be.
    """
    by = list(by)
    require_columns(responses, [*by, "output_tokens", "reasoning_tokens", thinking_tokens, answer_tokens],
                    "billed_vs_visible_thinking")
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level}")
    if n_boot < 1:
        raise ValueError("n_boot must be >= 1")
    df = responses[by].copy()
    df["_c"] = responses["output_tokens"].astype("Float64").to_numpy(float, na_value=np.nan)
    df["_r"] = responses["reasoning_tokens"].astype("Float64").to_numpy(float, na_value=np.nan)
    df["_t"] = responses[thinking_tokens].astype("Float64").to_numpy(float, na_value=0.0)
    df["_a"] = responses[answer_tokens].astype("Float64").to_numpy(float, na_value=0.0)
    rng = np.random.default_rng(seed)
    rows = []
    for key, g in df.groupby(by, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        n = len(g)
        c, r, t, a = (g[x].to_numpy() for x in ("_c", "_r", "_t", "_a"))
        rep = ~np.isnan(r)
        w = rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot).astype(float)
        row = dict(zip(by, key))
        row.update(n_runs=n, n_runs_reported=int(rep.sum()), billed_completion_tokens=np.nansum(c),
                   billed_reasoning_tokens=r[rep].sum() if rep.any() else np.nan,
                   visible_thinking_tokens=t.sum(), visible_answer_tokens=a.sum())
        ratios = {
            "visible_share": (np.where(rep, t, 0.0), np.where(rep, r, 0.0)),
            "visible_share_implied": (t, c - a),
            "text_coverage": (t + a, c),
        }
        for name, (num, den) in ratios.items():
            total = den.sum()
            row[name] = num.sum() / total if total > 0 else np.nan
            row[f"{name}_low"], row[f"{name}_high"] = _ratio_ci(num, den, w, level) if total > 0 else (np.nan, np.nan)
        rows.append(row)
    out = pd.DataFrame(rows)
    share = out["visible_share_implied"].to_numpy(float)
    low, high = out["visible_share_implied_low"].to_numpy(float), out["visible_share_implied_high"].to_numpy(float)
    cls = np.full(len(out), None, dtype=object)
    certain = np.zeros(len(out), bool)
    for name, (lo, hi) in THINKING_CLASSES.items():
        inside = (share >= lo) & (share < hi)
        cls[inside] = name
        certain[inside] = ((low >= lo) & (high < hi))[inside]
    out["thinking_class"] = pd.array(cls, dtype="string")
    out["class_certain"] = certain
    for col in ("n_runs", "n_runs_reported"):
        out[col] = out[col].astype("int64")
    return out


def _spread(values: pd.Series, prefix: str) -> dict[str, float]:
    v = pd.to_numeric(values, errors="coerce").dropna()
    return {f"{prefix}_median": float(v.median()) if len(v) else np.nan,
            f"{prefix}_min": float(v.min()) if len(v) else np.nan,
            f"{prefix}_max": float(v.max()) if len(v) else np.nan,
            f"n_{prefix}": len(v)}


def thinking_class_summary(billed: pd.DataFrame, *, name: str = "model") -> pd.DataFrame:
    """Which groups fall in each thinking class, and their ratios' spread.

    Takes :func:`billed_vs_visible_thinking` output. One row per class of ``THINKING_CLASSES``
    (in its order: hidden, summarised, full; a class with no group is kept, ``n_models`` 0), and
    an 'unclassified' row only where some group has no class (no billed thinking to compare):
    ``thinking_class``, ``n_models``, ``models`` (the ``name`` values, sorted, ", "-joined;
    'none' when empty), and median, min, max and count over the class's groups of
    ``visible_share`` (``visible_share_median`` ... ``n_visible_share``: groups with a reported
    reasoning count) and of ``text_coverage`` (``text_coverage_median`` ... ``n_text_coverage``),
    all fractions. Indexed by ``thinking_class`` for ``.loc['full']``."""
    what = "thinking_class_summary"
    require_columns(billed, [name, "thinking_class", "visible_share", "text_coverage"],
                    f"{what} (pass it the output of billed_vs_visible_thinking)")
    cls = billed["thinking_class"].astype(object).where(billed["thinking_class"].notna(), "unclassified")
    order = list(THINKING_CLASSES) + (["unclassified"] if (cls == "unclassified").any() else [])
    rows = []
    for c in order:  # one row per class (three or four), not per group
        part = billed[(cls == c).to_numpy(bool)]
        names = sorted(map(str, part[name]))
        row = {"thinking_class": c, "n_models": len(part), "models": ", ".join(names) if names else "none"}
        row.update(_spread(part["visible_share"], "visible_share"))
        row.update(_spread(part["text_coverage"], "text_coverage"))
        rows.append(row)
    return pd.DataFrame(rows).set_index("thinking_class")
