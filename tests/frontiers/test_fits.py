"""fit_log_tokens: exact recovery on noiseless data, intervals on noisy data, defined failures."""

import numpy as np
import pandas as pd
import pytest

from analysis import DataError, fit_log_tokens


def test_linear_fit_recovers_exact_line():
    tokens = np.array([100.0, 1000, 10000, 100000])
    pts = pd.DataFrame({"mean_tokens": tokens, "accuracy": 0.1 + 0.15 * np.log10(tokens)})
    out = fit_log_tokens(pts, forms=["linear"]).set_index("param")
    assert out.loc["a", "estimate"] == pytest.approx(0.1, abs=1e-9)
    assert out.loc["b", "estimate"] == pytest.approx(0.15, abs=1e-9)
    assert out.loc["b", "std_err"] == pytest.approx(0, abs=1e-8)
    assert out["n_points"].eq(4).all() and out["rss"].iloc[0] == pytest.approx(0, abs=1e-15)


def test_logistic_fit_intervals_cover_true_parameters():
    """200 simulated saturating curves (one group each): every parameter's 95% interval should
    cover its true value in roughly 95% of them (88-99% allowed for 200 draws)."""
    rng = np.random.default_rng(0)
    u = np.linspace(2, 5, 25)
    n_sim = 200
    acc = 0.8 / (1 + np.exp(-2.5 * (u - 3.2))) + rng.normal(0, 0.01, (n_sim, u.size))
    pts = pd.DataFrame({"model": np.repeat([f"sim{i:03d}" for i in range(n_sim)], u.size),
                        "mean_tokens": np.tile(10**u, n_sim), "accuracy": acc.ravel()})
    out = fit_log_tokens(pts, by="model")
    logi = out[out.form == "logistic"]
    for name, true in (("ceiling", 0.8), ("slope", 2.5), ("midpoint", 3.2)):
        p = logi[logi.param == name]
        coverage = ((p["ci_low"] <= true) & (true <= p["ci_high"])).mean()
        assert 0.88 <= coverage <= 0.99, (name, coverage)
    assert set(out["form"]) == {"linear", "logistic"}
    rss = out.groupby(["model", "form"])["rss"].first().unstack()
    assert (rss["logistic"] < rss["linear"]).all()  # the saturating form fits a saturating curve better


def test_too_few_points_and_bad_input():
    pts = pd.DataFrame({"mean_tokens": [100.0, 1000.0], "accuracy": [0.2, 0.4]})
    out = fit_log_tokens(pts)
    lin = out[out.form == "linear"]
    assert lin["estimate"].tolist() == pytest.approx([0.2 - 0.4, 0.2])  # exact through two points
    assert lin["note"].iloc[0].startswith("not identified: as many points") and not lin["identified"].any() and lin["std_err"].isna().all()
    logi = out[out.form == "logistic"]
    assert logi["estimate"].isna().all() and "needs at least 3" in logi["note"].iloc[0]
    with pytest.raises(DataError, match="tokens > 0"):
        fit_log_tokens(pts.assign(mean_tokens=[0.0, 10.0]))
    with pytest.raises(DataError, match=r"^fit_log_tokens: row 1: field 'mean_tokens': not a finite number"):
        fit_log_tokens(pts.assign(mean_tokens=[100.0, np.inf]))
    with pytest.raises(DataError, match=r"^fit_log_tokens: row 0: field 'accuracy'"):
        fit_log_tokens(pts.assign(accuracy=[None, 0.4]))
    with pytest.raises(ValueError, match="unknown form"):
        fit_log_tokens(pts, forms=["cubic"])


def test_logistic_with_most_points_at_zero_is_not_identified():
    """The notebook 04 shape: 7 caps, accuracy 0 at the 4 smallest. The 3 others fix the 3
    logistic parameters exactly, so curve_fit's residual variance is ~0 and its interval a
    spurious +-0.001: no interval is reported, and the note says why."""
    pts = pd.DataFrame({"mean_tokens": [128.0, 256, 512, 1024, 2048, 4096, 8192],
                        "accuracy": [0, 0, 0, 0, 1 / 30, 7 / 30, 9 / 30]})
    out = fit_log_tokens(pts)
    logi = out[out.form == "logistic"]
    assert not logi["identified"].any()
    assert logi["ci_low"].isna().all() and logi["std_err"].isna().all()
    assert "only 3 of 7 points above 0 for 3 parameters" in logi["note"].iloc[0]
    lin = out[out.form == "linear"]
    assert lin["identified"].all() and lin["ci_low"].notna().all()
    # with 5 points above zero the same form is identified and gets intervals
    ok = fit_log_tokens(pts.assign(accuracy=[0.02, 0.05, 0.1, 0.18, 0.24, 0.28, 0.3]), forms=["logistic"])
    assert ok["identified"].all() and ok["ci_low"].notna().all()
