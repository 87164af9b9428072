"""Tables and printed text as a reader sees them in a notebook: numbers rounded to the digits that
mean something, shares in percent, an interval in one column with its estimate, and nothing wider
than JupyterLab's output area (848 CSS px at a 1280-px browser window).

* :func:`format_value` is the one rule for writing a table's number for reading (also used by
  the HTML report): by the column's name, shares in percent, token counts with thousands
  separators, dollars, p-values, yes/no.
* :func:`show_table` picks a table's columns and returns a pandas ``Styler`` that writes them by
  that rule (the data stay numbers), joins ``accuracy``/``acc_low``/``acc_high`` (and any
  ``X``/``X_low``/``X_high``) into one column, moves label columns with one value on every row
  into the caption, hides the row index, and lets long column names wrap at their underscores.
* :func:`print_wrapped` prints paragraphs wrapped at word boundaries to :data:`TEXT_WIDTH`
  characters (JupyterLab breaks a longer line of output anywhere, mid-word).

Formatting only: nothing is computed here.
"""

from __future__ import annotations

import math
import textwrap
from typing import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

#: characters of printed output per line: JupyterLab's output area (840 px of text) holds 107
#: characters of its 13-px monospace font; a few less leave room for other fonts
TEXT_WIDTH = 100

#: columns holding a share (a fraction 0..1), written in percent: these names, or names with one of
#: :data:`PERCENT_WORDS` among their words (``majority_accuracy``, ``overthinking_share``)
PERCENT_COLUMNS = frozenset({"acc_low", "acc_high", "pass_at_k", "within_budget", "delta_acc_low", "delta_acc_high"})
PERCENT_WORDS = frozenset({"accuracy", "share", "rate", "coverage"})
#: columns holding counts (tokens, items, budgets): whole numbers with thousands separators
COUNT_COLUMNS = frozenset({"budget", "n_items", "n_samples", "rows", "k", "n"})
#: an estimate column and its interval columns, beyond the ``X``/``X_low``/``X_high`` pattern
INTERVALS = {"accuracy": ("acc_low", "acc_high"), "delta_accuracy": ("delta_acc_low", "delta_acc_high"),
             "estimate": ("ci_low", "ci_high")}


def is_percent(name: str) -> bool:
    """Whether column ``name`` holds a share written in percent (see :data:`PERCENT_COLUMNS`)."""
    return name in PERCENT_COLUMNS or any(word in PERCENT_WORDS for word in str(name).split("_"))


def _is_count(name: str) -> bool:
    name = str(name)
    return "tokens" in name or name in COUNT_COLUMNS or name.startswith("n_") or name == "max_tokens"


