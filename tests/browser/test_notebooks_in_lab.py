"""Each notebook in JupyterLab, in headless Chromium, as a reader runs it: opening it changes
nothing, Run All gives no error and no stderr output, every widget renders as a live control,
and moving a slider redraws its figure.

The notebooks run side by side (a few pages at once, each with its own kernel) to keep the
whole run within a few minutes; each notebook is still its own test.
"""

from __future__ import annotations

import json
import platform
import re
import time
from pathlib import Path

import pytest

from analysis.run_notebooks import notebook_paths

pytestmark = pytest.mark.browser

NOTEBOOKS = notebook_paths()
#: pages (kernels) at once
AT_ONCE = 4
#: seconds for one notebook's Run All
RUN_TIMEOUT = 240
#: the text a widget shows when it is not rendered (no widget manager in the page, or an error)
WIDGET_FALLBACK = re.compile(r"^(interactive|\w*Slider|VBox|HBox|Output)\(|Error displaying widget|Loading widget")
STDERR = '[data-mime-type="application/vnd.jupyter.stderr"]'  # stderr streams and tracebacks alike
DIRTY = ("name => [...document.querySelectorAll('li.lm-TabBar-tab')]"
         ".some(t => t.innerText.trim() === name && t.classList.contains('jp-mod-dirty'))")
IDLE = "() => /\\|\\s*Idle/.test(document.querySelector('#jp-main-statusbar')?.innerText || '')"
DONE = """([n, stderr]) => {
    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
    const done = prompts.length === n && prompts.every(p => /\\[\\d+\\]/.test(p.innerText));
    const failed = [...document.querySelectorAll('.jp-OutputArea-output' + stderr)]
        .some(o => /Error|Traceback/.test(o.innerText));
    return done || failed;
}"""


class Run:
    """One notebook in its own page: what it should show, and the problems found."""

    def __init__(self, path: Path, page):
        self.path, self.page = path, page
        self.committed = json.loads(path.read_text())
        code = ["".join(c["source"]) for c in self.committed["cells"] if c["cell_type"] == "code"]
        self.n_code = len(code)
        self.wants_widget = any("_widget(" in src for src in code)
        self.problems: list[str] = []
        self.seconds = 0.0
        page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))


def _open_and_save(run: Run, lab) -> None:
    """Opening changes nothing: no unsaved change, and saving writes the committed metadata
    (``language_info.version`` is the Python the notebooks were saved with; under another
    Python that one field differs)."""
    page, name = run.page, run.path.name
    page.wait_for_selector(".jp-Notebook .jp-Cell", state="attached", timeout=90000)
    page.wait_for_function(IDLE, timeout=90000)
    running = platform.python_version()
    if run.committed["metadata"]["language_info"]["version"] == running and page.evaluate(DIRTY, name):
        run.problems.append("opening it in JupyterLab modified it")
    page.locator(".jp-NotebookPanel .jp-Notebook").first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Control+s")
    page.wait_for_function(f"name => !({DIRTY})(name)", arg=name, timeout=30000)
    saved = _read_saved(lab.root / name)["metadata"]
    expected = json.loads(json.dumps(run.committed["metadata"]))
    expected["language_info"]["version"] = running
    if saved != expected:
        run.problems.append(f"JupyterLab rewrote the metadata: {saved} (committed: {run.committed['metadata']})")


