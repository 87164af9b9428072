"""validate_responses / validate_points: typing, every check, report mode, properties."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analysis
from analysis import DataError


def frame(**overrides):
    base = {
        "model": ["m", "m", "m"],
        "benchmark": ["b", "b", "b"],
        "item_id": [1, 2, 3],
        "correct": [1, 0, 1],
        "output_tokens": [10, 20, 30],
    }
    base.update(overrides)
    return pd.DataFrame(base)


def test_types_and_defaults():
    out = analysis.validate_responses(frame())
    assert list(out.columns[:7]) == ["model", "setting", "benchmark", "item_id", "sample", "correct", "output_tokens"]
    assert out["setting"].tolist() == ["default"] * 3
    assert out["sample"].tolist() == [0, 0, 0]
    assert out["item_id"].tolist() == ["1", "2", "3"]
    assert str(out["output_tokens"].dtype) == "Int64"
    assert out["correct"].dtype == np.float64
    assert out["token_source"].tolist() == ["reported"] * 3


def test_booleans_and_whole_floats_are_accepted():
    out = analysis.validate_responses(frame(correct=[True, False, True], output_tokens=[10.0, 20.0, 30.0]))
    assert out["correct"].tolist() == [1.0, 0.0, 1.0]
    assert out["output_tokens"].tolist() == [10, 20, 30]


def test_extra_columns_are_kept_unchanged():
    out = analysis.validate_responses(frame(lab=["x", "y", "z"]))
    assert out["lab"].tolist() == ["x", "y", "z"]


def test_text_without_usage_leaves_tokens_unknown():
    df = frame(text=["a", "b", "c"]).drop(columns="output_tokens")
    out = analysis.validate_responses(df)
    assert out["output_tokens"].isna().all()
    assert out["token_source"].isna().all()


@pytest.mark.parametrize(
    "column, values, field, words",
    [
        ("output_tokens", [10, -1, 30], "output_tokens", "negative: -1"),
        ("output_tokens", [10, 2.5, 30], "output_tokens", "not a whole number: 2.5"),
        ("output_tokens", [10, "ten", 30], "output_tokens", "not a number: 'ten'"),
        ("output_tokens", [10, np.inf, 30], "output_tokens", "not a finite number"),
        ("correct", [1, 1.01, 0], "correct", "outside [0, 1]"),
        ("correct", [1, None, 0], "correct", "missing value"),
        ("model", ["m", None, "m"], "model", "missing value"),
        ("model", ["m", "  ", "m"], "model", "missing value"),
        ("sample", [0, 1.5, 2], "sample", "not a whole number"),
        ("reasoning_tokens", [5, 21, 1], "reasoning_tokens", "21 is more than output_tokens 20"),
        ("answer_tokens", [5, 21, 1], "answer_tokens", "21 is more than output_tokens 20"),
        ("cost_usd", [0.1, -0.2, 0.1], "cost_usd", "negative"),
        ("token_source", ["reported", "guess", "counted:cl100k_base"], "token_source", "'guess'"),
    ],
)
def test_each_check_names_row_and_field(column, values, field, words):
    with pytest.raises(DataError) as info:
        analysis.validate_responses(frame(**{column: values}), source="my.csv")
    msg = str(info.value)
    assert f"my.csv: row 1: field '{field}'" in msg
    assert words in msg


def test_lines_are_used_in_messages():
    with pytest.raises(DataError, match=r"f.jsonl: line 7: field 'output_tokens'"):
        analysis.validate_responses(frame(output_tokens=[1, -1, 1]), source="f.jsonl", lines=[3, 7, 9])


def test_duplicate_key_names_first_occurrence():
    with pytest.raises(DataError, match=r"row 2: .*same key as row 0"):
        analysis.validate_responses(frame(item_id=[1, 2, 1]))


def test_missing_columns_all_named():
    with pytest.raises(DataError) as info:
        analysis.validate_responses(frame().drop(columns=["correct", "benchmark"]), source="x.csv")
    assert "field 'correct'" in str(info.value) and "field 'benchmark'" in str(info.value)


def test_report_returns_clean_and_rejected():
    df = frame(output_tokens=[10, -1, 7.5], correct=[1, 0, 2])
    clean, rejected = analysis.validate_responses(df, on_error="report")
    assert len(clean) == 1 and len(rejected) == 2
    assert rejected["location"].tolist() == ["row 1", "row 2"]
    assert rejected["reason"].iloc[1].count("field '") == 2  # both problems of row 2, one reason string
    assert rejected["output_tokens"].tolist() == [-1, 7.5]  # original values kept


def test_bad_on_error():
    with pytest.raises(ValueError, match="on_error"):
        analysis.validate_responses(frame(), on_error="ignore")


def test_error_lists_first_problems_and_total():
    n = 120
    df = pd.DataFrame({"model": ["m"] * n, "benchmark": ["b"] * n, "item_id": range(n),
                       "correct": [1] * n, "output_tokens": [-1] * n})
    with pytest.raises(DataError) as info:
        analysis.validate_responses(df)
    assert "120 rows have problems" in str(info.value)
    assert info.value.n_bad_rows == 120


tokens = st.one_of(st.integers(-5, 50), st.floats(-2, 50), st.just(float("nan")), st.just("x"), st.none())
scores = st.one_of(st.floats(-0.5, 1.5), st.just(float("nan")), st.booleans(), st.none())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), tokens, scores, st.one_of(st.none(), st.integers(0, 60))),
                min_size=1, max_size=30))
def test_kept_plus_rejected_equals_input(rows):
    df = pd.DataFrame(rows, columns=["item_id", "output_tokens", "correct", "reasoning_tokens"])
    df["model"], df["benchmark"] = "m", "b"
    clean, rejected = analysis.validate_responses(df, on_error="report")
    assert len(clean) + len(rejected) == len(df)
    # kept rows satisfy every invariant
    assert (clean["output_tokens"].dropna() >= 0).all()
    assert clean["correct"].between(0, 1).all()
    both = clean.dropna(subset=["reasoning_tokens", "output_tokens"])
    assert (both["reasoning_tokens"] <= both["output_tokens"]).all()
    assert not clean.duplicated(["model", "setting", "benchmark", "item_id", "sample"]).any()
    # raise mode raises exactly when something was rejected
    if len(rejected):
        with pytest.raises(DataError):
            analysis.validate_responses(df)
    else:
        analysis.validate_responses(df)


def test_validate_points():
    pts = pd.DataFrame({"model": ["a", "b"], "benchmark": ["x", "x"], "accuracy": [0.5, 0.7],
                        "acc_low": [0.4, 0.8], "mean_tokens": [100.0, 200.0], "confidence": ["A", "B"]})
    with pytest.raises(DataError, match=r"row 1: field 'acc_low': 0.8 is above accuracy 0.7"):
        analysis.validate_points(pts)
    pts.loc[1, "acc_low"] = 0.6
    out = analysis.validate_points(pts)
    assert out["setting"].tolist() == ["default", "default"]
    with pytest.raises(DataError, match="grade"):
        analysis.validate_points(pts.assign(confidence=["A", "D"]))


def test_describe_lists_units():
    d = analysis.describe()
    assert d.set_index("column").loc["output_tokens", "unit"] == "tokens"


# --------------------------------------------------------------------------- on_error overloads


def _on_error_functions():
    from analysis.readers.detect import read_any

    return [analysis.validate_responses, analysis.validate_points, analysis.read_responses,
            analysis.read_inspect_log, analysis.read_lm_eval_samples, analysis.read_provider_responses, read_any]


@pytest.mark.parametrize("func", _on_error_functions(), ids=lambda f: f.__name__)
def test_on_error_is_typed_with_overloads(func):
    """As inspect_ai's dataframe functions: on_error='raise' -> DataFrame, 'report' -> (kept, rejected)."""
    import typing

    overloads = typing.get_overloads(func)
    assert len(overloads) == 2, func.__name__
    seen = {}
    for stub in overloads:
        hints = typing.get_type_hints(stub)
        (mode,) = typing.get_args(hints["on_error"])
        seen[mode] = hints["return"]
    assert seen == {"raise": pd.DataFrame, "report": tuple[pd.DataFrame, pd.DataFrame]}
    assert typing.get_type_hints(func)["on_error"] == typing.Literal["raise", "report"]


def test_on_error_behaves_as_typed(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("model,benchmark,item_id,correct,output_tokens\nm,b,1,1,5\nm,b,2,7,5\n")
    kept, rejected = analysis.read_responses(path, on_error="report")
    assert kept["item_id"].tolist() == ["1"] and rejected["location"].tolist() == ["line 3"]
    with pytest.raises(analysis.DataError, match="line 3: field 'correct'"):
        analysis.read_responses(path)
    with pytest.raises(ValueError, match="on_error must be") as info:
        analysis.read_responses(path, on_error="skip")
    assert not isinstance(info.value, analysis.DataError)
