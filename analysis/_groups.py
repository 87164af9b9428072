"""Internal helpers shared by the analysis modules: group codes, row selectors, token arrays.

Everything here is vectorised: a million rows are coded into groups and items with a few
``pd.factorize`` calls, so the statistics after it can use ``np.bincount`` and sorting.
"""

from __future__ import annotations

import zlib
from typing import Collection, Mapping, NamedTuple, Sequence

import numpy as np
import pandas as pd

from .errors import DataError, Problem


def as_tuple(by: str | Sequence[str] | None) -> tuple[str, ...]:
    if by is None:
        return ()
    if isinstance(by, str):
        return (by,)
    return tuple(by)


def require_columns(
    df: pd.DataFrame, cols: Sequence[str], what: str | None, *, why: str = "required column is missing"
) -> None:
    """The one check that a table has the columns a step needs: a DataError per missing column,
    naming ``what`` (the function or file) and the columns present; ``why`` says what the
    column is for. Not a DataFrame at all: TypeError."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{what}: expected a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in cols if c not in df.columns]
    if missing:
        have = ", ".join(map(str, df.columns)) or "none"
        raise DataError([Problem(what, None, c, f"{why} (columns present: {have})") for c in missing])


def group_codes(df: pd.DataFrame, by: Sequence[str], what: str) -> tuple[np.ndarray, pd.DataFrame]:
    """Code each row's group: ``(codes, keys)`` where ``keys`` (one row per group, sorted by the
    ``by`` columns) holds the labels and ``codes[i]`` is row i's position in ``keys``."""
    by = list(by)
    n = len(df)
    if not by:
        return np.zeros(n, np.int64), pd.DataFrame(index=range(1 if n else 0))
    combined = np.zeros(n, np.int64)
    size = 1
    for col in by:
        if _is_constant(df[col]):  # one label (common for setting, benchmark): no hashing needed
            continue
        codes, uniq = pd.factorize(df[col], sort=True)
        if (codes < 0).any():
            row = int(np.flatnonzero(codes < 0)[0])
            raise DataError(Problem(what, f"row {row}", col, "missing value in a grouping column"))
        k = max(len(uniq), 1)
        if size * k >= 2**62:  # re-compress before the product could overflow
            combined, u = pd.factorize(combined, sort=True)
            combined = combined.astype(np.int64)
            size = len(u)
        combined = combined * k + codes
        size *= k
    gid, n_groups = _dense_codes(combined, size)
    first = np.empty(n_groups, np.int64)
    first[gid[::-1]] = np.arange(n - 1, -1, -1)  # last write wins: the first row of each group
    keys = df.iloc[first][by].reset_index(drop=True)
    return gid, keys


