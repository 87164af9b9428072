"""run_notebooks: the notebooks' kernel name is mapped to this interpreter, and a run prints one
line per notebook and nothing else (no kernel warnings on stderr)."""

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat

from analysis.plots.save import ROOT
from analysis.run_notebooks import KERNEL_DISPLAY_NAME, KERNEL_NAME, notebook_paths


def _tiny_notebook(folder: Path, name: str) -> Path:
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": KERNEL_NAME, "display_name": KERNEL_DISPLAY_NAME,
                                                           "language": "python"}})
    nb.cells = [nbformat.v4.new_code_cell(
        "import sys, analysis\n"
        "open('kernel.txt', 'w').write(sys.executable + '\\n' + analysis.__file__)")]
    path = folder / name
    nbformat.write(nb, path)
    return path


def test_regenerate_prints_one_line_per_notebook_and_uses_this_python(tmp_path):
    _tiny_notebook(tmp_path, "01_a.ipynb")
    _tiny_notebook(tmp_path, "02_b.ipynb")
    (tmp_path / "notes.ipynb").write_text("not a numbered notebook: ignored")
    code = f"from pathlib import Path; from analysis.run_notebooks import regenerate; regenerate(Path({str(tmp_path)!r}))"
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""  # no "Kernel is running over TCP without encryption", nothing else
    lines = run.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == ["01_a.ipynb", "02_b.ipynb"]
    assert all(re.fullmatch(r"\S+\.ipynb: \d+\.\d s", line) for line in lines)
    executable, package = (tmp_path / "kernel.txt").read_text().splitlines()
    assert executable == sys.executable  # the kernel is the Python that ran regenerate
    assert Path(package).parent == ROOT / "analysis"  # importing this checkout


def test_notebooks_name_the_kernel_make_lab_installs():
    makefile = (ROOT / "Makefile").read_text()
    assert f"--name {KERNEL_NAME} --display-name \"{KERNEL_DISPLAY_NAME}\"" in makefile
    for path in notebook_paths():
        meta = json.loads(path.read_text())["metadata"]
        assert meta["kernelspec"] == {"name": KERNEL_NAME, "display_name": KERNEL_DISPLAY_NAME,
                                      "language": "python"}, path.name
        # what the kernel reports in kernel_info (JupyterLab writes it on opening; see the browser test)
        info = meta["language_info"]
        assert info["name"] == "python" and info["pygments_lexer"] == "ipython3", path.name
        assert set(info) == {"codemirror_mode", "file_extension", "mimetype", "name", "nbconvert_exporter",
                             "pygments_lexer", "version"}, path.name
