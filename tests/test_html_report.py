"""python -m analysis report --html: one self-contained page with the conclusions, every figure
inline, the tables rounded, and the data's provenance. (tests/browser/test_html_report_in_browser.py
loads it in Chromium.)"""

import base64
import hashlib
import re

import pytest

import analysis
from analysis.cli import main
from analysis.html_report import _format


@pytest.fixture(scope="module")
def results_csv(tmp_path_factory):
    """Real data as a user's file: three models of the LRM Token Economy study (5 runs per item)."""
    df = analysis.lrm_token_economy()
    models = sorted(df["model"].unique())[:3]
    path = tmp_path_factory.mktemp("report") / "results.csv"
    df[df["model"].isin(models)][["model", "benchmark", "item_id", "sample", "correct", "output_tokens",
                                  "token_source"]].to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def page(results_csv):
    out = results_csv.parent / "report.html"
    assert main(["report", str(results_csv), "--html", str(out), "--n-boot", "50"]) == 0
    return out


def test_page_holds_conclusions_figures_tables_and_provenance(page, results_csv, capsys):
    text = page.read_text(encoding="utf-8")
    responses = analysis.read_any(results_csv)
    report = analysis.efficiency_report(responses)
    for line in analysis.report_conclusions(report):
        assert f"<li>{line}</li>".replace("'", "&#x27;") in text
    # provenance: the file, its hash, its rows, where its tokens come from
    assert hashlib.sha256(results_csv.read_bytes()).hexdigest() in text
    assert f"<td class=\"num\">{len(responses):,}</td>" in text
    assert f"reported: {len(responses):,}" in text
    # every figure plot_report makes, inline as a data: SVG
    images = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', text)
    kinds = {alt.removesuffix(" figure") for _, alt in images}
    assert {"frontier", "budget", "tokens", "parallel"} <= kinds
    assert all(base64.b64decode(data).lstrip().startswith(b"<?xml") for data, _ in images)
    # nothing outside the page
    assert not re.search(r'(src|href)="(?!data:)', text)
    assert "http://" not in text.replace("http://www.w3.org/", "")  # SVG namespaces only
    # tables read as the notebooks: accuracy in percent, tokens as counts
    acc = report.points["accuracy"].iloc[0]
    assert f"{100 * acc:.1f}%" in text


def test_page_is_reproducible(page, results_csv):
    again = results_csv.parent / "again.html"
    assert main(["report", str(results_csv), "--html", str(again), "--n-boot", "50"]) == 0
    first = page.read_text(encoding="utf-8").replace(str(page), "")
    assert again.read_text(encoding="utf-8").replace(str(again), "") == first


def test_report_without_html_prints_conclusions_and_bad_input_is_an_error(results_csv, tmp_path, capsys):
    assert main(["report", str(results_csv), "--n-boot", "20"]) == 0
    assert "on the Pareto frontier" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("model,benchmark,item_id,correct,output_tokens\na,x,1,1,-5\n")
    assert main(["report", str(bad), "--html", str(tmp_path / "r.html")]) == 1  # a data error
    assert "field 'output_tokens'" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_numbers_are_rounded_for_reading():
    assert _format("accuracy", 0.81234) == "81.2%"
    assert _format("acc_low", 0.5) == "50.0%"
    assert _format("mean_tokens", 35176170.4) == "35,176,170"
    assert _format("auc", 0.123456) == "0.123"
    assert _format("q90", 12345.6) == "12,346"
    assert _format("on_frontier", True) == "yes"
    assert _format("model", "o3") == "o3"
    assert _format("tokens_per_correct", float("nan")) == ""
