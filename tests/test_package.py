"""The package's exports: every public name resolves, and counting tokens stays light."""

import subprocess
import sys

import analysis


def test_every_exported_name_resolves():
    for name in analysis.__all__:
        assert getattr(analysis, name) is not None, name
    assert set(analysis.__all__) <= set(dir(analysis))
    assert analysis.plots.plot_frontier is analysis.plot_frontier


def test_unknown_name_is_an_attribute_error():
    try:
        analysis.no_such_thing
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_counting_tokens_loads_neither_pandas_nor_plotting():
    code = ("import sys, analysis; analysis.count_tokens(['hello world']); "
            "print(sorted(m for m in ('pandas', 'matplotlib', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
