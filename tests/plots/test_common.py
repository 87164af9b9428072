"""Checks every public plot function must pass (in the manner of scikit-learn's test_common.py).

Each public ``plot_*`` of analysis.plots: data positional, options keyword-only, every keyword
in the vocabulary documented in analysis/plots/__init__.py, shared keywords with one type and
one default; with ``ax=None`` it returns the Axes of one new figure; given an Axes it draws on
it; and it leaves matplotlib's global rcParams as they were. A new plot function fails here
until it has a case in CASES.
"""

from __future__ import annotations

import inspect
import re

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import analysis
from analysis import plots

PUBLIC = sorted(n for n in plots.__all__ if n.startswith("plot_"))
SINGLE_AXES = [n for n in PUBLIC if n != "plot_report"]  # plot_report draws several figures

#: every single-Axes plot takes these keywords
REQUIRED = ("ax", "xlabel", "title", "source", "synthetic", "legend")
#: keywords naming columns (a name, or several columns where the plot joins them)
COLUMN_KEYWORDS = {"x", "y", "by", "hue", "label", "sequential_label", "sequential_by", "accuracy"}
#: the names these keywords had before the vocabulary: none may come back
OLD_NAMES = {"x_label", "y_label", "y_format", "log_x", "label_k", "show_points", "split_correct",
             "sequential_hue", "sequential_connect", "error_bars", "group", "group_order", "label_cols",
             "value", "rate", "budget", "tokens", "quantiles"}


def _responses() -> pd.DataFrame:
    """Two models, three items, two samples each; model b writes ten times longer."""
    rows = []
    for model, base in (("a", 100), ("b", 1000)):
        for item in range(3):
            for s in range(2):
                rows.append({"model": model, "setting": "s", "benchmark": "x", "item_id": str(item), "sample": s,
                             "correct": float((item + s) % 2 == 0 or model == "b"),
                             "output_tokens": base + 10 * item + s, "max_tokens": 4096})
    return analysis.validate_responses(pd.DataFrame(rows))


def _points() -> pd.DataFrame:
    return pd.DataFrame({"model": ["A", "B", "C", "D"], "mean_tokens": [100.0, 300.0, 400.0, 1000.0],
                         "accuracy": [0.5, 0.7, 0.6, 0.8], "acc_low": [0.4, 0.6, 0.5, 0.7],
                         "acc_high": [0.6, 0.8, 0.7, 0.9]})


def _efficiency() -> pd.DataFrame:
    return pd.DataFrame({"family": ["RL", "base"], "model": ["M", "A"], "setting": ["cap=128", "default"],
                         "n": [30, 70], "n_correct": [9, 32], "n_correct_located": [9, 30],
                         "n_correct_unlocated": [0, 2], "overthinking_share": [0.12, 0.01]})


def _case(name: str) -> tuple[tuple, dict]:
    """Positional data and keywords for one call of each plot function, from the analysis outputs."""
    r = _responses()
    if name == "plot_budget_curves":
        return (analysis.budget_curve(r, [50, 500, 5000], by=("model",)),), {}
    if name == "plot_compression_path":
        p = _points()
        return (analysis.length_penalty_path(p, [0.0, 0.5], per_tokens=1000), p), {"hull": analysis.upper_hull(p)}
    if name == "plot_frontier":
        p = _points()
        return (p,), {"frontier": analysis.pareto_frontier(p), "hull": analysis.upper_hull(p)}
    if name == "plot_oracle_curve":
        curve = analysis.length_penalty_oracle(r, [0.0, 1.0], by=("model",), per="1k")
        return (curve,), {"saved": analysis.oracle_tokens_saved(curve, by=("model",))}
    if name == "plot_overthinking":
        return (_efficiency(),), {}
    if name == "plot_paired_change":
        return (analysis.pair_points(_points().assign(benchmark="x"), {"model": "D"}),), {"label": "model"}
    if name == "plot_parallel_vs_sequential":
        return (analysis.pass_at_k(r, [1, 2], by=("model",)), analysis.summarize(r, by=("model", "setting"))), {}
    if name == "plot_token_distribution":
        return (analysis.token_quantiles(r), r), {}
    if name == "plot_truncation":
        return (pd.DataFrame({"max_tokens": [256, 1024], "truncation_rate": [0.3, 0.0], "n_truncated": [3, 0],
                              "n_known": [10, 10], "accuracy": [0.2, 0.5]}),), {}
    if name == "plot_billed_vs_visible":
        return (pd.DataFrame({"model": ["a", "b"], "visible_share_implied": [0.95, 0.1],
                              "visible_share_implied_low": [0.9, 0.05], "visible_share_implied_high": [1.0, 0.2],
                              "visible_share": [1.1, 0.9], "thinking_class": ["full", "summarised"]}),), {}
    if name == "plot_report":
        return (analysis.efficiency_report(r, budgets=[50, 500, 5000]), r), {}
    raise KeyError(name)


