"""Accuracy and tokens read from papers' tables and from Artificial Analysis, as Points.

Source: the project's transcription of papers' tables (data/published/ALL_TABLES_long.csv and
artificial_analysis_index_tokens.csv; how it was made: data/published/SOURCES.md); each row's paper, table and grade are in
:data:`SOURCES` and data/README.md. Numbers are the papers' own; nothing was digitised from
figures.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..errors import DataError, Problem
from ..schema import validate_points
from ._files import data_path

LONG = "published/ALL_TABLES_long.csv"
AA = "published/artificial_analysis_index_tokens.csv"

#: source_id -> (citation with table, confidence grade after the second read in data/published/SOURCES.md)
SOURCES: dict[str, tuple[str, str]] = {
    "lcr1_cheng2025": ("Cheng et al. 2025, LC-R1, arXiv:2506.14755, Table 2", "A"),
    "laser_liu2025": ("Liu et al. 2025, LASER, arXiv:2505.15612, Table 6", "A"),
    "lapo_wu2025": ("Wu et al. 2025, LAPO, arXiv:2507.15758, Table 1", "A"),
    "overthinking_chen2024": ("Chen et al. 2024, Do NOT Think That Much for 2+3=?, arXiv:2412.21187 v1, Tables 1-3 (third-party rendering)", "C"),
    "tale_han2024": ("Han et al. 2024, TALE, arXiv:2412.18547 v1, Tables 2-3", "A"),
    "effsurvey_feng2025_table1": ("Feng et al. 2025, Efficient Reasoning Models: A Survey, arXiv:2504.10903, Table 1", "C"),
    "hbpo_lyu2025_readme": ("Lyu et al. 2025, HBPO, github.com/zju-real/HBPO README @ e2134b9", "C"),
    "arora_zanette_2025_text": ("Arora & Zanette 2025, arXiv:2502.04463, section 5.3 text", "B"),
    "kimi_k15_2025": ("Kimi Team 2025, Kimi k1.5, arXiv:2501.12599, section 3.4 text", "B"),
    "s1_muennighoff2025": ("Muennighoff et al. 2025, s1, arXiv:2501.19393, section 3.2 text", "B"),
    "optimalthinkingbench_aggarwal2025_via_note": ("Aggarwal et al. 2025, OptimalThinkingBench, arXiv:2508.13141, via an AI-written paper note", "C"),
    "aa_via_wiegerwolf_aipricing": ("Artificial Analysis values as transcribed by github.com/WiegerWolf/ai-pricing src/data/llm-data.json", "C"),
    "aa_via_bestaifor_2026_02_20": ("M. Morel, bestaifor.com, 2026-02-20, quoting Artificial Analysis", "C"),
    "aa_index_news_apr2026": ("news articles of April 2026 quoting AA Intelligence Index v4.0", "C"),
}


def token_kind(raw: pd.Series, source_id: pd.Series) -> pd.Series:
    """Map the research files' free-text token kinds onto 'total' (thinking + answer, per
    answer), 'thinking' (thinking only, per answer), 'index_total' (total output tokens summed
    over a whole index, AA) or 'mixed' (a survey quoting papers that count differently)."""
    text = raw.astype("string").str.lower()
    kind = np.select(
        [source_id.str.startswith("aa_").to_numpy(bool),
         (text == "thinking").fillna(False).to_numpy(bool),
         (source_id == "effsurvey_feng2025_table1").to_numpy(bool),
         text.isna().to_numpy(bool)],
        ["index_total", "thinking", "mixed", ""],
        default="total",
    )
    return pd.Series(kind, index=raw.index, dtype="string").replace("", pd.NA)


def _to_points(raw: pd.DataFrame, *, file_col: pd.Series, first_line: int = 2) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(Points-shaped rows, left-out rows with a reason) from research-format rows."""
    sid = raw["source_id"].astype("string")
    unknown = sorted(set(sid) - set(SOURCES))
    if unknown:
        raise DataError(Problem(str(file_col.iloc[0]), None, "source_id", f"no citation/grade for {unknown}"))
    pts = pd.DataFrame({
        "model": raw["model"],
        "setting": raw["method_or_setting"].astype("string") + " [" + sid + "]",
        "benchmark": raw["benchmark"],
        "n_items": raw["n_items"],
        "accuracy": raw["accuracy_pct"] / 100.0,
        "mean_tokens": raw["mean_tokens"],
        "source": sid.map(lambda s: SOURCES[s][0]),
        "confidence": sid.map(lambda s: SOURCES[s][1]),
        "token_kind": token_kind(raw["token_kind"], sid),
        "source_id": sid,
        "method": raw["method_or_setting"],
        "token_kind_raw": raw["token_kind"],
        "notes": raw["notes"],
        "file": file_col,
        "line": np.arange(len(raw)) + first_line,
    })
    reason = pd.Series(pd.NA, index=pts.index, dtype="string")
    reason[pts["accuracy"].isna() & pts["mean_tokens"].isna()] = "no accuracy and no token count"
    reason[pts["accuracy"].isna() & pts["mean_tokens"].notna()] = "no accuracy (the source states tokens only)"
    reason[pts["accuracy"].notna() & pts["mean_tokens"].isna()] = "no token count (the source states accuracy only)"
    key = ["model", "setting", "benchmark"]
    same = pts.duplicated(key + ["accuracy", "mean_tokens"], keep="first") & reason.isna()
    reason[same] = "repeats an earlier row of the same source with the same values (kept once)"
    kept = pts[reason.isna()].reset_index(drop=True)
    left = pts[reason.notna()].assign(reason=reason[reason.notna()]).reset_index(drop=True)
    return kept, left


