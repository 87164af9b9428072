"""Paired comparison of two settings on the items both answered.

Is the token saving real, and is the accuracy drop significant? Comparing two Points hides
that both were measured on the same items; pairing by item removes the item-difficulty noise
(the paired bootstrap of Koehn 2004, "Statistical significance tests for machine translation
evaluation", EMNLP; Miller 2024, arXiv 2411.00640, section on paired differences).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .._groups import (
    Selector,
    as_selector,
    as_tuple,
    correct_array,
    group_codes,
    group_rng,
    require_columns,
    select_mask,
    token_array,
)
from ..errors import DataError, Problem
from ..intervals import _check_ci, bootstrap_p_value, bootstrap_paired, paired_difference_interval, percentile_interval
from ..schema import POINT_KEY


def compare_paired(
    responses: pd.DataFrame,
    base: Selector,
    candidate: Selector,
    *,
    by: Sequence[str] | None = None,
    ci: float = 0.95,
    n_boot: int = 1000,
    seed: int = 0,
    tokens: str = "output_tokens",
) -> pd.DataFrame:
    """Change from ``base`` to ``candidate`` in accuracy and in tokens, on their shared items.

    ``base`` and ``candidate`` select rows: a mapping column -> value (``{"model": "o3",
    "setting": "high"}``) or a bare value meaning ``{"setting": value}``. ``by`` (default: the
    columns of (model, setting, benchmark) that the selectors do not name) splits the
    comparison; within each group items are matched on ``item_id``.

    Per item, accuracy is the mean score and tokens the mean ``tokens`` over its samples; the
    statistics are means over the shared items (so both sides weigh items alike). Columns:
    ``n_items`` (shared), ``n_base_only``, ``n_candidate_only`` (items left out because the other
    side lacks them), ``base_accuracy``, ``candidate_accuracy``, ``delta_accuracy`` (candidate -
    base, fraction) with ``delta_acc_low/high`` and ``p_accuracy``; ``base_tokens``,
    ``candidate_tokens`` (mean tokens per answer), ``delta_tokens`` with ``delta_tokens_low/high``
    and ``p_tokens``; ``token_ratio`` (candidate / base tokens) with ``token_ratio_low/high``.
    The accuracy change has Newcombe's paired hybrid score interval built from each side's
    cluster-adjusted Wilson interval, with each half-width at least z times the standard error
    the items' own samples leave (:func:`analysis.intervals.paired_difference_interval`; never
    of zero width, simulated coverage in benchmarks/README.md) and ``p_accuracy`` is that
    interval inverted. Token intervals are percentile intervals of ``n_boot`` paired bootstrap
    resamples of the shared items (same resampled items for both sides; items sorted by the
    ``by`` columns and ``item_id`` first, so the result does not depend on row order);
    ``p_tokens`` is the two-sided percentile-bootstrap p-value for "no change" (resolution
    1 / n_boot). ``tpc_ratio`` (candidate / base tokens per correct answer, i.e. mean tokens /
    accuracy on the shared items) with ``tpc_ratio_low/high``, the percentile interval over the
    same resamples (NaN when a side has no correct answer, or a resample has none).
    """
    _check_ci(ci)
    what = "compare_paired"
    bsel, csel = as_selector(base), as_selector(candidate)
    if by is None:
        named = set(bsel) | set(csel)
        by = tuple(c for c in POINT_KEY if c not in named and c in responses.columns)
    by = as_tuple(by)
    require_columns(responses, [*by, "item_id", "correct"], what)
    bmask, cmask = select_mask(responses, bsel, what), select_mask(responses, csel, what)
    for name, sel, mask in (("base", bsel, bmask), ("candidate", csel, cmask)):
        if not mask.any():
            raise DataError(Problem(what, None, ",".join(sel), f"{name} {sel} matches no rows"))
    if (bmask & cmask).any():
        raise DataError(Problem(what, None, None, f"base {bsel} and candidate {csel} select the same rows"))

    sides = []
    for mask in (bmask, cmask):
        part = responses.loc[mask]
        gid, keys = group_codes(part, by, what)
        frame = part[list(by) + ["item_id"]].copy()
        frame["_c"] = correct_array(part, what)
        frame["_t"] = token_array(part, tokens, gid, keys, what)
        frame["_n"] = 1.0
        grouped = frame.groupby(list(by) + ["item_id"], sort=True, observed=True)
        items = grouped[["_c", "_t"]].mean().join(grouped[["_n"]].sum())
        # sampling variance of each item mean from its own answers (0 for one answer)
        items["_w"] = (grouped["_c"].var(ddof=1) / items["_n"]).fillna(0.0)
        sides.append(items)
    base_items = sides[0].rename(columns={"_c": "_c_b", "_t": "_t_b", "_n": "_n_b", "_w": "_w_b"})
    cand_items = sides[1].rename(columns={"_c": "_c_c", "_t": "_t_c", "_n": "_n_c", "_w": "_w_c"})
    both = base_items.join(cand_items, how="outer").reset_index()
    has_b, has_c = both["_c_b"].notna(), both["_c_c"].notna()
    both["_shared"] = has_b & has_c
    gid, keys = group_codes(both, by, what)
    rows = []
    for g in range(len(keys)):
        sel = gid == g
        shared = both.loc[sel & both["_shared"].to_numpy(bool)]
        row = {
            "n_items": len(shared),
            "n_base_only": int((sel & has_b.to_numpy() & ~has_c.to_numpy()).sum()),
            "n_candidate_only": int((sel & has_c.to_numpy() & ~has_b.to_numpy()).sum()),
        }
        if len(shared) == 0:
            rows.append(row)
            continue
        cb, cc = shared["_c_b"].to_numpy(), shared["_c_c"].to_numpy()
        tb, tc = shared["_t_b"].to_numpy(), shared["_t_c"].to_numpy()
        rng = group_rng(seed, keys, g)
        acc_b, acc_c, tok_b, tok_c = bootstrap_paired(cb, cc, tb, tc, n_boot=n_boot, rng=rng)
        d_acc, d_tok = acc_c - acc_b, tok_c - tok_b
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = tok_c / tok_b
        acc_low, acc_high, p_acc = paired_difference_interval(
            cb, cc, shared["_n_b"].to_numpy(), shared["_n_c"].to_numpy(), ci=ci,
            base_item_var=shared["_w_b"].to_numpy(), candidate_item_var=shared["_w_c"].to_numpy())
        tok_low, tok_high = percentile_interval(d_tok, ci)
        row.update(
            base_accuracy=cb.mean(),
            candidate_accuracy=cc.mean(),
            delta_accuracy=cc.mean() - cb.mean(),
            delta_acc_low=acc_low,
            delta_acc_high=acc_high,
            p_accuracy=p_acc,
            base_tokens=tb.mean(),
            candidate_tokens=tc.mean(),
            delta_tokens=tc.mean() - tb.mean(),
            delta_tokens_low=tok_low,
            delta_tokens_high=tok_high,
            p_tokens=bootstrap_p_value(d_tok),
            token_ratio=tc.mean() / tb.mean() if tb.mean() > 0 else np.nan,
        )
        if np.isfinite(ratio).all():
            row["token_ratio_low"], row["token_ratio_high"] = percentile_interval(ratio, ci)
        if cb.mean() > 0 and cc.mean() > 0 and tb.mean() > 0:
            row["tpc_ratio"] = (tc.mean() / cc.mean()) / (tb.mean() / cb.mean())
            with np.errstate(divide="ignore", invalid="ignore"):
                tpc = (tok_c * acc_b) / (tok_b * acc_c)
            if np.isfinite(tpc).all():
                row["tpc_ratio_low"], row["tpc_ratio_high"] = percentile_interval(tpc, ci)
        rows.append(row)
    cols = [
        "n_items", "n_base_only", "n_candidate_only", "base_accuracy", "candidate_accuracy",
        "delta_accuracy", "delta_acc_low", "delta_acc_high", "p_accuracy", "base_tokens",
        "candidate_tokens", "delta_tokens", "delta_tokens_low", "delta_tokens_high", "p_tokens",
        "token_ratio", "token_ratio_low", "token_ratio_high", "tpc_ratio", "tpc_ratio_low", "tpc_ratio_high",
    ]
    stats_frame = pd.DataFrame(rows, columns=cols)
    return pd.concat([keys.reset_index(drop=True), stats_frame], axis=1)