CASES = ("plot_billed_vs_visible", "plot_budget_curves", "plot_compression_path", "plot_frontier", "plot_oracle_curve", "plot_overthinking",
         "plot_paired_change", "plot_parallel_vs_sequential", "plot_report", "plot_token_distribution",
         "plot_truncation")


def _vocabulary() -> set[str]:
    """Every keyword the package docstring documents (written ``name`` there)."""
    return set(re.findall(r"``(\w+)``", plots.__doc__))


def _keywords(name: str) -> dict[str, inspect.Parameter]:
    return {p.name: p for p in inspect.signature(getattr(plots, name)).parameters.values()
            if p.kind is p.KEYWORD_ONLY}


def test_every_public_plot_function_has_a_case():
    assert set(PUBLIC) == set(CASES), "add a case for each new plot function to tests/plots/test_common.py"


@pytest.mark.parametrize("name", PUBLIC)
def test_data_positional_options_keyword_only_and_documented(name):
    params = list(inspect.signature(getattr(plots, name)).parameters.values())
    kinds = [p.kind for p in params]
    n_data = kinds.index(inspect.Parameter.KEYWORD_ONLY)
    assert 1 <= n_data <= 2 and all(k is inspect.Parameter.POSITIONAL_OR_KEYWORD for k in kinds[:n_data])
    assert all(k is inspect.Parameter.KEYWORD_ONLY for k in kinds[n_data:])
    keywords = set(_keywords(name))
    undocumented = keywords - _vocabulary()
    assert not undocumented, f"{name}: keywords not in analysis.plots' vocabulary: {sorted(undocumented)}"
    assert not keywords & OLD_NAMES
    if name in SINGLE_AXES:
        assert set(REQUIRED) <= keywords, f"{name} lacks {sorted(set(REQUIRED) - keywords)}"


def test_shared_keywords_have_one_type_and_one_default():
    seen: dict[str, list[tuple[str, inspect.Parameter]]] = {}
    for name in PUBLIC:
        for kw, p in _keywords(name).items():
            seen.setdefault(kw, []).append((name, p))
    shared = {kw: uses for kw, uses in seen.items() if len(uses) > 1}
    assert {"ax", "xlabel", "title", "source", "synthetic", "legend", "annotate", "ci", "by", "x"} <= set(shared)
    for kw, uses in shared.items():
        if kw in COLUMN_KEYWORDS:  # which column differs by plot; that it names columns does not
            for name, p in uses:
                assert str(p.annotation).startswith("str"), f"{name}({kw}=...) names a column: {p.annotation}"
            continue
        kinds = {(str(p.annotation), repr(p.default)) for _, p in uses}
        assert len(kinds) == 1, f"{kw!r} differs: {[(n, str(p.annotation), p.default) for n, p in uses]}"
    assert seen["ax"][0][1].default is None and seen["legend"][0][1].default is True
    assert seen["synthetic"][0][1].default is False and seen["annotate"][0][1].default is True