def _read_saved(path: Path, wait: float = 20) -> dict:
    """The notebook file once the server has finished writing it (it writes in place)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return json.loads(path.read_text())
        except ValueError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _run_all(run: Run) -> None:
    run.page.click("#jp-menu-panel .lm-MenuBar-itemLabel:text-is('Run')")
    run.page.click(".lm-Menu-item:has-text('Run All Cells') >> nth=0")


def _check_outputs(run: Run) -> None:
    page = run.page
    run.problems += [f"stderr or error output: {t[:600]}"
                     for t in page.locator(f".jp-OutputArea-output{STDERR}").all_inner_texts()]
    prompts = page.locator(".jp-CodeCell .jp-InputArea-prompt").all_inner_texts()
    if not all(re.search(r"\[\d+\]", p) for p in prompts):
        run.problems.append(f"not every cell ran: prompts {prompts}")
    for text in page.locator(".jp-OutputArea-output").all_inner_texts():
        if WIDGET_FALLBACK.search(text.strip()):
            run.problems.append(f"a widget did not render: {text[:200]}")
    views = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.widget-view+json"]')
    for i in range(views.count()):
        if views.nth(i).locator(".jupyter-widgets").count() == 0:
            run.problems.append(f"widget output {i} has no live control")
    if run.wants_widget and page.locator(".jupyter-widgets.widget-slider").count() == 0:
        run.problems.append("the notebook makes a widget but no slider is shown")


def _check_sliders(run: Run) -> None:
    """Move every slider a few steps; the figure of its interact output must change."""
    page = run.page
    sliders = page.locator(".jupyter-widgets.widget-slider")
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        box = slider.locator("xpath=ancestor::div[contains(@class,'widget-interact')][1]")
        if box.count() == 0 or box.locator(".widget-output img").count() == 0:
            run.problems.append(f"slider {i}: no figure drawn under it")
            continue
        before = box.locator(".widget-output img").first.get_attribute("src")
        readout = slider.locator(".widget-readout").inner_text()
        slider.locator(".noUi-handle").first.focus()
        for _ in range(6):
            page.keyboard.press("ArrowRight")
        try:
            page.wait_for_function(
                "([el, before]) => { const img = el.querySelector('.widget-output img');"
                " return img !== null && img.getAttribute('src') !== before; }",
                arg=[box.element_handle(), before], timeout=30000)
        except Exception:
            after = slider.locator(".widget-readout").inner_text()
            run.problems.append(f"slider {i}: moved from {readout} to {after} but the figure did not change")


def _canary(folder: Path) -> Path:
    """A notebook that must fail these checks (stderr, then an error): proof they can fail."""
    import nbformat

    nb = nbformat.v4.new_notebook(metadata=json.loads(NOTEBOOKS[0].read_text())["metadata"])
    nb.cells = [nbformat.v4.new_code_cell("import sys; print('canary on stderr', file=sys.stderr)"),
                nbformat.v4.new_code_cell("1 / 0"), nbformat.v4.new_code_cell("print('not reached')")]
    path = folder / "99_canary.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def lab_runs(lab, browser) -> dict[str, Run]:
    """Every notebook opened, checked, run and inspected, :data:`AT_ONCE` at a time (and the
    canary, last)."""
    runs: dict[str, Run] = {}
    paths = [*NOTEBOOKS, _canary(lab.root)]
    for start in range(0, len(paths), AT_ONCE):
        batch = [Run(path, browser.new_page()) for path in paths[start:start + AT_ONCE]]
        for run in batch:
            run.page.goto(lab.url(run.path.name), wait_until="commit")
        for run in batch:
            _step(run, lab, _open_and_save, lab)
        clock = {}
        for run in batch:
            clock[run.path.name] = time.monotonic()
            _step(run, lab, _run_all)
        for run in batch:
            _step(run, lab, lambda r: r.page.wait_for_function(DONE, arg=[r.n_code, STDERR],
                                                               timeout=RUN_TIMEOUT * 1000))
            run.seconds = time.monotonic() - clock[run.path.name]
        for run in batch:
            _step(run, lab, lambda r: (r.page.wait_for_function(IDLE, timeout=60000), _check_outputs(r),
                                       _check_sliders(r)))
            runs[run.path.name] = run
            run.page.close()
        lab.shut_down_sessions()
    return runs


def _step(run: Run, lab, action, *args) -> None:
    """``action(run, *args)``; an exception becomes a problem of that notebook (with a screenshot
    next to the lab's log), so one notebook's failure does not hide the others'."""
    if run.problems and any(p.startswith("step failed") for p in run.problems):
        return
    try:
        action(run, *args)
    except Exception as exc:  # noqa: BLE001 - reported as the notebook's failure
        shot = lab.log_path.with_name(f"{run.path.stem}.png")
        try:
            run.page.screenshot(path=str(shot), full_page=True)
        except Exception:  # noqa: BLE001
            pass
        run.problems.append(f"step failed ({type(exc).__name__}: {str(exc)[:800]}); screenshot {shot}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_in_jupyterlab(path, lab_runs):
    run = lab_runs[path.name]
    assert not run.problems, f"{path.name} (Run All took {run.seconds:.0f} s):\n" + "\n".join(run.problems)


def test_the_checks_can_fail(lab_runs):
    problems = "\n".join(lab_runs["99_canary.ipynb"].problems)
    assert "stderr or error output: canary on stderr" in problems
    assert "ZeroDivisionError" in problems
    assert "not every cell ran" in problems
