"""Installed outside the checkout: the wheel holds every module and the bundled data, its dataset
loaders find the data, and figures go to the working directory's figures/ (or $RTE_FIGURES_DIR),
never into site-packages.

The wheel is built from a copy of the sources (nothing is written into the checkout) without
build isolation (no download), installed with ``--target`` into a temporary folder, and used by a
fresh interpreter from a folder outside the checkout; the dependencies come from this environment.
"""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from analysis.plots.save import ROOT

pytestmark = pytest.mark.install

SCRIPT = """
import os, sys
from pathlib import Path
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import analysis
assert Path(analysis.__file__).resolve().is_relative_to(Path(sys.argv[1]).resolve()), analysis.__file__
lrm = analysis.lrm_token_economy()
fig, ax = plt.subplots()
analysis.plot_frontier(analysis.summarize(lrm, by=("model",)), ax=ax)
for path in analysis.save_figure(fig, "installed_check"):
    print(path)
print(len(lrm))
"""


def _sources(dest: Path) -> Path:
    """The files a build reads, copied (no build/ or egg-info lands in the checkout)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, dest / name)
    for name in ("analysis", "data"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    return dest


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    base = tmp_path_factory.mktemp("install")
    (base / "src").mkdir()
    src = _sources(base / "src")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(base / "dist"), str(src)],
                   check=True, capture_output=True, timeout=300, cwd=base)
    wheel = next((base / "dist").glob("*.whl"))
    subprocess.run([*pip, "install", "--no-deps", "--no-index", "--target", str(base / "site"), str(wheel)],
                   check=True, capture_output=True, timeout=300, cwd=base)
    return base, wheel


def test_wheel_holds_every_module_and_data_file(installed):
    _, wheel = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in ROOT.glob("analysis/**/*.py") if "__pycache__" not in p.parts}
    data = {"analysis/_data/" + p.relative_to(ROOT / "data").as_posix() for p in (ROOT / "data").rglob("*") if p.is_file()}
    assert modules - names == set(), "modules missing from the wheel: list their package in pyproject.toml"
    assert data - names == set(), "data files missing from the wheel: list their folder in pyproject.toml"


@pytest.mark.parametrize("figures_env", [False, True], ids=["working-directory", "RTE_FIGURES_DIR"])
def test_installed_package_loads_data_and_writes_figures_outside_the_checkout(installed, tmp_path, figures_env):
    base, _ = installed
    site = base / "site"
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("RTE_FIGURES_DIR", "ANALYSIS_DATA_DIR", "PYTHONPATH")}
    env["PYTHONPATH"] = str(site)
    env["MPLBACKEND"] = "Agg"
    if figures_env:
        env["RTE_FIGURES_DIR"] = str(tmp_path / "elsewhere")
    run = subprocess.run([sys.executable, "-c", SCRIPT, str(site)], capture_output=True, text=True, env=env,
                         cwd=work, timeout=120)
    assert run.returncode == 0, run.stderr
    *written, rows = run.stdout.split()
    assert int(rows) > 1000  # the LRM Token Economy study, read from the wheel's copy of data/
    folder = tmp_path / "elsewhere" if figures_env else work / "figures"
    assert sorted(written) == [str(folder / "installed_check.png"), str(folder / "installed_check.svg")]
    assert all(Path(p).stat().st_size > 1000 for p in written)
    assert not list(site.rglob("installed_check.*")) and not (site / "figures").exists()
