"""pass@k (unbiased estimator) and majority vote against direct and brute-force computation."""

from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from scipy.special import comb

from analysis import DataError, majority_vote, pass_at_k, validate_responses


def make(items):
    """items: {item_id: [(correct, answer), ...]} -> validated Responses with tokens 100."""
    rows = [("m", "s", "b", q, i, c, 100 * (i + 1), a) for q, samples in items.items() for i, (c, a) in enumerate(samples)]
    df = pd.DataFrame(rows, columns=["model", "setting", "benchmark", "item_id", "sample", "correct", "output_tokens", "answer"])
    return validate_responses(df)


def test_pass_at_k_hand_case():
    df = make({"q1": [(1, "a"), (1, "a"), (0, "b"), (0, "c"), (0, "d")]})
    out = pass_at_k(df, [1, 2, 4, 5])
    # n=5, c=2: k=1 -> .4; k=2 -> 1 - C(3,2)/C(5,2) = 1 - 3/10; k=4, 5 -> 1 (n - c < k)
    assert out["pass_at_k"].tolist() == pytest.approx([0.4, 0.7, 1.0, 1.0])
    assert out["mean_tokens"].iloc[0] == pytest.approx(300)
    assert out["total_tokens"].tolist() == pytest.approx([300, 600, 1200, 1500])


def test_pass_at_k_matches_combinations():
    rng = np.random.default_rng(5)
    items = {}
    for q in range(30):
        n = int(rng.integers(1, 40))
        c = rng.integers(0, 2, n)
        items[f"q{q}"] = [(int(v), str(v)) for v in c]
    df = make(items)
    for k in (1, 3, 10):
        expected = []
        for samples in items.values():
            n, c = len(samples), sum(s[0] for s in samples)
            if n >= k:
                expected.append(1 - comb(n - c, k, exact=True) / comb(n, k, exact=True))
        row = pass_at_k(df, [k]).iloc[0]
        assert row["pass_at_k"] == pytest.approx(np.mean(expected), rel=1e-10)
        assert row["n_items"] == len(expected) and row["n_items_short"] == 30 - len(expected)


def test_pass_at_k_large_n_is_stable_and_needs_binary_scores():
    df = make({"q": [(int(i < 3), "x") for i in range(2000)]})
    p = pass_at_k(df, [100])["pass_at_k"].iloc[0]
    assert p == pytest.approx(1 - comb(1997, 100, exact=True) / comb(2000, 100, exact=True), rel=1e-9)
    half = df.assign(correct=0.5)
    with pytest.raises(DataError, match="0 or 1"):
        pass_at_k(half, [1])


def brute_majority(samples, k):
    """Exact expected vote accuracy: every k-subset, ties split evenly among tied answers."""
    score = {}
    for c, a in samples:
        score.setdefault(a, []).append(c)
    score = {a: np.mean(v) for a, v in score.items()}
    values = []
    for subset in combinations(range(len(samples)), k):
        votes = {}
        for i in subset:
            a = samples[i][1]
            if a is not None:
                votes[a] = votes.get(a, 0) + 1
        if not votes:
            values.append(0.0)
            continue
        top = max(votes.values())
        tied = [a for a, v in votes.items() if v == top]
        values.append(np.mean([score[a] for a in tied]))
    return np.mean(values)


def test_majority_vote_hand_case():
    df = make({"q1": [(1, "A"), (1, "A"), (0, "B")]})
    out = majority_vote(df, [1, 2, 3], n_draws=4000, seed=1)
    # k=1: 2/3; k=2: {AA} -> 1, {AB} x2 -> tie, 1/2 -> (1 + .5 + .5) / 3; k=3: A wins
    assert out["majority_accuracy"].tolist() == pytest.approx([2 / 3, 2 / 3, 1.0], abs=0.03)
    assert out["majority_accuracy"].iloc[2] == 1.0
    assert out["total_tokens"].tolist() == pytest.approx([200, 400, 600])


def test_majority_vote_matches_exact_enumeration():
    rng = np.random.default_rng(2)
    items = {}
    for q in range(12):
        n = int(rng.integers(3, 8))
        answers = rng.choice(["x", "y", "z", None], size=n, p=[0.4, 0.3, 0.2, 0.1])
        items[f"q{q}"] = [(1 if a == "x" else 0, a) for a in answers]
    df = make(items)
    for k in (1, 2, 3):
        expected = np.mean([brute_majority(s, k) for s in items.values() if len(s) >= k])
        got = majority_vote(df, [k], n_draws=3000, seed=0)["majority_accuracy"].iloc[0]
        assert got == pytest.approx(expected, abs=0.02)
    short = majority_vote(df, [6], n_draws=10)
    assert short["n_items"].iloc[0] + short["n_items_short"].iloc[0] == 12


