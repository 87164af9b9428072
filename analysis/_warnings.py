"""How the package warns: at the user's own call, once, and in Jupyter as a normal output.

:func:`warn` attributes a warning to the first frame outside this package (the line of the
user's script or notebook cell that called into ``analysis``), however deep the call: its location
is the user's code rather than a library line, and filters keyed on a module see the user's.
Each function warns once per call, all groups in one message.

In a Jupyter kernel, the package's warnings (the classes of :mod:`analysis.errors`) are shown as a
normal output under the cell, a note with the warning's class, the calling line and the message,
instead of a stderr box; warnings filters (``ignore``, ``error``, ``once``) apply as usual, and
every other warning is shown as before.
"""

from __future__ import annotations

import html
import linecache
import sys
import warnings
from pathlib import Path

_PACKAGE_DIR = str(Path(__file__).resolve().parent)


def warn(message: str, category: type[Warning]) -> None:
    """``warnings.warn(message, category)`` attributed to the user's call (see the module docstring)."""
    level, frame = 2, sys._getframe(1)
    while frame is not None and _inside_package(frame.f_code.co_filename):
        frame, level = frame.f_back, level + 1
    if _in_jupyter_kernel() and not isinstance(warnings.showwarning, _ShowInNotebook):
        warnings.showwarning = _ShowInNotebook(warnings.showwarning)
    warnings.warn(message, category, stacklevel=level)


def warn_unused_bootstrap(what: str, n_boot: object, seed: object) -> None:
    """A FutureWarning when ``n_boot`` or ``seed`` is given to ``what``: the accuracy interval is
    analytic (no resampling), so they change nothing; they are still accepted so that old calls
    run, and will be removed."""
    given = [name for name, value in (("n_boot", n_boot), ("seed", seed)) if value is not None]
    if given:
        verb, them = ("change", "them") if len(given) > 1 else ("changes", "it")
        warn(f"{what}: {' and '.join(given)} no longer {verb} anything (the accuracy interval is analytic, "
             f"not a bootstrap) and will be removed; drop {them}", FutureWarning)


def _inside_package(filename: str) -> bool:
    return filename.startswith(_PACKAGE_DIR) and filename[len(_PACKAGE_DIR):len(_PACKAGE_DIR) + 1] in ("/", "\\")


def _in_jupyter_kernel() -> bool:
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return getattr(shell, "kernel", None) is not None


class WarningNote:
    """A warning as a notebook output: text/plain and a small HTML note (not a stderr stream)."""

    def __init__(self, category: type[Warning], message: str, source_line: str):
        self.category, self.message, self.source_line = category, message, source_line

    def __repr__(self) -> str:
        where = f" (from: {self.source_line})" if self.source_line else ""
        return f"{self.category.__name__}{where}:\n{self.message}"

    def _repr_html_(self) -> str:
        where = f" from <code>{html.escape(self.source_line)}</code>" if self.source_line else ""
        body = "<br>".join(html.escape(line) for line in self.message.splitlines())
        return ('<div class="rte-warning" style="border-left:4px solid #d4a72c;background:#fff8e1;'
                'padding:6px 10px;margin:4px 0;color:#3d3000;white-space:normal;overflow-wrap:anywhere">'
                f"<strong>{html.escape(self.category.__name__)}</strong>{where}:<br>{body}</div>")


class _ShowInNotebook:
    """``warnings.showwarning`` in a Jupyter kernel: the package's warnings become a
    :class:`WarningNote` output; any other warning goes to the previous ``showwarning``."""

    def __init__(self, previous):
        self.previous = previous

    def __call__(self, message, category, filename, lineno, file=None, line=None):
        if file is not None or not category.__module__.startswith("analysis."):
            return self.previous(message, category, filename, lineno, file, line)
        from IPython.display import display

        source = (line if line is not None else linecache.getline(filename, lineno)).strip()
        display(WarningNote(category, str(message), source))