def format_value(name: str, value: object, *, percent_decimals: int = 1) -> str:
    """``value`` of column ``name`` written for reading: '' for a missing value; yes/no; shares in
    percent with ``percent_decimals`` (0.8123 -> '81.2%'); token counts, budgets and item counts as
    whole numbers with separators ('35,176,170'); dollars (a name with 'usd') to 4 significant
    digits; p-values to 2 significant digits ('<0.001' below); other numbers below 100 to 3
    significant digits, larger ones as whole numbers; text as it is."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, str) or not isinstance(value, (int, float, np.number)):
        return str(value)
    v = float(value)
    name = str(name)
    if is_percent(name):
        return f"{100 * v:.{percent_decimals}f}%"
    if _is_count(name):
        return f"{v:,.0f}"
    if "usd" in name:
        return f"{v:.4g}"
    if name.startswith("p_") or name in ("p", "p_value"):
        return "<0.001" if 0 <= v < 0.001 else f"{v:.2g}"
    if abs(v) < 100:
        return f"{v:.3g}"
    return f"{v:,.0f}"


def _interval_of(name: str, columns: Sequence[str]) -> tuple[str, str] | None:
    low, high = INTERVALS.get(name, (f"{name}_low", f"{name}_high"))
    return (low, high) if low in columns and high in columns else None


def readable_frame(frame: pd.DataFrame, columns: Sequence[str] | None = None, *, percent_decimals: int = 0,
                   join_intervals: bool = True, fold_constant: bool = True,
                   formats: Mapping[str, Callable[[object], str]] | None = None) -> tuple[pd.DataFrame, str]:
    """The table :func:`show_table` shows, as text: ``columns`` of ``frame`` (all by default) written
    by :func:`format_value`, intervals joined into their estimate's column ('52% (41-63%)', headed
    'accuracy (CI)'), and label columns (text, or whole numbers that are not token counts) with one
    value on every row left out; returns the frame and a caption naming the left-out values
    ('on every row: setting default, n_items 30'; '' when none). ``formats``: {column: function
    writing one value} where the rule by name does not fit (e.g. a score / 100 shown as points)."""
    formats = dict(formats or {})
    columns = list(frame.columns if columns is None else columns)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"show_table: no column(s) {missing} (columns: {list(frame.columns)})")
    folded = []
    if fold_constant and len(frame) > 1:
        for c in columns:
            col = frame[c]
            label_like = not pd.api.types.is_float_dtype(col) and not ("tokens" in str(c) and c != "max_tokens")
            if label_like and col.nunique(dropna=False) == 1:
                folded.append(c)
    bounds = set()
    if join_intervals:
        for c in columns:
            pair = _interval_of(c, columns)
            if pair:
                bounds.update(pair)
    out = {}
    for c in columns:
        if c in folded or c in bounds:
            continue
        write = formats.get(c) or (lambda v, c=c: format_value(c, v, percent_decimals=percent_decimals))
        cell = [write(v) for v in frame[c]]
        pair = _interval_of(c, columns) if join_intervals else None
        if pair:
            lows = [write(v) for v in frame[pair[0]]]
            highs = [write(v) for v in frame[pair[1]]]
            cell = [f"{e} ({lo.rstrip('%')}–{hi})" if lo and hi else e for e, lo, hi in zip(cell, lows, highs)]
            out[f"{c} (CI)"] = cell
        else:
            out[str(c)] = cell
    caption = "; ".join(f"{c} {format_value(c, frame[c].iloc[0], percent_decimals=percent_decimals)}" for c in folded)
    return pd.DataFrame(out, index=range(len(frame))), ("on every row: " + caption if caption else "")


def show_table(frame: pd.DataFrame, columns: Sequence[str] | None = None, *, caption: str | None = None,
               percent_decimals: int = 0, join_intervals: bool = True, fold_constant: bool = True,
               formats: Mapping[str, Callable[[object], str]] | None = None):
    """``frame`` as a notebook shows it best: a pandas ``Styler`` of :func:`readable_frame` (those
    columns, rounded, intervals joined, constant label columns in the caption after ``caption``),
    without the row index, numbers right-aligned, text left-aligned, and column names that may
    wrap at their underscores (so a table fits JupyterLab's output area). Display only: compute
    on ``frame`` itself."""
    table, folded = readable_frame(frame, columns, percent_decimals=percent_decimals,
                                   join_intervals=join_intervals, fold_constant=fold_constant, formats=formats)
    text = " ".join(t for t in (caption, folded) if t)
    numeric = [str(c).split(" (CI)")[0] for c in table.columns]
    align = ["right" if (c in frame.columns and pd.api.types.is_numeric_dtype(frame[c])
                         and not pd.api.types.is_bool_dtype(frame[c])) or c not in frame.columns else "left"
             for c in numeric]
    styler = table.style.hide(axis="index")
    styler = styler.format_index(lambda name: str(name).replace("_", "_<wbr>"), axis=1, escape="html")
    styles = [{"selector": "th", "props": "white-space: normal; vertical-align: bottom; max-width: 11em;"},
              {"selector": "caption", "props": "caption-side: bottom; text-align: left; color: #555;"}]
    for i, side in enumerate(align):
        styles.append({"selector": f"td.col{i}, th.col_heading.col{i}", "props": f"text-align: {side};"})
    styler = styler.set_table_styles(styles)
    if text:
        styler = styler.set_caption(text)
    return styler


def print_wrapped(*paragraphs: str, width: int = TEXT_WIDTH) -> None:
    """Print each paragraph wrapped at spaces to ``width`` characters (lines that were already
    separate stay separate); continuation lines are indented to the text after a leading
    enumerator ('2. ') or indentation, so a numbered point reads as one block."""
    for paragraph in paragraphs:
        for line in str(paragraph).split("\n"):
            stripped = line.lstrip(" ")
            indent = line[: len(line) - len(stripped)]
            head = stripped.split(" ", 1)[0]
            hang = indent + " " * (len(head) + 1) if head[:-1].isdigit() and head.endswith(".") else indent
            print(textwrap.fill(line, width=width, subsequent_indent=hang, break_long_words=False,
                                break_on_hyphens=False) if line.strip() else line)
