"""Group and item coding (analysis._groups) against pandas' own grouping, constant columns included."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from analysis import DataError
from analysis._groups import _dense_codes, group_codes, item_codes

labels = st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), n=st.integers(1, 40))
def test_group_codes_match_pandas_groupby(data, n):
    cols = {c: data.draw(st.lists(st.sampled_from(pool), min_size=n, max_size=n))
            for c, pool in [("model", ["x", "y", "z"]), ("setting", ["lo", "hi"]), ("benchmark", ["b"])]}
    df = pd.DataFrame(cols).astype("string")
    df["item_id"] = data.draw(st.lists(st.sampled_from(["q1", "q2", "q3"]), min_size=n, max_size=n))
    gid, keys = group_codes(df, ["model", "setting", "benchmark"], "test")
    expected = df.groupby(["model", "setting", "benchmark"], sort=True).ngroup().to_numpy()
    np.testing.assert_array_equal(gid, expected)
    ref_keys = df.groupby(["model", "setting", "benchmark"], sort=True).size().reset_index()
    assert keys.astype(str).values.tolist() == ref_keys[["model", "setting", "benchmark"]].astype(str).values.tolist()
    iid, item_gid = item_codes(df, gid)
    ref_iid = df.assign(g=gid).groupby(["g", "item_id"], sort=True).ngroup().to_numpy()
    # Same partition (item codes follow first appearance within a group, not label order).
    assert len(set(zip(iid, ref_iid))) == len(set(iid)) == len(set(ref_iid)) == int(iid.max()) + 1
    assert (np.diff(item_gid) >= 0).all()  # items ordered by group
    np.testing.assert_array_equal(item_gid[iid], gid)


def test_constant_column_with_a_missing_value_is_still_an_error():
    df = pd.DataFrame({"model": ["m", "m", "m"], "benchmark": pd.array(["b", None, "b"], dtype="string")})
    with pytest.raises(DataError, match="row 1"):
        group_codes(df, ["model", "benchmark"], "test")
    df = pd.DataFrame({"model": pd.array([None, None], dtype="string")})
    with pytest.raises(DataError, match="row 0"):
        group_codes(df, ["model"], "test")


def test_constant_numeric_and_mixed_columns():
    df = pd.DataFrame({"k": [3, 3, 3, 3], "budget": [1.0, 1.0, 2.0, 1.0]})
    gid, keys = group_codes(df, ["k", "budget"], "test")
    assert gid.tolist() == [0, 0, 1, 0]
    assert keys.to_dict("list") == {"k": [3, 3], "budget": [1.0, 2.0]}


def test_dense_codes_both_paths_agree_with_factorize():
    rng = np.random.default_rng(0)
    for size in (50, 10**9):  # presence table / hashing
        values = rng.integers(0, size, 200)
        codes, n = _dense_codes(values, size)
        ref, uniq = pd.factorize(values, sort=True)
        np.testing.assert_array_equal(codes, ref)
        assert n == len(uniq)


# --------------------------------------------------------------------------- group labels


def test_group_labels_one_separator_names_missing_and_omit():
    from analysis._groups import LABEL_SEP, group_labels

    df = pd.DataFrame({"model": ["org/m1", "m2", "m3", None], "setting": ["high", "default", None, "low"]})
    assert LABEL_SEP == ", "
    assert group_labels(df, ["model", "setting"]).tolist() == ["org/m1, high", "m2, default", "m3, NA", "NA, low"]
    assert group_labels(df, ["model", "setting"], omit=("default", "NA")).tolist() == ["org/m1, high", "m2", "m3", "low"]
    assert group_labels(df, ["model", "setting"], names=True).iloc[0] == "model=org/m1, setting=high"
    # every part left out: the first column's value stands rather than an empty label
    assert group_labels(pd.DataFrame({"setting": ["default"]}), ["setting"], omit=("default",)).tolist() == ["default"]
    assert group_labels(df, []).tolist() == ["all rows"] * 4
    assert group_labels(df.iloc[0:0], ["model"]).tolist() == []
    assert list(group_labels(df.set_index(pd.Index([5, 6, 7, 8])), ["model"]).index) == [5, 6, 7, 8]


@settings(max_examples=40, deadline=None)
@given(a=labels, data=st.data())
def test_group_labels_equal_a_row_by_row_join(a, data):
    """Labelled once per group and spread: the same as joining each row's values."""
    from analysis._groups import group_labels

    b = data.draw(st.lists(st.sampled_from(["x", "default", None]), min_size=len(a), max_size=len(a)))
    df = pd.DataFrame({"model": a, "setting": pd.array(b, dtype="string")})
    expected = []
    for m, s in zip(a, b):
        kept = [v for v in (m, "NA" if s is None else s) if v != "default"]
        expected.append(", ".join(kept) if kept else m)
    assert group_labels(df, ["model", "setting"], omit=("default",)).tolist() == expected


