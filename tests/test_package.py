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


def test_type_checking_block_matches_the_lazy_map():
    """The export list is written once: the TYPE_CHECKING imports name exactly _EXPORTS."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(analysis.__file__).read_text())
    block = next(n for n in tree.body if isinstance(n, ast.If) and getattr(n.test, "id", "") == "TYPE_CHECKING")
    seen = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom) and node.level == 1, ast.dump(node)
        for alias in node.names:
            assert alias.name not in seen, f"{alias.name} imported twice"
            seen[alias.name] = node.module
    assert seen == analysis._EXPORTS


def test_names_used_by_readme_and_notebooks_exist():
    """No public name changed: every ``analysis.X`` the README and notebooks use resolves."""
    import json
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    texts = [(root / "README.md").read_text()]
    for nb in sorted((root / "notebooks").glob("*.ipynb")):
        texts += ["".join(c["source"]) for c in json.loads(nb.read_text())["cells"]]
    names = set()
    for text in texts:
        names |= set(re.findall(r"\banalysis\.([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)", text))
    assert names, "no analysis.X found: the pattern is wrong"
    import importlib

    for dotted in sorted(names):
        obj, path = analysis, "analysis"
        for part in dotted.split("."):
            path += "." + part
            try:
                obj = getattr(obj, part)
            except AttributeError:
                obj = importlib.import_module(path)  # a submodule not yet loaded


def test_worker_imports_stay_light():
    """A token worker process imports the stdlib and tiktoken only: no numpy, pandas, matplotlib."""
    code = ("import sys, analysis.tokens.worker as w; "
            "print(sorted(m for m in ('numpy', 'pandas', 'matplotlib', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
