"""Checking that notebook conclusions state no number that code did not produce.

A conclusion is a markdown cell under a "Conclusions" heading, or the printed output of a code
cell under it. Markdown there may hold no number at all (a number in prose is fixed text). Code
cells are run *instrumented*: every value an f-string formats, and every string an ``analysis``
function returns, is wrapped in marker characters before it is printed; what is printed outside
the markers is fixed text, and may hold no number either. So ``f"{n} of 30"`` fails (30 is
fixed), ``f"{n} of {total}"`` passes, and a formatted *literal* (``f"{4096:,}"``) is not
marked, so it fails too.

Not counted as numbers: digits inside words and names (o3-mini, Qwen2.5-7B, pass@5,
cl100k_base), a list enumerator at the start of a line ("2. "), a year after a capitalised name
(AIME 2024) and the confidence level of an interval ("95% CI").
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

START, END = "\x02", "\x03"
NUMBER = re.compile(r"(?<![\w@.\-/\\])[-+\u2212]?\d[\d,]*(?:\.\d+)?%?(?![\w@\-])")
ALLOWED = [
    re.compile(r"(?m)^\s*\d+\.\s"),  # enumerators
    re.compile(r"\b[A-Z][A-Za-z]*\s(?:19|20)\d\d(?![\d%]|[,.]\d)"),  # years after a name (AIME 2024)
    re.compile(r"\d+(?:\.\d+)?%\s+(?:CI|confidence|interval)"),  # the level of an interval (wrapping may break the line)
]
MARKED = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
PRELUDE = (
    f"def __rte_mark(v):\n"
    f"    if isinstance(v, str):\n        return {START!r} + v + {END!r}\n"
    f"    if isinstance(v, (list, tuple)) and all(isinstance(x, str) for x in v):\n"
    f"        return type(v)({START!r} + x + {END!r} for x in v)\n"
    f"    return v\n"
)


def offending_numbers(text: str) -> list[str]:
    """Numbers in ``text`` outside marked (code-produced) spans and the allowed patterns."""
    text = MARKED.sub(" ", text)
    for pattern in ALLOWED:
        text = pattern.sub(" ", text)
    return NUMBER.findall(text)


class _Mark(ast.NodeTransformer):
    def visit_JoinedStr(self, node: ast.JoinedStr):
        values = []
        for v in node.values:
            if isinstance(v, ast.FormattedValue):
                v = self.generic_visit(v)
                if isinstance(v.value, ast.Constant):  # a literal number in braces is still fixed text
                    values.append(v)
                else:
                    values += [ast.Constant(START), v, ast.Constant(END)]
            else:
                values.append(v)
        node.values = values
        return node

    def visit_Call(self, node: ast.Call):
        self.generic_visit(node)
        root = node.func
        while isinstance(root, ast.Attribute):
            root = root.value
        if isinstance(root, ast.Name) and root.id == "analysis":
            return ast.Call(ast.Name("__rte_mark", ast.Load()), [node], [])
        return node


def instrument(source: str) -> str:
    tree = _Mark().visit(ast.parse(source))
    return ast.unparse(ast.fix_missing_locations(tree))


def conclusion_cells(nb: dict) -> list[int]:
    """Indices of the cells after the first heading that mentions "Conclusions"."""
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown":
            src = "".join(cell["source"])
            if any(line.startswith("#") and "Conclusion" in line for line in src.splitlines()):
                return list(range(i, len(nb["cells"])))
    return []


def markdown_offences(nb: dict) -> list[tuple[int, str]]:
    out = []
    for i in conclusion_cells(nb):
        cell = nb["cells"][i]
        if cell["cell_type"] == "markdown":
            text = "\n".join(line for line in "".join(cell["source"]).splitlines() if not line.startswith("#"))
            out += [(i, n) for n in offending_numbers(text)]
    return out


def run_instrumented(path: Path, figures: Path | None = None, timeout: int = 900, setup: str = "") -> list[tuple[int, str]]:
    """Execute the notebook with its conclusion code cells instrumented; returns the printed
    numbers that code did not produce, as (cell index, number). Figures go to ``figures``;
    ``setup``: code run first, in the first code cell (e.g. tests/plots/legibility.setup_code)."""
    import nbformat

    from analysis.run_notebooks import execute_notebook

    nb = nbformat.read(path, as_version=4)
    cells = conclusion_cells(json.loads(path.read_text()))
    code = [i for i in cells if nb.cells[i].cell_type == "code"]
    for i in code:
        nb.cells[i].source = instrument(nb.cells[i].source)
    if code:
        nb.cells[code[0]].source = PRELUDE + nb.cells[code[0]].source
    if setup:
        first = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
        nb.cells[first].source = setup + nb.cells[first].source
    env = {"RTE_FIGURES_DIR": str(figures)} if figures is not None else None
    nb = execute_notebook(path, timeout=timeout, notebook=nb, env=env)
    out = []
    for i in code:
        text = "".join(o.get("text", "") for o in nb.cells[i].outputs if o.get("output_type") == "stream")
        out += [(i, n) for n in offending_numbers(text)]
    return out
