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
