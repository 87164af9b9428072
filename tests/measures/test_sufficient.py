"""The split of summarize / pass_at_k / token_quantiles into parts, combine and finish: any
partitioning and any row order give the same result (pandas only; Dask in tests/scale)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analysis
from analysis.measures.sufficient import (
    combine_parts,
    histogram_codes,
    histogram_quantiles,
    table_parts,
)
from analysis.measures.summary import finish_summary


def synthetic(seed: int, n_rows: int, fractional: bool = False) -> pd.DataFrame:
    """Synthetic Responses: 3 models x up to 12 items, 1-5 samples, costs (test data only)."""
    rng = np.random.default_rng(seed)
    scores = [0.0, 1.0, 0.5, 0.25, 0.75] if fractional else [0.0, 1.0]  # dyadic: sums are exact
    df = pd.DataFrame({
        "model": rng.choice(["a", "b", "c"], n_rows),
        "setting": "default",
        "benchmark": rng.choice(["x", "y"], n_rows),
        "item_id": [f"q{i}" for i in rng.integers(0, 12, n_rows)],
        "correct": rng.choice(scores, n_rows),
        "output_tokens": rng.integers(0, 60, n_rows),
        "cost_usd": rng.integers(1, 1000, n_rows) / 1024,
    })
    return df


def finish(parts, weights="item"):
    return finish_summary(parts, weights=weights)


def split(df: pd.DataFrame, cuts: list[int]) -> list[pd.DataFrame]:
    bounds = [0, *sorted(set(c % (len(df) + 1) for c in cuts)), len(df)]
    return [df.iloc[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(1, 200), cuts=st.lists(st.integers(0, 400), max_size=6),
       fractional=st.booleans(), perm=st.integers(0, 10_000))
def test_any_partitioning_and_order_gives_the_same_summary(seed, n, cuts, fractional, perm):
    df = synthetic(seed, n, fractional)
    whole = analysis.summarize(df)
    shuffled = df.sample(frac=1, random_state=perm).reset_index(drop=True)
    pieces = [table_parts(p, ("model", "setting", "benchmark")) for p in split(shuffled, cuts)]
    rng = np.random.default_rng(perm)
    # combine in a random tree: associative and commutative
    while len(pieces) > 1:
        i = int(rng.integers(0, len(pieces) - 1))
        pieces[i : i + 2] = [combine_parts([pieces[i + 1], pieces[i]])]
    pd.testing.assert_frame_equal(finish(pieces[0]), whole, rtol=1e-12, atol=1e-12)
    by_answer = analysis.summarize(df, weights="answer")  # both weightings finish from the same parts
    pd.testing.assert_frame_equal(finish(pieces[0], "answer"), by_answer, rtol=1e-12, atol=1e-12)
    pd.testing.assert_frame_equal(analysis.summarize(shuffled), whole, rtol=1e-12, atol=1e-12)


def test_interval_does_not_depend_on_row_order():
    """Many distinct item means, several samples per item: reordering the rows changes nothing
    (the finish step reads items in an order fixed by the data)."""
    rng = np.random.default_rng(3)
    n_items = 40
    rows = []
    for i in range(n_items):
        k = int(rng.integers(2, 9))  # different sample counts: many distinct item means
        rows += [("m", "s", "b", f"q{i}", j, float(rng.random() < (i + 1) / (n_items + 1)), 10) for j in range(k)]
    df = pd.DataFrame(rows, columns=["model", "setting", "benchmark", "item_id", "sample", "correct", "output_tokens"])
    first = analysis.summarize(df)
    assert first["ci_method"].iloc[0] == "cluster wilson"
    for seed in range(3):
        again = analysis.summarize(df.sample(frac=1, random_state=seed))
        pd.testing.assert_frame_equal(again, first)


def test_pass_at_k_and_token_quantiles_under_partitioning():
    df = synthetic(11, 300)
    parts = [table_parts(p, ("model", "setting", "benchmark"), what="pass_at_k") for p in split(df, [50, 51, 200])]
    from analysis.measures.parallel import finish_pass_at_k

    pd.testing.assert_frame_equal(finish_pass_at_k(combine_parts(parts), [1, 2, 3]), analysis.pass_at_k(df, [1, 2, 3]))
    from analysis.measures.distribution import finish_token_quantiles
    from analysis.measures.sufficient import histogram_parts

    for split_correct in (True, False):
        hparts = [histogram_parts(p, ("model",)) for p in split(df, [7, 150])]
        pd.testing.assert_frame_equal(
            finish_token_quantiles(combine_parts(hparts), split_correct=split_correct),
            analysis.token_quantiles(df, split_correct=split_correct),
        )


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.one_of(st.integers(0, 50), st.floats(0, 1e6, allow_nan=False)), min_size=1, max_size=60),
       groups=st.integers(1, 3), q=st.floats(0, 1))
def test_histogram_quantiles_equal_numpy(values, groups, q):
    """Exact order statistics from the histogram: numpy.quantile (linear) on the raw values."""
    t = np.asarray(values, float)
    g = np.arange(len(t)) % groups
    df = pd.DataFrame({"model": [f"m{i}" for i in g], "correct": 1.0, "output_tokens": t})
    parts = analysis.measures.sufficient.histogram_parts(df, ("model",))
    keys = pd.DataFrame({"model": sorted(set(df["model"]))})
    cell, tv, count = histogram_codes(parts, keys, False, "test")
    n, (value,) = histogram_quantiles(cell, tv, count, len(keys), [q])
    for i, name in enumerate(keys["model"]):
        mine = t[df["model"] == name]
        assert n[i] == len(mine)
        assert value[i] == np.quantile(mine, q)


def test_summary_by_hand_from_parts_of_two_files():
    """One item split over two 'files': samples add up before the item mean is taken."""
    a = pd.DataFrame({"model": "m", "setting": "s", "benchmark": "b", "item_id": ["q1", "q1", "q2"],
                      "correct": [1.0, 0.0, 1.0], "output_tokens": [10, 20, 30]})
    b = pd.DataFrame({"model": "m", "setting": "s", "benchmark": "b", "item_id": ["q1", "q2"],
                      "correct": [1.0, 0.0], "output_tokens": [40, 50]})
    by = ("model", "setting", "benchmark")
    row = finish(combine_parts([table_parts(a, by), table_parts(b, by)])).iloc[0]
    assert row["n_items"] == 2 and row["n_samples"] == 5
    assert row["accuracy"] == pytest.approx((2 / 3 + 1 / 2) / 2)
    assert row["median_tokens"] == 30 and row["p90_tokens"] == pytest.approx(46)
    assert row["tokens_per_correct"] == pytest.approx(row["mean_tokens"] / row["accuracy"])
    assert row["mean_tokens"] == pytest.approx(((10 + 20 + 40) / 3 + (30 + 50) / 2) / 2)  # per item, then items
