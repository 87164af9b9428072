"""Budget curves and their normalised area: hand-computed cases."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analysis
from analysis import DataError, budget_auc, budget_curve, summarize, validate_responses
from analysis.measures.budget import budget_parts, combine_budget_parts, finish_budget_curve, item_counts
from analysis.measures.sufficient import combine_parts


@pytest.fixture
def two_item_df():
    # q1: samples (correct, tokens) (1, 100), (1, 300); q2: (1, 200); q3: (0, 50)
    return validate_responses(pd.DataFrame({
        "model": "m", "setting": "s", "benchmark": "b",
        "item_id": ["q1", "q1", "q2", "q3"], "sample": [0, 1, 0, 0],
        "correct": [1.0, 1.0, 1.0, 0.0], "output_tokens": [100, 300, 200, 50],
    }))


def test_budget_curve_hand_case(two_item_df):
    curve = budget_curve(two_item_df, [0, 100, 199, 200, 1000])
    # per-item means under the cap, then mean over 3 items
    expected = [0.0, (0.5 + 0 + 0) / 3, 0.5 / 3, (0.5 + 1 + 0) / 3, (1 + 1 + 0) / 3]
    assert curve["accuracy"].tolist() == pytest.approx(expected)
    assert curve["within_budget"].tolist() == pytest.approx([0, 0.5, 0.5, 0.75, 1.0])
    assert curve["n_items"].eq(3).all()
    assert curve["budget"].tolist() == [0, 100, 199, 200, 1000]


def test_budget_curve_reaches_summarize_accuracy():
    rng = np.random.default_rng(1)
    n = 400
    df = validate_responses(pd.DataFrame({
        "model": rng.choice(["a", "b", "c"], n), "benchmark": "x", "item_id": rng.integers(0, 40, n).astype(str),
        "sample": np.arange(n), "correct": rng.integers(0, 2, n).astype(float), "output_tokens": rng.integers(0, 5000, n),
    }))
    curve = budget_curve(df, np.linspace(0, 5000, 11))
    top = curve[curve.budget == 5000].reset_index(drop=True)
    pts = summarize(df)
    assert top["accuracy"].to_numpy() == pytest.approx(pts["accuracy"].to_numpy())
    # accuracy never falls as the budget grows
    assert (curve.groupby("model")["accuracy"].diff().dropna() >= -1e-12).all()


def test_budget_curve_errors(two_item_df):
    with pytest.raises(ValueError):
        budget_curve(two_item_df, [])
    with pytest.raises(ValueError):
        budget_curve(two_item_df, [-1])
    df = two_item_df.copy()
    df["output_tokens"] = pd.array([1, None, 3, 4], dtype="Int64")
    with pytest.raises(DataError, match="model=m"):
        budget_curve(df, [10])


def test_budget_auc_linear_and_log():
    curve = pd.DataFrame({"model": "m", "budget": [0, 100, 200], "accuracy": [0.0, 0.5, 1.0]})
    out = budget_auc(curve)
    # trapezoids: (0 + .5) / 2 * 100 + (.5 + 1) / 2 * 100 = 100; over a width of 200
    assert out["auc"].iloc[0] == pytest.approx(0.5)
    assert (out["budget_low"].iloc[0], out["budget_high"].iloc[0]) == (0, 200)
    log_curve = pd.DataFrame({"model": "m", "budget": [10, 100, 1000], "accuracy": [0.2, 0.4, 0.6]})
    out = budget_auc(log_curve, axis="log")
    assert out["auc"].iloc[0] == pytest.approx((0.3 + 0.5) / 2)  # one decade each, over two decades
    assert budget_auc(log_curve, axis="log", t_max=100)["auc"].iloc[0] == pytest.approx(0.3)
    with pytest.raises(DataError, match="budget"):
        budget_auc(curve, axis="log")  # log of a 0 budget
    single = budget_auc(curve[curve.budget == 100])
    assert np.isnan(single["auc"].iloc[0])  # one budget has no width


def test_budget_auc_of_a_budget_curve_per_group(two_item_df):
    df = pd.concat([two_item_df, two_item_df.assign(model="n", correct=1.0)], ignore_index=True)
    curve = budget_curve(df, np.arange(0, 401, 100))
    out = budget_auc(curve).set_index("model")
    # model m: accuracy at 0,100,200,300,400 = 0, 1/6, 1/2, 2/3, 2/3
    m = np.array([0, 1 / 6, 0.5, 2 / 3, 2 / 3])
    assert out.loc["m", "auc"] == pytest.approx(np.sum((m[1:] + m[:-1]) / 2 * 100) / 400)
    assert out.loc["n", "auc"] > out.loc["m", "auc"]


def brute_force_curve(df: pd.DataFrame, budgets, by=("model",)) -> pd.DataFrame:
    """The definition, row by row: per item the mean of correct * [tokens <= B], then the mean over items."""
    rows = []
    for key, g in df.groupby(list(by), sort=True):
        for b in sorted(set(budgets)):
            fit = g.assign(s=g["correct"] * (g["output_tokens"] <= b))
            rows.append((*np.atleast_1d(key), float(b), fit.groupby("item_id")["s"].mean().mean(),
                         float((g["output_tokens"] <= b).mean()), g["item_id"].nunique()))
    return pd.DataFrame(rows, columns=[*by, "budget", "accuracy", "within_budget", "n_items"])


def budget_frame(seed: int, n: int) -> pd.DataFrame:
    """Synthetic Responses (test data only): 2 models, up to 9 items with 1-6 samples, ties in tokens."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "model": rng.choice(["a", "b"], n), "item_id": [f"q{i}" for i in rng.integers(0, 9, n)],
        "correct": rng.choice([0.0, 1.0, 0.5, 0.25], n), "output_tokens": rng.integers(0, 30, n),
    })


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(1, 150), cuts=st.lists(st.integers(0, 300), max_size=6),
       perm=st.integers(0, 10_000))
