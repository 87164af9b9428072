"""No dangling references: what the package, notebooks and docs cite exists in the repository.

A user of the repository has only the repository: docstrings and notebooks must not point at the
project's private research folders, and every ``*.md`` file they name must be here.
"""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = re.compile(r"\.\./shared|\bshared/(?:research|seed|DESIGN)|\bresearch/(?:published|per_item|model_level|README)|\bDESIGN(?:\.md)?\b|/work/")
MD_REF = re.compile(r"(?<![\w/.-])((?:[\w.-]+/)*[\w.-]+\.md)\b")


def _texts():
    for path in sorted(ROOT.glob("analysis/**/*.py")) + sorted(ROOT.glob("benchmarks/*.py")):
        yield path, path.read_text()
    for path in sorted(ROOT.glob("notebooks/*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        yield path, "\n".join("".join(c["source"]) for c in cells)
    for path in [ROOT / "README.md", *sorted(ROOT.glob("docs/*.md")), ROOT / "data" / "README.md",
                 ROOT / "benchmarks" / "README.md"]:
        yield path, path.read_text()


def _exists(ref: str, where: Path) -> bool:
    return any((base / ref).exists() for base in (ROOT, where.parent, ROOT / "data", ROOT / "docs"))


def test_no_reference_to_files_a_user_does_not_have():
    bad = [f"{p.relative_to(ROOT)}: {m.group(0)!r}" for p, text in _texts() for m in FORBIDDEN.finditer(text)]
    assert not bad, "\n".join(bad)


def test_every_markdown_file_named_exists():
    missing = [f"{p.relative_to(ROOT)}: {ref}" for p, text in _texts() for ref in MD_REF.findall(text)
               if not _exists(ref, p)]
    assert not missing, "\n".join(missing)


def test_the_checks_catch_what_they_should():
    assert FORBIDDEN.search("see research/published/METHODS.md")
    assert FORBIDDEN.search("(DESIGN.md: synthetic")
    assert MD_REF.findall("in docs/methods.md and SOURCES.md.") == ["docs/methods.md", "SOURCES.md"]
    assert not _exists("METHODS.md", ROOT / "README.md")
