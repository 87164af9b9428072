"""efficiency_report chains the analysis functions on one Responses table."""

import pandas as pd
import pytest

import analysis


def _responses(samples):
    rows = []
    for model, base in (("short", 100), ("long", 1000)):
        for item in range(4):
            for s in range(samples):
                rows.append({"model": model, "benchmark": "x", "item_id": item, "sample": s,
                             "correct": int((item + s) % 2 == 0 or model == "long"),
                             "output_tokens": base + 10 * item + s})
    return analysis.validate_responses(pd.DataFrame(rows))


def test_report_with_several_samples():
    df = _responses(3)
    rep = analysis.efficiency_report(df, budgets=[50, 200, 2000])
    pd.testing.assert_frame_equal(
        rep.points.drop(columns=["on_frontier", "dominated_by"]),
        analysis.summarize(df), check_like=True)
    assert rep.points.set_index("model")["on_frontier"].to_dict() == {"short": True, "long": True}
    # long: every answer over 1000 tokens, so at B=200 nothing fits; short fits entirely
    curve = rep.budget.set_index(["model", "budget"])["accuracy"]
    assert curve[("long", 200.0)] == 0 and curve[("long", 2000.0)] == 1
    assert curve[("short", 200.0)] == curve[("short", 2000.0)]
    assert sorted(rep.pass_at_k["k"].unique()) == [1, 2, 3]
    assert set(rep.oracle["kind"]) == {"oracle bound", "actual"}
    assert rep.notes == []


def test_report_with_one_sample_says_what_is_missing():
    rep = analysis.efficiency_report(_responses(1))
    assert rep.pass_at_k is None and rep.oracle is None
    assert "one sample per item" in rep.notes[0]
    assert rep.budget.groupby("model")["budget"].apply(lambda b: b.is_monotonic_increasing).all()


def test_conclusions_read_numbers_from_the_report():
    rep = analysis.efficiency_report(_responses(3), budgets=[50, 200, 2000])
    text = "\n".join(analysis.report_conclusions(rep))
    short = rep.points.set_index("model").loc["short"]
    assert f"{100 * short['accuracy']:.1f}% at {short['mean_tokens']:,.0f} tokens" in text
    assert "2 of 2 are on the Pareto frontier" in text
    share = rep.oracle_saved["saved_share"]
    assert f"median {100 * share.median():.0f}% of tokens" in text


def test_plot_report_draws_each_kind_per_benchmark():
    import matplotlib

    matplotlib.use("Agg")
    from analysis.plots import plot_report

    df = pd.concat([_responses(3), _responses(3).assign(benchmark="y")], ignore_index=True)
    rep = analysis.efficiency_report(df)
    figs = plot_report(rep, df, source="synthetic test data", synthetic=True)
    assert set(figs) == {"frontier", "budget", "tokens", "parallel", "oracle_x", "oracle_y"}
    assert len(figs["frontier"].axes) == 2 and len(figs["budget"].axes) == 2
    assert [ax.get_title() for ax in figs["frontier"].axes] == ["x: accuracy against tokens", "y: accuracy against tokens"]
    one = analysis.efficiency_report(_responses(1))
    assert set(plot_report(one, _responses(1))) == {"frontier", "budget", "tokens"}


def test_conclusions_use_the_reports_truncation_threshold():
    df = _responses(3).assign(max_tokens=1002)  # "long" answers of 1000+ tokens hit the cap now and then

    with pytest.warns(analysis.TruncationWarning, match="more than 50%"):  # long: 10 of 12 at the cap
        rep = analysis.efficiency_report(df, truncation_threshold=0.5)
    text = "\n".join(analysis.report_conclusions(rep))
    assert "1 of 2 groups have more than 50% of answers at the generation cap: long on x." in text


def test_report_warns_that_bootstrap_arguments_do_nothing():
    with pytest.warns(FutureWarning, match="efficiency_report: n_boot no longer changes anything"):
        analysis.efficiency_report(_responses(1), n_boot=20)