def test_budget_curve_two_pass_split_for_any_partitioning(seed, n, cuts, perm):
    """Pass 1 (item counts) and pass 2 (histogram given them) over random parts, combined in a
    random tree, finish to the whole-table curve, which equals the row-by-row definition."""
    df = budget_frame(seed, n)
    budgets = [0, 3, 10, 10.5, 29, 40]
    whole = budget_curve(df, budgets, by=("model",))
    pd.testing.assert_frame_equal(whole, brute_force_curve(df, budgets), rtol=1e-12, atol=1e-12, check_dtype=False)
    shuffled = df.sample(frac=1, random_state=perm).reset_index(drop=True)
    bounds = [0, *sorted({c % (n + 1) for c in cuts}), n]
    pieces = [shuffled.iloc[a:b] for a, b in zip(bounds[:-1], bounds[1:])]
    rng = np.random.default_rng(perm)

    def tree(parts, combine):
        parts = list(parts)
        while len(parts) > 1:
            i = int(rng.integers(0, len(parts) - 1))
            parts[i : i + 2] = [combine([parts[i + 1], parts[i]])]
        return parts[0]

    counts = tree([item_counts(p, ("model",)) for p in pieces], combine_parts)
    hist = tree([budget_parts(p, counts) for p in pieces], lambda h: combine_budget_parts(h, ("model",)))
    pd.testing.assert_frame_equal(finish_budget_curve(counts, hist, budgets), whole, rtol=1e-12, atol=1e-12)


def test_budget_histogram_is_bounded_by_distinct_values():
    """Pass 2 keeps one row per (group, item samples, tokens), not one per item or answer."""
    df = pd.DataFrame({"model": "m", "item_id": [f"q{i // 4}" for i in range(400)], "correct": 1.0,
                       "output_tokens": np.arange(400) % 5})
    hist = budget_parts(df, item_counts(df, ("model",)))
    assert len(hist) == 5 and hist["count"].tolist() == [80] * 5 and hist["item_n"].eq(4).all()
    with pytest.raises(DataError, match="first pass"):
        budget_parts(df.assign(item_id="other"), item_counts(df, ("model",)))


def test_budget_onset_hand_computed():
    curve = pd.DataFrame({
        "model": ["a"] * 4 + ["b"] * 3 + ["c"] * 3 + ["d"] * 3,
        "budget": [80, 10, 40, 20, 10, 20, 40, 10, 20, 40, 10, 20, 40],
        # a (given out of order): 0, 0, 0.2, 0.1 over 10..80; b never right; c right from the start;
        # d right at 20 only (zero again at 40 is after the onset)
        "accuracy": [0.1, 0.0, 0.2, 0.0, 0.0, 0.0, 0.0, 0.5, 0.5, 0.6, 0.0, 0.1, 0.0],
    })
    out = analysis.budget_onset(curve).set_index("model")
    assert out.loc["a", ["first_nonzero_budget", "first_nonzero_accuracy", "last_zero_budget", "n_zero_budgets"]].tolist() \
        == [40, 0.2, 20, 2]
    assert np.isnan(out.loc["b", "first_nonzero_budget"]) and np.isnan(out.loc["b", "first_nonzero_accuracy"])
    assert out.loc["b", "last_zero_budget"] == 40 and out.loc["b", "n_zero_budgets"] == 3  # zero everywhere
    assert np.isnan(out.loc["c", "last_zero_budget"]) and out.loc["c", "n_zero_budgets"] == 0
    assert out.loc["c", "first_nonzero_budget"] == 10
    assert out.loc["d", ["first_nonzero_budget", "last_zero_budget", "n_zero_budgets"]].tolist() == [20, 10, 1]
    assert out["n_budgets"].tolist() == [4, 3, 3, 3]


def test_budget_onset_other_budget_column_and_errors():
    caps = pd.DataFrame({"model": "m", "setting": ["cap=1", "cap=2", "cap=4"], "max_tokens": [1024, 2048, 4096],
                         "accuracy": [0.0, 1 / 30, 0.3]})
    row = analysis.budget_onset(caps, by=("model",), budget="max_tokens").iloc[0]
    assert (row["last_zero_budget"], row["first_nonzero_budget"]) == (1024, 2048)
    assert row["first_nonzero_accuracy"] == pytest.approx(1 / 30)
    # by default every key column splits: one row per setting here
    assert len(analysis.budget_onset(caps, budget="max_tokens")) == 3
    with pytest.raises(DataError, match="row 1"):
        analysis.budget_onset(caps.assign(accuracy=[0.0, None, 0.3]), by=("model",), budget="max_tokens")
    with pytest.raises(DataError, match="budget"):
        analysis.budget_onset(caps, by=("model",))
    with pytest.raises(DataError, match="empty"):
        analysis.budget_onset(caps.iloc[0:0], by=("model",), budget="max_tokens")
