"""synthetic_votes: labelled synthetic, valid, seeded, answers agree with scores."""

import numpy as np

from analysis import majority_vote, synthetic_votes, validate_responses


def test_named_synthetic_and_valid():
    df = synthetic_votes(n_items=20, n_samples=5)
    validate_responses(df)
    assert df["model"].str.startswith("SYNTHETIC").all()
    assert (df["benchmark"] == "synthetic").all()
    assert (df["token_source"] == "estimated:synthetic").all()
    assert len(df) == 2 * 20 * 5


def test_seeded():
    a, b = synthetic_votes(n_items=10, seed=3), synthetic_votes(n_items=10, seed=3)
    assert a.equals(b)
    assert not a.equals(synthetic_votes(n_items=10, seed=4))


def test_answer_matches_correct():
    df = synthetic_votes(n_items=50, n_samples=4)
    assert ((df["answer"] == "A") == (df["correct"] == 1)).all()


def test_skill_orders_accuracy_and_voting_helps_a_competent_model():
    df = synthetic_votes(n_items=300, n_samples=9, models={"weak": (-1.0, 100.0), "strong": (1.5, 100.0)})
    acc = df.groupby("model")["correct"].mean()
    assert acc["SYNTHETIC strong"] > acc["SYNTHETIC weak"]
    mv = majority_vote(df[df["model"] == "SYNTHETIC strong"], [1, 9], n_draws=50)
    assert np.diff(mv["majority_accuracy"].to_numpy())[0] > 0
