"""Is a difference between two numbers distinguishable from noise? Tests for notebook conclusions.

* :func:`fisher_exact_test`: two proportions from independent samples of whole answers
  (e.g. 3 of 30 against 7 of 30): Fisher's exact test (Fisher 1935; ``scipy.stats.fisher_exact``,
  two-sided), conservative for small counts.
* :func:`compare_points`: two Points rows with accuracy intervals (e.g. from
  :func:`analysis.summarize`): the interval of the difference by Newcombe's square-and-add
  (hybrid score) method for independent samples (Newcombe 1998, "Interval estimation for the
  difference between independent proportions", Statistics in Medicine 17, method 10; Zou &
  Donner 2008's MOVER). When both were measured on the same items the items are positively
  correlated and this interval is conservative; use :func:`analysis.compare_paired` on the
  answers for the paired interval.
* :func:`fisher_compare_points`: :func:`fisher_exact_test` on two Points rows of one 0/1
  answer per item (the counts read back from accuracy x items).
* :func:`verdict`: the words a conclusion prints for an interval of a difference or a ratio:
  "distinguishable" when it excludes the no-change value, else "not distinguishable";
  :func:`joint_verdict`: the same for several comparisons read together.
* :func:`samples_per_item`: how many samples the items of each group have (the "k runs per
  prompt" a conclusion states).
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from .._groups import as_tuple, require_columns
from ..errors import DataError, Problem


def fisher_exact_test(successes_a: int, n_a: int, successes_b: int, n_b: int, *, alpha: float = 0.05) -> pd.Series:
    """Fisher's exact test of "same proportion" for ``successes_a`` of ``n_a`` against
    ``successes_b`` of ``n_b`` (whole counts). Returns a Series: the four counts, ``share_a``,
    ``share_b`` (fractions), ``difference`` (b - a), ``odds_ratio``, ``p_value`` (two-sided) and
    ``distinguishable`` (p_value < ``alpha``)."""
    counts = [successes_a, n_a, successes_b, n_b]
    if any(int(c) != c or c < 0 for c in counts) or successes_a > n_a or successes_b > n_b or n_a == 0 or n_b == 0:
        raise ValueError(f"fisher_exact_test needs whole counts with 0 <= successes <= n, n > 0; got {counts}")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be in (0, 1), got {alpha!r}")
    table = [[successes_a, n_a - successes_a], [successes_b, n_b - successes_b]]
    odds, p = stats.fisher_exact(table, alternative="two-sided")
    return pd.Series({
        "successes_a": int(successes_a), "n_a": int(n_a), "successes_b": int(successes_b), "n_b": int(n_b),
        "share_a": successes_a / n_a, "share_b": successes_b / n_b, "difference": successes_b / n_b - successes_a / n_a,
        "odds_ratio": float(odds), "p_value": float(p), "distinguishable": bool(p < alpha),
    })


def fisher_compare_points(a: pd.Series | Mapping[str, object], b: pd.Series | Mapping[str, object], *,
                          alpha: float = 0.05, y: str = "accuracy", n: str = "n_items") -> pd.Series:
    """Fisher's exact test of "same accuracy" for two Points rows (``b`` against ``a``) of one
    0/1 answer per item, e.g. rows of :func:`analysis.summarize` or
    :func:`analysis.budget_curve` on one sample per item.

    The counts are read back as ``y`` x ``n`` (accuracy, a fraction, times items); a row whose
    product is not a whole number (within 1e-6: partial scores or several samples per item)
    is a DataError, since Fisher's test needs counts of independent answers. A row with
    ``n_samples`` different from ``n`` (several samples per item) is a DataError too. Returns
    :func:`fisher_exact_test`'s Series (``successes_a``, ``n_a``, ``successes_b``, ``n_b``,
    ``share_a``, ``share_b``, ``difference`` = b - a, ``odds_ratio``, ``p_value``,
    ``distinguishable``), ``verdict``: "distinguishable" when p < ``alpha``, else "not
    distinguishable", and ``direction``: "higher", "lower" or "the same" (b against a). The
    test ignores a pairing of the two rows on the same items, which only makes it conservative
    when answers on one item agree more often than by chance.
    """
    what = "fisher_compare_points"
    counts = []
    for row, name in ((a, "row a"), (b, "row b")):
        row = pd.Series(row)
        missing = [c for c in (y, n) if c not in row.index]
        if missing:
            raise DataError([Problem(what, name, c, "required field is missing") for c in missing])
        acc, items = float(row[y]), float(row[n])
        if not (np.isfinite(acc) and np.isfinite(items)) or items <= 0 or items != round(items) or not 0 <= acc <= 1:
            raise DataError(Problem(what, name, f"{y}, {n}", f"needs an accuracy in [0, 1] and a whole number of items > 0, "
                                                             f"got {acc!r} of {items!r}"))
        if "n_samples" in row.index and pd.notna(row["n_samples"]) and float(row["n_samples"]) != items:
            raise DataError(Problem(what, name, "n_samples", f"{row['n_samples']} samples on {items:.0f} items: "
                                                             "Fisher's test needs one answer per item"))
        k = acc * items
        if abs(k - round(k)) > 1e-6:
            raise DataError(Problem(what, name, y, f"{acc!r} x {items:.0f} items = {k!r} is not a whole number of "
                                                   "right answers (partial scores?)"))
        counts += [int(round(k)), int(items)]
    out = fisher_exact_test(*counts, alpha=alpha)
    out["verdict"] = "distinguishable" if out["distinguishable"] else "not distinguishable"
    out["direction"] = "higher" if out["difference"] > 0 else "lower" if out["difference"] < 0 else "the same"
    return out


def compare_points(a: pd.Series, b: pd.Series, *, y: str = "accuracy", low: str = "acc_low",
                   high: str = "acc_high") -> pd.Series:
    """Difference ``b - a`` of two Points rows with its interval, from their own intervals.

    Newcombe's square-and-add for independent estimates: low = d - sqrt((y_b - l_b)^2 +
    (u_a - y_a)^2), high = d + sqrt((u_b - y_b)^2 + (y_a - l_a)^2), at the level of the input
    intervals. Returns ``a``, ``b`` (the two values), ``difference``, ``diff_low``,
    ``diff_high`` and ``distinguishable`` (the interval excludes 0)."""
    for row, name in ((a, "a"), (b, "b")):
        require_columns(pd.DataFrame([row]), [y, low, high], f"compare_points ({name})")
    ya, la, ua = float(a[y]), float(a[low]), float(a[high])
    yb, lb, ub = float(b[y]), float(b[low]), float(b[high])
    d = yb - ya
    lo = d - np.sqrt((yb - lb) ** 2 + (ua - ya) ** 2)
    hi = d + np.sqrt((ub - yb) ** 2 + (ya - la) ** 2)
    return pd.Series({"a": ya, "b": yb, "difference": d, "diff_low": lo, "diff_high": hi,
                      "distinguishable": bool(lo > 0 or hi < 0)})


def verdict(low: float, high: float, *, null: float = 0.0) -> str:
    """"distinguishable" when the interval [``low``, ``high``] excludes ``null`` (0 for a
    difference, 1 for a ratio), "not distinguishable" when it contains it, so a conclusion's
    wording follows the computed interval. A NaN bound (no interval) raises ValueError."""
    low, high = float(low), float(high)
    if np.isnan(low) or np.isnan(high):
        raise ValueError(f"verdict needs an interval, got ({low}, {high})")
    if low > high:
        raise ValueError(f"verdict needs low <= high, got ({low}, {high})")
    return "distinguishable" if (low > null or high < null) else "not distinguishable"


def joint_verdict(lows: Sequence[float], highs: Sequence[float], *, null: float = 0.0) -> pd.Series:
    """What several intervals of differences say together, for a conclusion's closing sentence.

    Each interval [``lows[i]``, ``highs[i]``] is read as :func:`verdict` reads it (NaN or
    reversed bounds raise ValueError; no interval at all is a ValueError). Returns a Series:
    ``n_comparisons``, ``n_distinguishable``, ``n_below`` / ``n_above`` (intervals wholly below /
    above ``null``) and ``verdict``: "not distinguishable" when every interval contains
    ``null``, "all below" / "all above" when every one lies below / above it, else "mixed"
    (some distinguishable and some not, or in opposite directions). No correction is made for
    reading several intervals at once."""
    lo = np.asarray(lows, float).ravel()
    hi = np.asarray(highs, float).ravel()
    if lo.size == 0 or lo.shape != hi.shape:
        raise ValueError(f"joint_verdict needs one or more intervals (as many lows as highs), got {lo.size} and {hi.size}")
    for a, b in zip(lo, hi):
        verdict(a, b, null=null)  # checks each interval
    below, above = int((hi < null).sum()), int((lo > null).sum())
    n = len(lo)
    if below + above == 0:
        words = "not distinguishable"
    elif below == n:
        words = "all below"
    elif above == n:
        words = "all above"
    else:
        words = "mixed"
    return pd.Series({"n_comparisons": n, "n_distinguishable": below + above, "n_below": below, "n_above": above,
                      "verdict": words}, dtype=object)


def samples_per_item(responses: pd.DataFrame, by: str | Sequence[str] = ()) -> pd.DataFrame:
    """How many samples (rows) the items have: the "k runs per prompt" a conclusion states.

    An item's samples are its rows within one Points group (the ``model``, ``setting`` and
    ``benchmark`` columns present, as every measure counts them) and ``item_id``. Summarised
    per ``by`` group (one row in all for ``by=()``): ``n_items`` ((group, item) pairs),
    ``min_samples``, ``median_samples`` and ``max_samples`` (rows per item). An empty table
    is a DataError."""
    what = "samples_per_item"
    by = list(as_tuple(by))
    require_columns(responses, [*by, "item_id"], what)
    if len(responses) == 0:
        raise DataError(Problem(what, None, None, "no responses"))
    point_key = [c for c in ("model", "setting", "benchmark") if c in responses.columns]
    item_cols = list(dict.fromkeys([*by, *point_key, "item_id"]))
    per_item = responses.groupby(item_cols, sort=True, observed=True, dropna=False).size().rename("k").reset_index()
    if not by:
        per_item["_all"] = 0
    grouped = per_item.groupby(by or ["_all"], sort=True, observed=True, dropna=False)["k"]
    out = grouped.agg(n_items="size", min_samples="min", median_samples="median", max_samples="max")
    return out.reset_index(drop=not by)


def missing_runs(responses: pd.DataFrame, by=("model", "benchmark")) -> pd.DataFrame:
    """Items with fewer samples than most items of their group have (missing runs).

    One row per ``by`` group that has such items: ``by`` columns, ``n_items``,
    ``expected_samples`` (the most common number of samples per item in the group; ties go to
    the larger),
    ``n_short_items`` (items with fewer), ``n_missing`` (samples missing in all) and
    ``short_items`` (their ids with the samples they have, e.g. 'q7 (2 of 5)'). Empty when every
    item has the full number of samples."""
    by = list(by)
    require_columns(responses, [*by, "item_id"], "missing_runs")
    per_item = responses.groupby([*by, "item_id"], sort=True, observed=True).size().rename("k").reset_index()
    per_item["full"] = per_item.groupby(by, sort=True, observed=True)["k"].transform(
        lambda k: k.value_counts().sort_index(ascending=False).idxmax())
    per_item["missing"] = per_item["full"] - per_item["k"]
    short = per_item[per_item["missing"] > 0]
    cols = [*by, "n_items", "expected_samples", "n_short_items", "n_missing", "short_items"]
    if short.empty:
        return pd.DataFrame(columns=cols)
    n_items = per_item.groupby(by, sort=True, observed=True).size().rename("n_items")
    g = short.groupby(by, sort=True, observed=True)
    out = pd.DataFrame({
        "n_short_items": g.size(),
        "n_missing": g["missing"].sum(),
        "short_items": g.apply(lambda d: ", ".join(f"{i} ({k} of {f})" for i, k, f in zip(d["item_id"], d["k"], d["full"])),
                               include_groups=False),
        "expected_samples": g["full"].first(),
    }).join(n_items).reset_index()
    return out[cols]


def token_definitions(responses: pd.DataFrame, by=("benchmark",)) -> pd.DataFrame:
    """Which token definitions (``token_source``: 'reported', 'counted:<encoding>', ...) share one
    axis: one row per ``by`` group with ``token_sources`` (sorted, '; '-joined), ``n_sources`` and
    ``mixed`` (more than one: tokens of different tokenizers or counts on one axis)."""
    by = list(by)
    require_columns(responses, [*by, "token_source"], "token_definitions")
    g = responses.groupby(by, sort=True, observed=True)["token_source"]
    out = g.agg(lambda s: "; ".join(sorted(map(str, s.dropna().unique())))).rename("token_sources").to_frame()
    out["n_sources"] = g.nunique()
    out["mixed"] = out["n_sources"] > 1
    return out.reset_index()