def _is_constant(s: pd.Series) -> bool:
    """True when every value equals the first (and none is missing); a cheap vectorised compare."""
    if len(s) == 0:
        return False
    first = s.iloc[0]
    if pd.isna(first):
        return False
    try:
        probe = s.iloc[:: max(1, len(s) // 64)]  # most varying columns differ within 64 values
        if len(probe) > 1 and not bool((probe == first).fillna(False).all()):
            return False
        same = s == first
    except (TypeError, ValueError):
        return False
    return bool(same.fillna(False).all()) if same.dtype != bool else bool(same.all())


def item_codes(
    df: pd.DataFrame, gid: np.ndarray, item_col: str = "item_id", what: str | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Code each row's (group, item): ``(iid, item_gid)`` with ``item_gid[iid[i]] == gid[i]``."""
    codes, uniq = pd.factorize(df[item_col])
    if (codes < 0).any():
        row = int(np.flatnonzero(codes < 0)[0])
        raise DataError(Problem(what, f"row {row}", item_col, "missing value"))
    k = max(len(uniq), 1)
    combined = gid * k + codes
    iid, n_pairs = _dense_codes(combined, (int(gid.max(initial=0)) + 1) * k)
    first = np.empty(n_pairs, np.int64)
    first[iid] = combined  # every row of a pair has the same combined code
    return iid, first // k


def _dense_codes(combined: np.ndarray, size: int) -> tuple[np.ndarray, int]:
    """Rank of each value among the distinct values of ``combined`` (all in ``[0, size)``),
    as ``pd.factorize(sort=True)`` does; by a presence table when ``size`` is small (no hashing)."""
    n = len(combined)
    if size <= 4 * n + 1024:
        present = np.zeros(size, bool)
        present[combined] = True
        rank = np.cumsum(present, dtype=np.int64) - 1
        return rank[combined], int(rank[-1]) + 1 if size else 0
    codes, uniq = pd.factorize(combined, sort=True)
    return codes.astype(np.int64), len(uniq)


#: what joins the parts of a group label: 'gpt-5, high' (not ' / ': model names hold slashes)
LABEL_SEP = ", "


def group_labels(
    frame: pd.DataFrame, cols: Sequence[str], *, names: bool = False, omit: Collection[str] = ()
) -> pd.Series:
    """One label per row of ``frame`` naming its group, the one way the package writes them:
    the values of ``cols`` joined by ``LABEL_SEP`` ('gpt-5, high'), or with ``names``
    'model=gpt-5, setting=high' (for messages). A missing value reads 'NA'; values in ``omit``
    (e.g. 'default') are left out, and where every value is, the first column's stands. No
    ``cols``: 'all rows'."""
    cols = list(cols)
    if not cols:
        return pd.Series("all rows", index=frame.index, dtype=object)
    if len(frame) == 0:
        return pd.Series([], index=frame.index, dtype=object)
    # Label each distinct group once (a Responses table has many rows, few groups), then spread.
    codes = frame.groupby(cols, sort=False, dropna=False, observed=True).ngroup().to_numpy()
    first = np.unique(codes, return_index=True)[1]
    omit = {str(o) for o in omit}
    labels = []
    for row in frame.iloc[first][cols].astype(object).itertuples(index=False):
        values = [_label_text(v) for v in row]
        shown = [f"{c}={v}" if names else v for c, v in zip(cols, values)]
        kept = [s for s, v in zip(shown, values) if v not in omit]
        labels.append(LABEL_SEP.join(kept) if kept else shown[0])
    return pd.Series(np.asarray(labels, dtype=object)[codes], index=frame.index, dtype=object)


def _label_text(value: object) -> str:
    return "NA" if pd.api.types.is_scalar(value) and pd.isna(value) else str(value)


def key_label(keys: pd.DataFrame, g: int) -> str:
    """The label, with column names, of group ``g`` of a ``group_codes`` keys table."""
    return str(group_labels(keys.iloc[[g]], keys.columns, names=True).iloc[0])


def group_rng(seed: int, keys: pd.DataFrame, g: int) -> np.random.Generator:
    """A generator seeded by ``seed`` and the group's labels, so a group's resamples do not
    depend on which other groups are in the table. The seed text is fixed as it was first
    written ('model=a, setting=b'): changing it would change every bootstrap interval."""
    text = ", ".join(f"{c}={keys.iloc[g][c]!s}" for c in keys.columns) if keys.shape[1] else "all rows"
    return np.random.default_rng([int(seed), zlib.crc32(text.encode())])


def token_array(df: pd.DataFrame, col: str, gid: np.ndarray, keys: pd.DataFrame, what: str) -> np.ndarray:
    """Token counts as float; a missing count is a DataError naming its group (not counted yet)."""
    require_columns(df, [col], what)
    values = pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = np.isnan(values)
    if bad.any():
        rows = np.flatnonzero(bad)
        groups = np.unique(gid[rows])
        problems = [
            Problem(
                what,
                f"row {int(rows[gid[rows] == g][0])}",
                col,
                f"{int((gid[rows] == g).sum())} answer(s) without a token count in group "
                f"({key_label(keys, int(g))}); count them from the text first (analysis.add_token_counts)",
            )
            for g in groups
        ]
        raise DataError(problems)
    if (values < 0).any():
        row = int(np.flatnonzero(values < 0)[0])
        raise DataError(Problem(what, f"row {row}", col, f"negative token count {values[row]!r}"))
    return values


class CodedResponses(NamedTuple):
    """A Responses table coded for bincount statistics (see :func:`code_responses`)."""

    by: tuple[str, ...]
    gid: np.ndarray  # row -> group (position in keys)
    keys: pd.DataFrame  # one row per group: the ``by`` labels
    c: np.ndarray  # row -> correct, float 0..1
    t: np.ndarray  # row -> tokens, float
    iid: np.ndarray  # row -> (group, item) code
    item_gid: np.ndarray  # (group, item) code -> group


def code_responses(
    responses: pd.DataFrame, by: str | Sequence[str] | None, tokens: str, what: str
) -> CodedResponses:
    """Check a non-empty Responses table has ``by``, ``item_id``, ``correct`` and ``tokens``,
    and code its rows into groups and (group, item) pairs: the common first step of the
    per-item statistics (summarize, budget_curve, pass_at_k, majority_vote)."""
    by = as_tuple(by)
    require_columns(responses, [*by, "item_id", "correct"], what)
    if len(responses) == 0:
        raise DataError(Problem(what, None, None, "no responses"))
    gid, keys = group_codes(responses, by, what)
    c = correct_array(responses, what)
    t = token_array(responses, tokens, gid, keys, what)
    iid, item_gid = item_codes(responses, gid, what=what)
    return CodedResponses(by, gid, keys, c, t, iid, item_gid)


def finite_xy(points: pd.DataFrame, x: str, y: str, what: str) -> tuple[np.ndarray, np.ndarray]:
    """Columns ``x`` and ``y`` as float arrays; a missing, non-numeric or infinite value is a
    DataError naming its row and column."""
    require_columns(points, [x, y], what)
    xs = pd.to_numeric(points[x], errors="coerce").to_numpy(float, na_value=np.nan)
    ys = pd.to_numeric(points[y], errors="coerce").to_numpy(float, na_value=np.nan)
    for name, v in ((x, xs), (y, ys)):
        bad = ~np.isfinite(v)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise DataError(
                Problem(what, f"row {row}", name, f"not a finite number: {points[name].iloc[row]!r} ({int(bad.sum())} such row(s))")
            )
    return xs, ys


def correct_array(df: pd.DataFrame, what: str) -> np.ndarray:
    require_columns(df, ["correct"], what)
    c = pd.to_numeric(df["correct"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = np.isnan(c) | (c < 0) | (c > 1)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise DataError(
            Problem(what, f"row {row}", "correct", f"expected a score in [0, 1], got {df['correct'].iloc[row]!r} "
                    f"({int(bad.sum())} such row(s))")
        )
    return c


Selector = str | Mapping[str, object]


def as_selector(sel: Selector, default_col: str = "setting") -> dict[str, object]:
    """A row selector: a mapping column -> value, or a bare value meaning ``{default_col: value}``."""
    if isinstance(sel, Mapping):
        if not sel:
            raise ValueError("a selector must name at least one column")
        return dict(sel)
    return {default_col: sel}


def select_mask(df: pd.DataFrame, sel: Mapping[str, object], what: str) -> np.ndarray:
    require_columns(df, list(sel), what)
    mask = np.ones(len(df), bool)
    for col, value in sel.items():
        mask &= (df[col] == value).fillna(False).to_numpy(bool)
    return mask


def base_values(
    points: pd.DataFrame, sel: Mapping[str, object], on: Sequence[str], x: str, y: str, what: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(mask, base_x, base_y)``: which rows ``sel`` picks as the base, and for every row the
    ``x`` and ``y`` of the base row sharing its ``on`` columns (NaN where there is none; every
    row shares the one base row when ``on`` is empty). No base row, or two base rows for one
    ``on`` group, is a DataError."""
    on = list(on)
    mask = select_mask(points, sel, what)
    if not mask.any():
        raise DataError(Problem(what, None, ",".join(sel), f"base {dict(sel)} matches no rows"))
    base_rows = points.loc[mask, [*on, x, y]]
    dup = base_rows.duplicated(on).to_numpy(bool) if on else np.arange(len(base_rows)) > 0
    if dup.any():
        row = base_rows.index[dup][0]
        raise DataError(Problem(what, f"row {row}", ",".join(on),
                                f"base {dict(sel)} has more than one row for the same {tuple(on)}"))
    base_rows = base_rows.rename(columns={x: "_base_x", y: "_base_y"})
    if on:
        merged = points[on].merge(base_rows, on=on, how="left")
        return mask, merged["_base_x"].to_numpy(float), merged["_base_y"].to_numpy(float)
    n = len(points)
    return mask, np.repeat(base_rows["_base_x"].to_numpy(float), n), np.repeat(base_rows["_base_y"].to_numpy(float), n)
