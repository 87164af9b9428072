"""The package's warnings point at the user's call, are shown once per calling line, read well
(caps in numeric order, named once), and in a Jupyter kernel are a normal output, not stderr."""

import warnings

import nbformat
import pandas as pd
import pytest

import analysis
from analysis._warnings import WarningNote


def _capped():
    # one model, a cap sweep named twice over (setting and max_tokens), as notebook 04's sweep
    rows = [{"model": "m", "setting": f"cap={cap}", "max_tokens": cap, "benchmark": "x", "item_id": i,
             "correct": 0, "output_tokens": cap if i < hit else cap // 2}
            for cap, hit in ((1024, 3), (128, 4), (256, 4), (4096, 2)) for i in range(4)]
    return analysis.validate_responses(pd.DataFrame(rows))


def test_truncation_warning_names_each_cap_once_in_numeric_order():
    with pytest.warns(analysis.TruncationWarning) as record:
        analysis.summarize(_capped(), by=("model", "setting", "max_tokens"))
    message = str(record[0].message)
    assert message.endswith("m: cap=128 (4/4); cap=256 (4/4); cap=1024 (3/4); cap=4096 (2/4)")
    assert message.startswith("4 of 4 groups have more than 5% of answers at the generation cap")


def test_warning_points_at_the_users_line_and_is_shown_once():
    df = _capped()
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        analysis.efficiency_report(df, by=("model", "setting"))  # the call the warning names
    truncation = [w for w in record if w.category is analysis.TruncationWarning]
    assert len(truncation) == 1  # one warning for all groups, however deep the call
    assert truncation[0].filename == __file__
    with open(__file__) as f:
        assert "the call the warning names" in f.readlines()[truncation[0].lineno - 1]


def test_token_sanity_warning_points_at_the_users_line():
    df = pd.DataFrame({"model": "m", "item_id": range(6), "correct": 1, "output_tokens": 500})
    with pytest.warns(analysis.TokenSanityWarning, match="same output_tokens") as record:
        analysis.check_token_sanity(df)
    assert record[0].filename == __file__


def test_warning_note_is_readable_text_and_html():
    note = WarningNote(analysis.TruncationWarning, "2 of 3 groups <cap>\nsecond line", "rep = f(x)")
    assert repr(note) == "TruncationWarning (from: rep = f(x)):\n2 of 3 groups <cap>\nsecond line"
    html = note._repr_html_()
    assert "<strong>TruncationWarning</strong> from <code>rep = f(x)</code>" in html
    assert "2 of 3 groups &lt;cap&gt;<br>second line" in html


def test_in_a_kernel_the_warning_is_an_output_not_stderr(tmp_path, monkeypatch):
    from analysis.run_notebooks import execute_notebook
    from analysis.plots.save import ROOT

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import warnings, pandas as pd, analysis\n"
        "df = analysis.validate_responses(pd.DataFrame({'model': 'm', 'benchmark': 'x', 'item_id': range(4), 'correct': 1,\n"
        "                                 'output_tokens': [100, 100, 50, 100], 'max_tokens': 100}))\n"
        "points = analysis.summarize(df, by=('model',))\n"
        "warnings.warn('an ordinary warning')")]
    path = tmp_path / "w.ipynb"
    nbformat.write(nb, path)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    outputs = execute_notebook(path).cells[0].outputs
    notes = [o for o in outputs if o.output_type == "display_data"]
    assert len(notes) == 1
    assert notes[0].data["text/plain"].startswith(
        "TruncationWarning (from: points = analysis.summarize(df, by=('model',))):\n1 of 1 groups")
    assert "rte-warning" in notes[0].data["text/html"]
    stderr = "".join(o.text for o in outputs if o.output_type == "stream" and o.name == "stderr")
    assert "UserWarning: an ordinary warning" in stderr and "TruncationWarning" not in stderr
