"""The tables that modules pass to each other, and their validation.

**Responses**: one row per model x setting x benchmark x item x sample (see ``RESPONSES``).
**Points**: one row per model x setting x benchmark (see ``POINTS``).

Validation is vectorised: every check is a boolean mask over the rows, so a million rows take
about a second. Problems name the source, the line (or row) and the field; nothing is fixed
silently. With ``on_error="report"`` the clean rows come back with a frame of the rejected ones
(one ``reason`` per row), and kept + rejected always equals the input.

Values are read by the one set of rules in :mod:`analysis.coerce`, the same for every reader.
The lenient cases, decided once: numeric strings are numbers (``"12"`` is 12 tokens); NaN, null,
an empty cell and the texts "nan", "na", "n/a", "null", "none" are a missing value (a missing
count is allowed, a missing ``correct`` or label is not); a missing ``sample`` is 0 and a missing
``setting`` is 'default' on any row. Not lenient: booleans as counts, costs or labels;
fractional, negative, infinite or too large (> 2**63 - 1) counts; objects, lists, bytes and
timestamps anywhere a number or label is expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Sequence, overload

import numpy as np
import pandas as pd

from . import coerce
from ._groups import require_columns
from .errors import DataError, Problem

OnError = Literal["raise", "report"]


@dataclass(frozen=True)
class Column:
    """One column of a table: its kind (how it is checked and typed), unit and meaning."""

    name: str
    kind: str  # label | index | fraction | count | amount | text | source | grade
    required: bool
    unit: str
    doc: str


RESPONSES: tuple[Column, ...] = (
    Column("model", "label", True, "", "model name as the source gives it"),
    Column("setting", "label", False, "", "what distinguishes runs of one model: effort, budget, lambda, method ('default' when absent)"),
    Column("benchmark", "label", True, "", "benchmark or task set"),
    Column("item_id", "label", True, "", "question id within the benchmark (text)"),
    Column("sample", "index", False, "", "sample / run / epoch number of this item (0 when absent)"),
    Column("correct", "fraction", True, "0..1", "score of the answer, usually 0 or 1"),
    Column("output_tokens", "count", True, "tokens", "all generated tokens, thinking included (what a provider bills); may be missing until counted from text"),
    Column("reasoning_tokens", "count", False, "tokens", "thinking tokens, where the source reports them"),
    Column("answer_tokens", "count", False, "tokens", "visible answer tokens, where the source reports them"),
    Column("token_source", "source", False, "", "'reported' (from the log's usage), 'counted:<encoding>' (counted from the whole generated text), 'counted-visible:<encoding>' (counted from the visible text only: the harness stripped the thinking, so output_tokens is a lower bound) or 'estimated:<how>'"),
    Column("input_tokens", "count", False, "tokens", "prompt tokens"),
    Column("visible_thinking_tokens", "count", False, "tokens", "tokens of the thinking text the source returned (often a summary), counted with the reader's encoding; reasoning_tokens stays the billed figure"),
    Column("stop_reason", "text", False, "", "why generation stopped, as the source gives it (Inspect stop_reason, OpenAI finish_reason or incomplete_details.reason, Anthropic stop_reason, Gemini finishReason)"),
    Column("cost_usd", "amount", False, "US dollars", "cost of this answer"),
    Column("latency_s", "amount", False, "seconds", "wall-clock time of this answer"),
    Column("text", "text", False, "", "the generated text (thinking and answer), where kept"),
)

POINTS: tuple[Column, ...] = (
    Column("model", "label", True, "", "model name"),
    Column("setting", "label", False, "", "setting of the model ('default' when absent)"),
    Column("benchmark", "label", True, "", "benchmark"),
    Column("n_items", "count", False, "items", "number of distinct items"),
    Column("n_samples", "count", False, "answers", "number of answers (items x samples)"),
    Column("accuracy", "fraction", True, "0..1", "mean over items of the per-item mean score (every item weighs the same; summarize(weights='answer'): mean over answers)"),
    Column("acc_low", "fraction", False, "0..1", "lower end of the accuracy confidence interval (cluster-adjusted Wilson, analysis.intervals)"),
    Column("acc_high", "fraction", False, "0..1", "upper end of the accuracy confidence interval"),
    Column("mean_tokens", "amount", True, "tokens", "mean output tokens per answer (see token_kind), weighted like accuracy: mean over items of the item's mean (weights='answer': over answers)"),
    Column("median_tokens", "amount", False, "tokens", "median output tokens per answer (over answers, unweighted)"),
    Column("p90_tokens", "amount", False, "tokens", "90th percentile of output tokens per answer (over answers, unweighted)"),
    Column("tokens_per_correct", "amount", False, "tokens", "mean_tokens / accuracy with the same weights: tokens per solved item (weights='answer': total tokens / number correct)"),
    Column("cost_usd", "amount", False, "US dollars", "mean cost per answer, weighted like mean_tokens"),
    Column("source", "text", False, "", "where the numbers come from (paper, table, repository)"),
    Column("confidence", "grade", False, "", "A = table read as text, B = text or README, C = secondary source"),
    Column("token_kind", "text", False, "", "what mean_tokens counts: 'total', 'thinking', 'index_total'"),
)

RESPONSE_KEY = ("model", "setting", "benchmark", "item_id", "sample")
POINT_KEY = ("model", "setting", "benchmark")
TOKEN_COLUMNS = ("output_tokens", "reasoning_tokens", "answer_tokens", "input_tokens")
DEFAULT_SETTING = "default"


@overload
def validate_responses(
    df: pd.DataFrame,
    *,
    source: str | None = None,
    on_error: Literal["raise"] = "raise",
    lines: Sequence[int] | None = None,
) -> pd.DataFrame: ...


@overload
def validate_responses(
    df: pd.DataFrame,
    *,
    source: str | None = None,
    on_error: Literal["report"],
    lines: Sequence[int] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]: ...


def validate_responses(
    df: pd.DataFrame,
    *,
    source: str | None = None,
    on_error: OnError = "raise",
    lines: Sequence[int] | None = None,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Check a Responses table and return it typed (see ``RESPONSES`` for columns and units).

    Checks (values read by :mod:`analysis.coerce`, see the module doc for the lenient cases):
    required columns present; labels not missing; ``sample`` a whole number >= 0;
    ``correct`` a number in [0, 1]; token counts whole and >= 0; ``reasoning_tokens`` and
    ``answer_tokens`` at most ``output_tokens``; costs and latencies >= 0; no duplicate
    (model, setting, benchmark, item_id, sample). Missing optional columns (or values) get their
    defaults (``setting='default'``, ``sample=0``, ``token_source='reported'`` where tokens are
    given).

    ``source`` names the file in messages; ``lines`` gives each row's line in that file (readers
    pass it; a text is used as it is, e.g. an Inspect sample's member), otherwise rows are named by
    their position ('row 0' is the first). ``on_error="raise"`` raises
    :class:`~analysis.DataError` listing the problems; ``"report"`` returns ``(clean, rejected)``,
    where ``rejected`` keeps the original values plus ``location`` and ``reason``.
    """
    df = _prepare(df, source)
    if "output_tokens" not in df.columns and "text" in df.columns:
        df["output_tokens"] = pd.NA  # unknown until counted from the text (add_token_counts)
    _require(df, RESPONSES, source)
    if "setting" not in df.columns:
        df["setting"] = DEFAULT_SETTING
    if "sample" not in df.columns:
        df["sample"] = 0
    typed, issues = _check_columns(df, RESPONSES)
    if "token_source" not in df.columns:
        typed["token_source"] = pd.Series(
            np.where(typed["output_tokens"].notna(), "reported", None), index=df.index, dtype="string"
        )
    out = typed["output_tokens"]
    for col in ("reasoning_tokens", "answer_tokens"):
        if col in typed:
            bad = (typed[col] > out).fillna(False).to_numpy(bool)
            issues.append((bad, col, lambda r, c=col: f"{_fmt(df[c], r)} is more than output_tokens {_fmt(df['output_tokens'], r)}"))
    return _finish(df, typed, issues, RESPONSES, RESPONSE_KEY, source, on_error, lines)


