"""A shareable report: one self-contained HTML page for people who will not open a notebook.

:func:`html_report` lays out what :func:`~analysis.efficiency_report`,
:func:`~analysis.report_conclusions` and :func:`analysis.plots.plot_report` compute: the
conclusions, every figure (inline SVG, as ``data:`` images: no file beside the page, nothing
fetched), the main tables rounded for reading, and the data's provenance (each file read, its
SHA-256, rows, and where its token counts come from). Nothing is computed here beyond formatting.
The page has no date and no external link, so the same inputs give the same bytes.
``python -m analysis report PATH... --html report.html`` writes it.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .report import EfficiencyReport

#: the tables shown, in order: (attribute of EfficiencyReport, heading, columns shown)
TABLES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("points", "Accuracy and tokens per group", (
        "n_items", "n_samples", "accuracy", "acc_low", "acc_high", "mean_tokens", "tokens_per_correct",
        "cost_usd", "truncation_rate", "on_frontier")),
    ("budget_auc", "Area under the accuracy-budget curve (log budget axis)", ("auc",)),
    ("quantiles", "Tokens per answer, right and wrong answers apart",
     ("outcome", "n_answers", "mean_tokens", "q10", "q50", "q90")),
    ("pass_at_k", "pass@k (needs a verifier: an upper bound)", ("k", "pass_at_k", "mean_tokens", "total_tokens")),
    ("oracle_saved", "Length-penalty oracle (a ceiling, not a policy): tokens it would save",
     ("actual_accuracy", "oracle_accuracy", "actual_tokens", "oracle_tokens", "saved_share")),
)

_PERCENT = ("accuracy", "acc_low", "acc_high", "truncation_rate", "saved_share", "pass_at_k", "share")
_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.8em;border-bottom:1px solid #ddd}
figure{margin:1em 0}figure img{max-width:100%;height:auto;display:block}
figcaption{font-size:.9em;color:#555}
.table{overflow-x:auto}table{border-collapse:collapse;font-size:.9em;font-variant-numeric:tabular-nums}
th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}
th{background:#f6f6f6}td.text,th.text{text-align:left}
code{font-size:.9em;overflow-wrap:anywhere}
"""


def file_provenance(path: str | Path, responses: pd.DataFrame) -> dict[str, object]:
    """One file's provenance: its name, SHA-256 (hex), the rows read from it and where the
    token counts of those rows come from (``token_source`` values with their counts)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    sources = responses["token_source"].astype(str).value_counts().sort_index() if "token_source" in responses else {}
    return {"file": str(path), "sha256": digest.hexdigest(), "rows": len(responses),
            "token_source": ", ".join(f"{k}: {v:,}" for k, v in dict(sources).items())}


def figure_svg(fig: Figure) -> str:
    """The figure as SVG text (text as paths, stable ids, no date): no font or file needed."""
    import matplotlib as mpl

    from .plots.style import RC

    buffer = io.StringIO()
    with mpl.rc_context({"svg.hashsalt": RC["svg.hashsalt"], "svg.fonttype": "path"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    return buffer.getvalue()


def html_report(
    report: EfficiencyReport,
    conclusions: Sequence[str],
    figures: dict[str, Figure],
    provenance: Sequence[dict[str, object]],
    *,
    title: str = "Reasoning-token efficiency report",
    command: str | None = None,
) -> str:
    """The page as HTML text: title, conclusions, figures, tables, notes and provenance
    (``provenance``: one :func:`file_provenance` per file; ``command``: how it was made)."""
    parts = [f"<h1>{_e(title)}</h1>", "<h2>Conclusions</h2>", "<ul>",
             *(f"<li>{_e(line)}</li>" for line in conclusions), "</ul>", "<h2>Figures</h2>"]
    for kind, fig in figures.items():
        data = base64.b64encode(figure_svg(fig).encode("utf-8")).decode("ascii")
        caption = kind.replace("_", " ")
        parts.append(f'<figure><img src="data:image/svg+xml;base64,{data}" alt="{_e(caption)} figure">'
                     f"<figcaption>{_e(caption)}</figcaption></figure>")
    for attribute, heading, columns in TABLES:
        table = getattr(report, attribute)
        if table is None:
            continue
        parts += [f"<h2>{_e(heading)}</h2>", _table(table, report.by, columns)]
    if report.notes:
        parts += ["<h2>Notes</h2>", "<ul>", *(f"<li>{_e(n)}</li>" for n in report.notes), "</ul>"]
    parts += ["<h2>Data provenance</h2>", _table(pd.DataFrame(list(provenance)), ("file", "sha256", "token_source"), ())]
    if command:
        parts.append(f"<p>Made with <code>{_e(command)}</code> (accuracy is a fraction shown as %, "
                     f"tokens are counts per answer).</p>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>\n"
            + "\n".join(parts) + "\n</body></html>\n")


def _e(text: object) -> str:
    return html.escape(str(text))


def _table(frame: pd.DataFrame, keys: Sequence[str], columns: Sequence[str]) -> str:
    """``keys`` then ``columns`` (all other columns when empty) of ``frame``, numbers rounded for reading;
    a key column with one value on every row is left out (the heading or the page says it)."""
    present = [k for k in keys if k in frame.columns]
    keys = [k for k in present if frame[k].nunique(dropna=False) > 1 or len(frame) == 1]
    shown = keys + [c for c in (columns or frame.columns) if c in frame.columns and c not in present]
    head = "".join(f'<th class="{_align(frame[c])}">{_e(c)}</th>' for c in shown)
    rows = []
    for values in frame[shown].itertuples(index=False):
        cells = "".join(f'<td class="{_align(frame[c])}">{_e(_format(c, v))}</td>' for c, v in zip(shown, values))
        rows.append(f"<tr>{cells}</tr>")
    return f'<div class="table"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def _align(column: pd.Series) -> str:
    return "num" if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column) else "text"


def _format(name: str, value: object) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "yes" if value is True else "no" if value is False else str(value)
    if any(name == p or name.startswith(p + "_") or name.endswith("_" + p) for p in _PERCENT):
        return f"{100 * value:.1f}%"
    if "tokens" in name or name in ("budget", "n_items", "n_samples", "rows", "k"):
        return f"{value:,.0f}"
    if "usd" in name:
        return f"{value:.4g}"
    if isinstance(value, float) and abs(value) < 100:
        return f"{value:.3g}"
    return f"{value:,.0f}"