def test_majority_vote_is_seeded():
    df = make({"q1": [(1, "A"), (0, "B"), (0, "C"), (1, "A")]})
    a = majority_vote(df, [2], n_draws=50, seed=3)
    b = majority_vote(df, [2], n_draws=50, seed=3)
    pd.testing.assert_frame_equal(a, b)
    with pytest.raises(DataError, match="answer"):
        majority_vote(df.drop(columns="answer"), [1])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from([0.0, 1.0, 0.5]), st.sampled_from(["x", "y", "z", "w", None])),
                         min_size=1, max_size=8), min_size=1, max_size=5),
       st.integers(1, 8))
def test_majority_vote_exact_equals_enumeration_of_every_subset(item_list, k):
    # Fractional scores: an answer scores the mean of its samples' scores (brute_majority does too).
    items = {f"q{i}": s for i, s in enumerate(item_list)}
    df = make(items)
    expected = [brute_majority(s, k) for s in items.values() if len(s) >= k]
    for exact in (True, None):  # None: exact wherever C(min(k, n-k) + A, A) <= 20 * n_draws (all here)
        out = majority_vote(df, [k], exact=exact).iloc[0]
        if not expected:
            assert np.isnan(out["majority_accuracy"]) and out["n_items"] == 0
            continue
        assert out["majority_accuracy"] == pytest.approx(np.mean(expected), rel=1e-9, abs=1e-12)
        assert bool(out["exact"])


def test_majority_vote_exact_hand_case_and_left_out_side():
    # n=5: A A B B -, k=4 enumerates the one left out: leave out an A -> B wins 2-1 (score 0);
    # a B -> A wins (1); the missing one -> A-B tie (0.5). (2 * 0 + 2 * 1 + 0.5) / 5 = 0.5.
    df = make({"q1": [(1, "A"), (1, "A"), (0, "B"), (0, "B"), (0, None)]})
    out = majority_vote(df, [1, 4, 5], exact=True)
    assert out["majority_accuracy"].tolist() == pytest.approx([0.4, 0.5, 0.5], abs=1e-12)
    assert out["exact"].all()


def test_majority_vote_falls_back_to_monte_carlo_for_many_answers():
    # 30 samples, 30 distinct answers: C(10 + 30, 30) patterns at k = 10 -> Monte Carlo.
    items = {"q1": [(int(i == 0), f"a{i}") for i in range(30)], "q2": [(1, "x")] * 12 + [(0, "y")] * 18}
    df = make(items)
    out = majority_vote(df, [1, 10], n_draws=2000, seed=1)
    assert out["exact"].tolist() == [True, False]  # k = 1: 31 patterns for q1
    # q1: with all answers distinct, every vote is a k-way tie: expected 1/30 for any k.
    q2 = [brute_majority(items["q2"], 1)]
    assert out["majority_accuracy"].iloc[0] == pytest.approx((1 / 30 + q2[0]) / 2, abs=1e-12)
    q2_k10 = majority_vote(make({"q2": items["q2"]}), [10])
    assert bool(q2_k10["exact"].iloc[0])
    expected = (1 / 30 + q2_k10["majority_accuracy"].iloc[0]) / 2
    assert out["majority_accuracy"].iloc[1] == pytest.approx(expected, abs=0.02)


def test_majority_vote_monte_carlo_only_is_the_earlier_estimate():
    rng = np.random.default_rng(3)
    items = {f"q{q}": [(int(a == "x"), a) for a in rng.choice(["x", "y", "z"], size=7, p=[0.5, 0.3, 0.2])]
             for q in range(10)}
    df = make(items)
    mc = majority_vote(df, [3], n_draws=4000, seed=2, exact=False)
    ex = majority_vote(df, [3])
    assert not mc["exact"].any() and ex["exact"].all()
    assert mc["majority_accuracy"].iloc[0] == pytest.approx(ex["majority_accuracy"].iloc[0], abs=0.02)
    pd.testing.assert_frame_equal(mc, majority_vote(df, [3], n_draws=4000, seed=2, exact=False))


def _wilson(x, n, z=1.959963984540054):
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def test_parallel_vs_chain_hand_computed():
    from analysis import parallel_vs_chain

    parallel = pd.DataFrame({"model": "m", "setting": ["low", "low"], "k": [1, 4], "pass_at_k": [0.3, 0.6],
                             "n_items": [10, 10], "total_tokens": [100.0, 400.0]})
    chains = pd.DataFrame({"model": "m", "setting": ["high", "medium"], "accuracy": [0.7, 0.5],
                           "acc_low": [0.4, 0.2], "acc_high": [0.9, 0.8], "mean_tokens": [200.0, 800.0]})
    out = parallel_vs_chain(parallel, chains, [({"model": "m", "setting": "low", "k": 4}, {"setting": "high"}),
                                               ({"setting": "low", "k": 4}, {"setting": "medium"})])
    assert list(out["chain_setting"]) == ["high", "medium"] and list(out["parallel_setting"]) == ["low", "low"]
    first = out.iloc[0]
    lo, hi = _wilson(6, 10)  # 6 of 10, the plain Wilson interval (0.313, 0.832)
    assert (first["parallel_low"], first["parallel_high"]) == pytest.approx((lo, hi))
    assert (lo, hi) == pytest.approx((0.3127, 0.8318), abs=1e-4)
    assert first["difference"] == pytest.approx(-0.1)
    assert first["diff_low"] == pytest.approx(-0.1 - np.hypot(0.6 - lo, 0.9 - 0.7))
    assert first["diff_high"] == pytest.approx(-0.1 + np.hypot(hi - 0.6, 0.7 - 0.4))
    assert not first["distinguishable"]
    assert (first["k"], first["n_items"], first["token_ratio"]) == (4, 10, 2.0)
    assert out.iloc[1]["token_ratio"] == 0.5 and out.iloc[1]["difference"] == pytest.approx(0.1)