@pytest.mark.parametrize("name", SINGLE_AXES)
def test_without_ax_returns_the_axes_of_one_new_figure_and_leaves_rcparams(name):
    args, kwargs = _case(name)
    with mpl.rc_context():
        mpl.rcdefaults()  # the user's own settings: matplotlib's defaults, unlike the shared style
        before = dict(mpl.rcParams)
        figures = set(plt.get_fignums())
        ax = getattr(plots, name)(*args, **kwargs)
        assert dict(mpl.rcParams) == before, f"{name} changed matplotlib's global rcParams"
        assert isinstance(ax, Axes)
        new = set(plt.get_fignums()) - figures
        assert new == {ax.figure.number}, f"{name} left {len(new)} new figures open"
        # drawn in the shared style all the same: no top spine, a grid, the palette's first colour
        assert not ax.spines["top"].get_visible()
        assert ax.xaxis.get_gridlines()[0].get_alpha() == plots.style.RC["grid.alpha"]
        if ax.get_legend() is not None:  # made inside the style, not with the user's settings
            assert ax.get_legend().get_texts()[0].get_fontsize() == plots.style.RC["legend.fontsize"]
        plt.close(ax.figure)
        assert set(plt.get_fignums()) == figures


@pytest.mark.parametrize("name", SINGLE_AXES)
def test_given_ax_is_drawn_on_and_no_figure_is_left(name):
    args, kwargs = _case(name)
    fig, ax = plt.subplots()
    figures = set(plt.get_fignums())
    before = dict(mpl.rcParams)
    assert getattr(plots, name)(*args, ax=ax, **kwargs) is ax
    assert set(plt.get_fignums()) == figures
    assert dict(mpl.rcParams) == before
    assert ax.has_data() or ax.patches or ax.texts
    plt.close(fig)


def test_plot_report_returns_figures_and_leaves_rcparams():
    args, kwargs = _case("plot_report")
    with mpl.rc_context():
        mpl.rcdefaults()
        before = dict(mpl.rcParams)
        figures = set(plt.get_fignums())
        out = plots.plot_report(*args, **kwargs)
        assert dict(mpl.rcParams) == before
        assert out and all(isinstance(f, Figure) for f in out.values())
        assert set(plt.get_fignums()) - figures == {f.number for f in out.values()}
        for f in out.values():
            plt.close(f)
        assert set(plt.get_fignums()) == figures


def test_style_context_is_left_on_error():
    """A plot that raises restores rcParams too (rc_context exits on the exception)."""
    with mpl.rc_context():
        mpl.rcdefaults()
        before = dict(mpl.rcParams)
        with pytest.raises(analysis.DataError):
            plots.plot_frontier(_points(), x="no_such_column")
        assert dict(mpl.rcParams) == before


def test_mixture_curve_hand_case():
    """mixture_curve: x evenly spread on a log axis, every vertex on the line of mixtures."""
    from analysis.plots._common import mixture_curve

    x, y = mixture_curve([100.0, 1000.0], [0.2, 0.6], n=5)
    # x evenly spread on a log axis: 100, 177.8, 316.2, 562.3, 1000; y on the mixture's line
    np.testing.assert_allclose(x, np.geomspace(100, 1000, 5))
    np.testing.assert_allclose(y, 0.2 + 0.4 * (x - 100) / 900)


def test_plots_import_no_analysis_beyond_what_they_name():
    """Plots compute nothing: a plot module imports from the measures or frontiers only what is
    listed here (the answer outcome that colours a dot; the λ slider's own analysis call)."""
    import ast
    from pathlib import Path

    allowed = {("token_distribution", "answer_outcome"), ("compression_path", "length_penalty_path")}
    found = set()
    for path in Path(plots.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in ("measures", "frontiers"):
                found |= {(path.stem, a.name) for a in node.names}
    assert found == allowed