@lru_cache(maxsize=1)
def _published() -> tuple[pd.DataFrame, pd.DataFrame]:
    path = data_path(LONG)
    raw = pd.read_csv(path)
    kept, left = _to_points(raw, file_col=raw["file"])
    return _with_family(validate_points(kept, source=str(path), lines=kept["line"].tolist())), left


def published_tables() -> pd.DataFrame:
    """Every paper-table row with both accuracy and tokens, as a validated Points table.

    473 rows from 13 sources (ALL_TABLES_long.csv has 496 rows from 14; the 23 left out are
    listed by :func:`published_tables_left_out`). ``accuracy`` = the paper's percent / 100;
    ``mean_tokens`` the paper's mean tokens per answer, except ``token_kind`` 'index_total'
    (Artificial Analysis: total tokens over the whole index) and 'mixed' (a survey's headline
    points). ``token_kind`` 'total' = thinking + answer, 'thinking' = thinking only: never put
    kinds on one axis unmarked. ``setting`` = the paper's method or setting + ' [source_id]'
    (the same model and method in two papers stay apart: baselines differ between papers, so
    compare within one source). ``confidence`` A/B/C as in data/published/SOURCES.md after its second read
    (A table read as text, B text or README, C secondary); grade C must be shown as such.
    Extra columns: ``source_id``, ``method``, ``family`` (the method without its sweep
    parameter — alpha=..., T_k, L_T=..., -1024 — so a sweep is one family), ``label`` (the method,
    with the Arora & Zanette reward re-run by LASER shortened to 'A&Z'), ``token_kind_raw``,
    ``notes``, ``file``, ``line``. Several rows are the papers' own averages (benchmark
    'Avg...'); keep them apart when fitting.
    """
    return _published()[0].copy()


_AZ_METHOD = "Group (Arora&Zanette 'Efficient Reasoning' reward)"


def _with_family(points: pd.DataFrame) -> pd.DataFrame:
    method = points["method"].astype("string")
    family = method.str.replace(r"\s*(alpha=\S+|T_\d+|L_T=\d+|-\d+)$", "", regex=True)
    family = family.str.replace(_AZ_METHOD, "Arora & Zanette (LASER re-run)", regex=False)
    return points.assign(family=family, label=method.str.replace(_AZ_METHOD, "A&Z", regex=False))


def published_tables_left_out() -> pd.DataFrame:
    """Rows of ALL_TABLES_long.csv that :func:`published_tables` leaves out, with ``reason``:
    no accuracy (Arora & Zanette's text gives tokens only; one AA token count without a score),
    no token count (OptimalThinkingBench accuracy-only rows, Kimi's shortest variant, AA scores
    from the news), and TALE's Table 3, which repeats three Table 2 rows value for value."""
    return _published()[1].copy()


@lru_cache(maxsize=1)
def _aa() -> pd.DataFrame:
    path = data_path(AA)
    raw = pd.read_csv(path)
    kept, _ = _to_points(raw, file_col=pd.Series(AA, index=raw.index))
    kept["setting"] = kept["method"].astype("string")
    kept["possibly_stale"] = kept["notes"].str.contains("stale carry-over", case=False, regex=False).fillna(False).astype(bool)
    kept["snapshot"] = kept["method"].str.extract(r"(\d{4}-\d{2}-\d{2})", expand=False)
    kept["index_cost_usd"] = pd.to_numeric(kept["notes"].str.extract(r"costAAIndex=\$([0-9.]+)", expand=False))
    return validate_points(kept, source=str(path), lines=kept["line"].tolist())


def artificial_analysis_index() -> pd.DataFrame:
    """Artificial Analysis Intelligence Index score against the tokens used to run it (Points).

    50 rows (of 57; the 7 without a token count are in :func:`published_tables_left_out`).
    ``accuracy`` = the index SCORE / 100 (a 0-100 composite, not a share of items right);
    ``mean_tokens`` = the TOTAL output tokens (reasoning + answer) to run the whole index, not
    per item (``token_kind`` 'index_total'); divide by the index's task count for a per-task
    figure. ``benchmark`` names the index version (v3 scale before the January 2026
    recalibration, or v4.0: scores of the two are not comparable). ``setting`` holds the
    snapshot ('reasoning; snapshot 2026-03-06'); ``snapshot`` its date. ``confidence`` 'C' for
    every row: third-party transcriptions (github.com/WiegerWolf/ai-pricing; bestaifor.com),
    rounded. ``possibly_stale`` marks rows whose token count equals the 2025-12 value although
    the index changed (the transcriber's warning in ``notes``: GPT 5.1, GPT 5 mini and Claude
    Haiku 4.5 in the 2026-03-06 snapshot). ``index_cost_usd``: the transcribed cost to run the index.
    """
    return _aa().copy()