def test_parallel_vs_chain_names_what_it_cannot_find():
    from analysis import parallel_vs_chain

    parallel = pd.DataFrame({"model": ["m", "m"], "k": [2, 2], "pass_at_k": [0.5, 0.6], "n_items": [10, 10],
                             "total_tokens": [1.0, 1.0], "setting": ["a", "b"]})
    chains = pd.DataFrame({"model": ["c"], "accuracy": [0.5], "acc_low": [0.2], "acc_high": [0.8], "mean_tokens": [1.0]})
    with pytest.raises(DataError, match="2 rows"):
        parallel_vs_chain(parallel, chains, [({"model": "m", "k": 2}, {"model": "c"})])
    with pytest.raises(DataError, match="matches no row"):
        parallel_vs_chain(parallel, chains, [({"model": "m", "setting": "a", "k": 2}, {"model": "missing"})])
    with pytest.raises(DataError, match="acc_low"):
        parallel_vs_chain(parallel, chains.drop(columns="acc_low"), [({"setting": "a", "k": 2}, {"model": "c"})])
    with pytest.raises(DataError, match="no value"):
        parallel_vs_chain(parallel.assign(pass_at_k=np.nan), chains, [({"setting": "a", "k": 2}, {"model": "c"})])
    with pytest.raises(ValueError):
        parallel_vs_chain(parallel, chains, [])


def test_vote_against_single_hand_computed():
    """Three items with 3 samples, one with 2 (too few for a vote of 3): single-sample accuracy
    is the mean of correct, the vote the majority answer's score."""
    from analysis import vote_against_single
    from analysis.intervals import paired_difference_interval

    df = make({
        "q1": [(1, "A"), (1, "A"), (0, "B")],  # single 2/3, vote A: 1
        "q2": [(0, "B"), (1, "A"), (1, "A")],  # single 2/3, vote A: 1
        "q3": [(1, "A"), (1, "A"), (1, "A")],  # single 1, vote 1
        "q4": [(1, "A"), (0, "B")],  # short at k = 3
    })
    row = vote_against_single(df, 3).iloc[0]
    assert (row["n_items"], row["n_items_short"], row["k"]) == (3, 1, 3)
    assert row["single_accuracy"] == pytest.approx(7 / 9) and row["vote_accuracy"] == pytest.approx(1.0)
    assert row["difference"] == pytest.approx(2 / 9)
    low, high, p = paired_difference_interval([2 / 3, 2 / 3, 1], [1, 1, 1], [3, 3, 3], [1, 1, 1])
    assert (row["diff_low"], row["diff_high"], row["p_value"]) == pytest.approx((low, high, p))
    assert row["diff_low"] < row["difference"] < row["diff_high"]
    # tokens: make() gives sample i 100 (i + 1) tokens; 11 answers, mean over all of them
    mean_t = (3 * (100 + 200 + 300) + 100 + 200) / 11
    assert row["single_tokens"] == pytest.approx(mean_t) and row["vote_tokens"] == pytest.approx(3 * mean_t)


def test_vote_against_single_ties_groups_and_errors():
    from analysis import vote_against_single

    # k = 2 from A, A, B (A right): {A, A} wins A; {A, B} twice is a tie split evenly: (1 + 0.5 + 0.5) / 3
    tie = make({"q1": [(1, "A"), (1, "A"), (0, "B")]})
    row = vote_against_single(tie, 2).iloc[0]
    assert row["vote_accuracy"] == pytest.approx(2 / 3) and row["single_accuracy"] == pytest.approx(2 / 3)
    assert row["difference"] == pytest.approx(0.0)
    # a second model whose only item has too few samples gives no row; every model short is an error
    two = pd.concat([make({"q1": [(1, "A"), (0, "B"), (1, "A")]}),
                     make({"q1": [(1, "A")]}).assign(model="n")], ignore_index=True)
    out = vote_against_single(two, 3, by=("model",))
    assert list(out["model"]) == ["m"] and out.iloc[0]["vote_accuracy"] == pytest.approx(1.0)
    with pytest.raises(DataError, match="no item has 5 samples"):
        vote_against_single(two, 5, by=("model",))
    with pytest.raises(ValueError):
        vote_against_single(two, 1)
    with pytest.raises(DataError, match="answer"):
        vote_against_single(two.drop(columns="answer"), 3)
