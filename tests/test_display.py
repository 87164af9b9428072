"""analysis.display: numbers written for reading, tables narrowed to what matters, text wrapped
at words."""

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis.display import TEXT_WIDTH, format_value, is_percent, readable_frame


@pytest.mark.parametrize("name, value, text", [
    ("accuracy", 0.81234, "81.2%"),
    ("acc_low", 0.5, "50.0%"),
    ("majority_accuracy", 0.755, "75.5%"),
    ("overthinking_share", 0.0312, "3.1%"),
    ("truncation_rate", 1.0, "100.0%"),
    ("pass_at_k", 0.6, "60.0%"),
    ("mean_tokens", 35176170.4, "35,176,170"),
    ("max_tokens", 8192, "8,192"),
    ("n_items", np.int64(30), "30"),
    ("auc", 0.123456, "0.123"),
    ("spearman_rho", -0.4567, "-0.457"),
    ("p_value", 0.0004, "<0.001"),
    ("p_value", 0.04567, "0.046"),
    ("cost_usd", 0.00123456, "0.001235"),
    ("q90", 12345.6, "12,346"),
    ("on_frontier", True, "yes"),
    ("on_frontier", np.bool_(False), "no"),
    ("model", "o3", "o3"),
    ("tokens_per_correct", float("nan"), ""),
    ("compression", None, ""),
])
def test_format_value(name, value, text):
    assert format_value(name, value) == text


def test_percent_columns_by_name():
    assert is_percent("visible_share_implied_low") and is_percent("within_budget")
    assert not is_percent("auc") and not is_percent("wrong_to_right") and not is_percent("outcome_efficiency")


def _points():
    return pd.DataFrame({"model": ["a", "b", "c"], "setting": ["default"] * 3, "n_items": [30, 30, 30],
                         "accuracy": [0.5, 0.667, 1.0], "acc_low": [0.33, 0.49, 0.886], "acc_high": [0.67, 0.81, 1.0],
                         "mean_tokens": [1234.5, 20000.0, 987.0], "std_err": [0.1, 0.2, 0.3]})


def test_readable_frame_joins_intervals_and_folds_constant_labels():
    table, caption = readable_frame(_points(), ["model", "setting", "n_items", "accuracy", "acc_low", "acc_high", "mean_tokens"])
    assert list(table.columns) == ["model", "accuracy (CI)", "mean_tokens"]
    assert list(table["accuracy (CI)"]) == ["50% (33–67%)", "67% (49–81%)", "100% (89–100%)"]
    assert list(table["mean_tokens"]) == ["1,234", "20,000", "987"]  # whole tokens (1234.5 rounds to even)
    assert caption == "on every row: setting default; n_items 30"


def test_readable_frame_keeps_what_it_is_told():
    table, caption = readable_frame(_points(), ["model", "accuracy"], join_intervals=False, fold_constant=False,
                                    formats={"accuracy": lambda v: f"{100 * v:.0f} pts"})
    assert list(table.columns) == ["model", "accuracy"] and caption == ""
    assert list(table["accuracy"]) == ["50 pts", "67 pts", "100 pts"]
    one_row, caption = readable_frame(_points().head(1), ["setting", "accuracy"])
    assert list(one_row.columns) == ["setting", "accuracy"] and caption == ""  # one row: nothing folded
    with pytest.raises(ValueError, match="no column"):
        readable_frame(_points(), ["model", "nope"])


def test_show_table_is_a_styler_without_index_and_with_wrappable_headers():
    styler = analysis.show_table(_points(), ["model", "setting", "accuracy", "acc_low", "acc_high", "mean_tokens"],
                                 caption="three models")
    html = styler.to_html()
    assert "three models on every row: setting default" in html
    assert "mean_<wbr>tokens" in html  # a long column name may break at its underscores
    assert "50% (33–67%)" in html and "0.33" not in html
    assert ">0<" not in html  # no row index
    assert list(styler.data.columns) == ["model", "accuracy (CI)", "mean_tokens"]
    # the frame itself is not changed
    assert _points().equals(_points())


def test_print_wrapped_breaks_at_words_with_a_hanging_indent(capsys):
    words = " ".join(f"word{i}" for i in range(60))
    analysis.print_wrapped(f"2. {words}", "short line\nsecond line")
    lines = capsys.readouterr().out.splitlines()
    assert all(len(line) <= TEXT_WIDTH for line in lines)
    assert lines[0].startswith("2. word0") and all(line.startswith("   word") for line in lines[1:-2])
    assert " ".join(" ".join(lines[:-2]).split()) == f"2. {words}"  # every word kept, none split
    assert lines[-2:] == ["short line", "second line"]
    assert analysis.print_wrapped("x") is None  # prints; returns nothing (the conclusion check relies on it)