@overload
def validate_points(
    df: pd.DataFrame,
    *,
    source: str | None = None,
    on_error: Literal["raise"] = "raise",
    lines: Sequence[int] | None = None,
) -> pd.DataFrame: ...


@overload
def validate_points(
    df: pd.DataFrame,
    *,
    source: str | None = None,
    on_error: Literal["report"],
    lines: Sequence[int] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]: ...


def validate_points(
    df: pd.DataFrame,
    *,
    source: str | None = None,
    on_error: OnError = "raise",
    lines: Sequence[int] | None = None,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Check a Points table (see ``POINTS``) and return it typed; same contract as
    :func:`validate_responses`. Also checks ``acc_low <= accuracy <= acc_high`` and one row per
    (model, setting, benchmark)."""
    df = _prepare(df, source)
    _require(df, POINTS, source)
    if "setting" not in df.columns:
        df["setting"] = DEFAULT_SETTING
    typed, issues = _check_columns(df, POINTS)
    acc = typed["accuracy"]
    if "acc_low" in typed:
        bad = (typed["acc_low"] > acc + 1e-12).fillna(False).to_numpy(bool)
        issues.append((bad, "acc_low", lambda r: f"{_fmt(df['acc_low'], r)} is above accuracy {_fmt(df['accuracy'], r)}"))
    if "acc_high" in typed:
        bad = (typed["acc_high"] < acc - 1e-12).fillna(False).to_numpy(bool)
        issues.append((bad, "acc_high", lambda r: f"{_fmt(df['acc_high'], r)} is below accuracy {_fmt(df['accuracy'], r)}"))
    return _finish(df, typed, issues, POINTS, POINT_KEY, source, on_error, lines)


# --------------------------------------------------------------------------- machinery

Issue = tuple[np.ndarray, str, "callable"]  # (bad-row mask, field, message for one row position)


def _prepare(df: pd.DataFrame, source: str | None) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(df).__name__}")
    if df.columns.duplicated().any():
        dup = sorted(set(df.columns[df.columns.duplicated()]))
        raise DataError(Problem(source, None, str(dup[0]), f"column appears more than once: {dup}"))
    return df.reset_index(drop=True).copy()


def _require(df: pd.DataFrame, spec: tuple[Column, ...], source: str | None) -> None:
    require_columns(df, [c.name for c in spec if c.required], source)


def _fmt(series: pd.Series, pos: int) -> str:
    value = series.iloc[pos]
    return repr(value.item() if isinstance(value, np.generic) else value)


def _check_columns(df: pd.DataFrame, spec: tuple[Column, ...]) -> tuple[dict[str, pd.Series], list[Issue]]:
    """Each column read by the one set of rules (:mod:`analysis.coerce`): typed values, and an
    issue (bad-row mask, field, reason) per kind of problem."""
    typed: dict[str, pd.Series] = {}
    issues: list[Issue] = []
    for col in spec:
        if col.name not in df.columns:
            continue
        raw = df[col.name]
        name = col.name
        if col.kind == "label":
            values, bad, reason = coerce.label_column(raw)
            issues.append((bad, name, reason))
            missing = values.isna().to_numpy(bool) & ~bad
            if name == "setting":
                values = values.fillna(DEFAULT_SETTING)  # a missing setting is the default one
            else:
                issues.append((missing, name, lambda r: "missing value"))
            typed[name] = values
        elif col.kind in ("index", "count"):
            values, bad, reason = coerce.count_column(raw, missing=0 if col.kind == "index" else None)
            issues.append((bad, name, reason))
            typed[name] = values.fillna(-1).astype(np.int64) if col.kind == "index" else values  # bad rows are rejected
        elif col.kind in ("fraction", "amount"):
            read = coerce.fraction if col.kind == "fraction" else coerce.amount
            values, bad, reason = coerce.float_column(raw, read)
            issues.append((bad, name, reason))
            if col.required:
                issues.append((np.isnan(values.to_numpy(float)) & ~bad, name, lambda r: "missing value"))
            typed[name] = values
        else:  # text, source, grade
            values, bad, reason = coerce.text_column(raw)
            issues.append((bad, name, reason))
            if col.kind == "source":
                ok = (values.isna() | (values == "reported") | values.str.startswith("counted:")
                      | values.str.startswith("counted-visible:") | values.str.startswith("estimated:"))
                issues.append((~ok.fillna(False).to_numpy(bool) & ~bad, name, lambda r, c=name: f"expected 'reported', 'counted:<encoding>', 'counted-visible:<encoding>' or 'estimated:<how>', got {_fmt(df[c], r)}"))
            elif col.kind == "grade":
                ok = values.isna() | values.isin(["A", "B", "C"])
                issues.append((~ok.fillna(False).to_numpy(bool) & ~bad, name, lambda r, c=name: f"expected a grade A, B or C, got {_fmt(df[c], r)}"))
            typed[name] = values
    return typed, issues


def _finish(
    df: pd.DataFrame,
    typed: dict[str, pd.Series],
    issues: list[Issue],
    spec: tuple[Column, ...],
    key: tuple[str, ...],
    source: str | None,
    on_error: OnError,
    lines: Sequence[int] | None,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    if on_error not in ("raise", "report"):
        raise ValueError(f"on_error must be 'raise' or 'report', got {on_error!r}")
    if lines is not None and len(lines) != len(df):
        raise ValueError(f"lines has {len(lines)} entries for {len(df)} rows")
    n = len(df)
    bad_any = np.zeros(n, bool)
    for mask, _, _ in issues:
        bad_any |= mask

    # Duplicate keys among rows that are otherwise valid: the later ones are reported.
    key_frame = pd.DataFrame({k: typed[k] for k in key})
    dup = key_frame.duplicated(keep="first").to_numpy(bool) & ~bad_any
    if dup.any():
        first_pos = key_frame.groupby(list(key), sort=False, dropna=False).ngroup().to_numpy()
        first_of_group = pd.Series(np.arange(n)).groupby(first_pos).transform("min").to_numpy()
        issues.append((dup, "/".join(key), lambda r: f"duplicate record, same key as {_where(int(first_of_group[r]), lines)}"))
        bad_any |= dup

    ordered = [c.name for c in spec if c.name in typed]
    extras = [c for c in df.columns if c not in typed]
    clean = pd.DataFrame({**{c: typed[c] for c in ordered}, **{c: df[c] for c in extras}}, index=df.index)

    if not bad_any.any():
        return (clean, _empty_rejected(df)) if on_error == "report" else clean

    bad_rows = np.flatnonzero(bad_any)
    if on_error == "raise":
        shown = bad_rows[:50]
        problems = []
        for r in shown:
            for mask, field, msg in issues:
                if mask[r]:
                    problems.append(Problem(source, _where(int(r), lines), field, msg(int(r))))
        err = DataError(problems)
        if len(bad_rows) > len(shown):
            err.args = (f"{err.args[0]}\n({len(bad_rows)} rows have problems in all; the first {len(shown)} are listed)",)
        err.n_bad_rows = len(bad_rows)
        raise err

    reasons = {}
    for mask, field, msg in issues:
        for r in np.flatnonzero(mask):
            text = f"field '{field}': {msg(int(r))}"
            reasons[r] = f"{reasons[r]}; {text}" if r in reasons else text
    rejected = df.iloc[bad_rows].copy()
    rejected["location"] = [_where(int(r), lines) for r in bad_rows]
    rejected["reason"] = [reasons[r] for r in bad_rows]
    return clean.iloc[np.flatnonzero(~bad_any)].reset_index(drop=True), rejected.reset_index(drop=True)


def row_location(pos: int, lines: Sequence[int | str] | None) -> str:
    """How messages name row ``pos`` (where it came from): ``lines`` holds line numbers, or
    ready-made locations (text, e.g. "run.eval: sample 'q1' epoch 2" where one table gathers
    several files, or an Inspect sample's member); without ``lines``, 'row N' (the position)."""
    if lines is None:
        return f"row {pos}"
    where = lines[pos]
    return where if isinstance(where, str) else f"line {int(where)}"


_where = row_location


def _empty_rejected(df: pd.DataFrame) -> pd.DataFrame:
    empty = df.iloc[0:0].copy()
    empty["location"] = pd.Series(dtype="string")
    empty["reason"] = pd.Series(dtype="string")
    return empty


def describe(spec: tuple[Column, ...] = RESPONSES) -> pd.DataFrame:
    """The columns of a table as a DataFrame: name, required, unit, meaning."""
    return pd.DataFrame(
        [(c.name, c.required, c.unit, c.doc) for c in spec], columns=["column", "required", "unit", "meaning"]
    )
