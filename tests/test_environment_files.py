"""pyproject.toml (pip) and environment.yml (conda) name the same packages."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _name(spec: str) -> str:
    return re.split(r"[<>=!~\[ ;]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject() -> dict[str, str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = meta["dependencies"] + [s for extra in meta["optional-dependencies"].values() for s in extra]
    # conda-forge names the dask[dataframe] extra's package 'dask' (it includes the dataframe parts)
    return {_name(s): s.replace(" ", "").replace("[dataframe]", "") for s in specs}


def _environment() -> dict[str, str]:
    out = {}
    text = (ROOT / "environment.yml").read_text()
    for line in text[text.index("dependencies:"):].splitlines():
        m = re.match(r"^\s*-\s+([A-Za-z0-9_.\-]+[^#]*?)\s*(#.*)?$", line)
        if not m or line.strip().startswith("- pip:") or m.group(1).startswith("-e"):
            continue
        spec = m.group(1).replace(" ", "")
        if _name(spec) in ("python", "pip"):
            continue
        out[_name(spec)] = spec
    return out


def test_same_packages_and_versions():
    pip, conda = _pyproject(), _environment()
    assert set(pip) == set(conda), f"only in pyproject: {set(pip) - set(conda)}; only in environment.yml: {set(conda) - set(pip)}"
    for name in pip:
        assert pip[name] == conda[name], f"{name}: pyproject says {pip[name]}, environment.yml says {conda[name]}"


def test_environment_installs_the_project():
    assert re.search(r"^\s*-\s+-e\s+\.\s*$", (ROOT / "environment.yml").read_text(), re.M)


def test_make_installs_the_dask_extra():
    """``make test`` tests analysis.scale: the Makefile installs the dask extra with dev."""
    assert re.search(r"pip install .*-e '\.\[dev,[a-z,]*dask[a-z,]*\]'", (ROOT / "Makefile").read_text())
