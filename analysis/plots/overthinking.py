"""``plot_overthinking``: the share of a correct answer's tokens spent after it was first given.

Takes the output of :func:`analysis.outcome_efficiency` (one row per model x setting, from
:func:`analysis.first_correct_offset`): horizontal bars per row, grouped and coloured by a
column (e.g. ``family``: short-answer baselines, long-CoT fine-tunes, DeepScaleR's caps), with
how many correct answers each bar rests on. Definitions: Chen et al. 2024 (arXiv 2412.21187).
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from .._groups import group_labels
from ..errors import DataError, Problem
from .style import SMALL_TEXT, color_for, styled
from ._common import finish_axes, get_ax
from ._legend import place_legend

_LABELS = {
    "overthinking_share": "tokens after the first correct answer (% of a correct answer's tokens)",
    "outcome_efficiency": "outcome efficiency (%; Chen et al. 2024, wrong answers count 0)",
    "efficiency_when_correct": "tokens up to the first correct answer (% of a correct answer's tokens)",
}
_COUNTS = ("n", "n_correct", "n_correct_located", "n_correct_unlocated")


def natural_key(text: str) -> tuple:
    """Sort key that orders embedded numbers by value: 'cap=128' < 'cap=1024'."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in re.split(r"(\d+)", str(text)) if part != "")


def _short(model: str) -> str:
    return str(model).rsplit("/", 1)[-1]


def _labels(rows: pd.DataFrame, label_cols: Sequence[str]) -> list[str]:
    shown = rows[list(label_cols)].astype(object)
    if "model" in shown.columns:
        shown["model"] = shown["model"].map(lambda v: v if pd.isna(v) else _short(v))
    return group_labels(shown, label_cols, omit=("default", "NA")).tolist()


def _note(row: pd.Series) -> str:
    if row["n_correct"] == 0:
        return f"no correct answer (0 of {row['n']})"
    text = f"n={row['n_correct_located']}"
    if row["n_correct_unlocated"]:
        text += f" (+{row['n_correct_unlocated']} unlocated)"
    return text


@styled
def plot_overthinking(
    efficiency: pd.DataFrame,
    *,
    ax: Axes | None = None,
    x: str = "overthinking_share",
    hue: str | None = "family",
    hue_order: Sequence[str] | None = None,
    label: str | Sequence[str] = ("model", "setting"),
    annotate: bool = True,
    xlabel: str | None = None,
    title: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    legend: bool = True,
) -> Axes:
    """One horizontal bar per row of ``efficiency``: ``x`` (a fraction, shown in percent).

    ``x`` is 'overthinking_share' (default), 'outcome_efficiency' or
    'efficiency_when_correct' (``xlabel`` defaults to a description of each). Rows are grouped
    and coloured by ``hue`` (in ``hue_order``, else sorted), top to bottom, and within a group
    sorted by their label with numbers compared by value, so DeepScaleR's 'cap=128' ...
    'cap=8192' come in cap order. Labels join the ``label`` column(s) (model names without
    their organisation; setting 'default' left out). With ``annotate``, each bar says how many
    correct answers it rests on: ``n=`` correct answers whose first correct offset was located,
    ``+k unlocated`` graded correct but not located (left out of the ratio); rows with no
    correct answer get no bar and say so. Returns the Axes.
    """
    what = "plot_overthinking"
    label_cols = [label] if isinstance(label, str) else list(label)
    need = [x, *label_cols, *_COUNTS] + ([hue] if hue else [])
    for col in need:
        if col not in efficiency.columns:
            raise DataError(Problem(what, None, col, f"no {col!r} column: pass the output of outcome_efficiency"))
    if len(efficiency) == 0:
        raise DataError(Problem(what, None, None, "nothing to plot: the table is empty"))
    rows = efficiency.reset_index(drop=True).copy()
    rows["_label"] = _labels(rows, label_cols)
    groups: list = [None]
    if hue:
        present = list(pd.unique(rows[hue]))
        if hue_order is not None:
            unknown = [g for g in present if g not in list(hue_order)]
            if unknown:
                raise DataError(Problem(what, None, hue, f"groups missing from hue_order: {unknown}"))
            groups = [g for g in hue_order if g in present]
        else:
            groups = sorted(present, key=natural_key)
    ordered = []
    for g in groups:
        part = rows if g is None else rows[rows[hue] == g]
        keys = [natural_key(s) for s in part["_label"]]
        ordered.append(part.iloc[sorted(range(len(part)), key=keys.__getitem__)])
    rows = pd.concat(ordered, ignore_index=True)

    ax = get_ax(ax, figsize=(7.5, 0.28 * len(rows) + 1.6))
    vals = pd.to_numeric(rows[x], errors="coerce").to_numpy(float, na_value=np.nan)
    colour = {g: color_for(i) for i, g in enumerate(groups)}
    colors = [colour[g] for g in (rows[hue] if hue else [None] * len(rows))]
    y = np.arange(len(rows))
    ax.barh(y, np.nan_to_num(vals, nan=0.0), color=colors, height=0.7, gid="bars")
    ax.set_yticks(y, rows["_label"].tolist())
    ax.set_ylim(len(rows) - 0.4, -0.6)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="y", visible=False)
    top = np.nanmax(vals) if np.isfinite(vals).any() else 1.0
    ax.set_xlim(0, max(top, 0.05) * 1.45)
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
    ax.set_xlabel(xlabel or _LABELS.get(x, x))
    if annotate:
        pad = 0.01 * ax.get_xlim()[1]
        for yi, v, (_, row) in zip(y, vals, rows.iterrows()):
            at = (v if np.isfinite(v) else 0.0) + pad
            ax.text(at, yi, _note(row), va="center", ha="left", fontsize=SMALL_TEXT, color="0.25", gid="n")
    if hue and legend:
        place_legend(ax, [Patch(color=colour[g], label=str(g)) for g in groups], prefer="lower right")
    finish_axes(ax, title=title, synthetic=synthetic, source=source)
    return ax