def test_messages_and_warnings_name_groups_the_same_way():
    """A token sanity warning, a truncation warning and a missing-count error label a group alike."""
    import warnings as w

    from analysis import TokenSanityWarning, check_token_sanity, summarize, truncation_rate

    df = pd.DataFrame({"model": ["a"] * 3, "setting": ["s"] * 3, "benchmark": ["x"] * 3, "item_id": ["1", "2", "3"],
                       "correct": [1.0, 0.0, 1.0], "output_tokens": pd.array([5, None, 5], dtype="Int64"),
                       "truncated": pd.array([True, False, False], dtype="boolean")})
    with w.catch_warnings(record=True) as caught:
        w.simplefilter("always")
        check_token_sanity(df, by=("model", "setting"))
        truncation_rate(df)
    texts = [str(c.message) for c in caught]
    assert any("model=a, setting=s: usage is missing for 1 of 3" in t for t in texts)
    assert any(": a, s, x (1/3)" in t for t in texts)
    with pytest.raises(DataError, match=r"group \(model=a, setting=s, benchmark=x\)"):
        summarize(df)
    assert TokenSanityWarning in {c.category for c in caught}


def test_bootstrap_seed_text_did_not_change():
    """group_rng seeds from the labels as first written; the figures' intervals depend on it."""
    import zlib

    from analysis._groups import group_rng

    keys = pd.DataFrame({"model": ["a"], "setting": ["s"]})
    expected = np.random.default_rng([7, zlib.crc32(b"model=a, setting=s")]).random(3)
    np.testing.assert_array_equal(group_rng(7, keys, 0).random(3), expected)


# --------------------------------------------------------------------------- required columns


def test_require_columns_names_what_each_missing_column_and_the_columns_present():
    from analysis._groups import require_columns

    df = pd.DataFrame({"a": [1], "b": [2]})
    require_columns(df, ["a", "b"], "step")
    with pytest.raises(DataError) as info:
        require_columns(df, ["a", "c", "d"], "step", why="needed for the sum")
    assert [(p.source, p.field) for p in info.value.problems] == [("step", "c"), ("step", "d")]
    assert str(info.value.problems[0]) == "step: field 'c': needed for the sum (columns present: a, b)"
    with pytest.raises(TypeError, match="step: expected a pandas DataFrame"):
        require_columns([1, 2], ["a"], "step")


@pytest.mark.parametrize("call, field", [
    (lambda: __import__("analysis").validate_responses(pd.DataFrame({"model": ["m"]})), "benchmark"),
    (lambda: __import__("analysis").mark_truncated(pd.DataFrame({"x": [1]}), finish_reason_col="why"), "why"),
    (lambda: __import__("analysis").summarize(pd.DataFrame({"model": ["m"]})), "item_id"),
])
def test_every_missing_column_check_says_the_same(call, field):
    with pytest.raises(DataError) as info:
        call()
    problem = next(p for p in info.value.problems if p.field == field)
    assert "(columns present: " in problem.message
