"""The HTML report in headless Chromium, offline: it loads from the file alone (any other request
is blocked and fails the test), every figure renders, and the console stays free of errors."""

from pathlib import Path

import pytest

import analysis
from analysis.cli import main

pytestmark = pytest.mark.browser


def test_report_loads_offline_and_every_image_renders(tmp_path, browser):
    df = analysis.lrm_token_economy()
    models = sorted(df["model"].unique())[:3]
    csv = tmp_path / "results.csv"
    df[df["model"].isin(models)][["model", "benchmark", "item_id", "sample", "correct", "output_tokens",
                                  "token_source"]].to_csv(csv, index=False)
    out = tmp_path / "report.html"
    assert main(["report", str(csv), "--html", str(out), "--n-boot", "50"]) == 0

    page = browser.new_page()
    outside, errors = [], []
    page.route("**/*", lambda route: (outside.append(route.request.url), route.abort())
               if not route.request.url.startswith(("file:", "data:")) else route.continue_())
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("requestfailed", lambda req: errors.append(f"failed: {req.url[:100]}"))
    try:
        page.goto(Path(out).as_uri(), wait_until="load")
        images = page.evaluate("() => [...document.images].map(i => [i.alt, i.complete, i.naturalWidth, i.naturalHeight])")
        assert len(images) >= 4
        broken = [alt for alt, complete, w, h in images if not (complete and w > 100 and h > 100)]
        assert not broken, f"images that did not render: {broken}"
        assert page.locator("h2:text-is('Conclusions') + ul li").count() == len(analysis.report_conclusions(
            analysis.efficiency_report(analysis.read_any(csv))))
        assert page.locator("table").count() >= 4
        assert outside == [] and errors == []
        # nothing wider than the page: tables scroll inside their own box
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        page.close()
