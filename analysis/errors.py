"""Everything the package raises or warns, in one place.

The rule: :class:`DataError` for bad data (naming file, line or row, and field); ``ValueError``
for a bad option; warnings are ``UserWarning`` subclasses listed here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where (file, line or row) and which field."""

    source: str | None
    location: str | None  # "line 12", "row 3", or None for the whole file
    field: str | None
    message: str

    def __str__(self) -> str:
        where = ": ".join(p for p in (self.source, self.location) if p)
        what = f"field '{self.field}': {self.message}" if self.field else self.message
        return f"{where}: {what}" if where else what


class DataError(ValueError):
    """Input that cannot be used as it is.

    The message names the source (file), the line or row, and the field. ``problems`` holds
    every :class:`Problem` found (the message shows the first few and the total).
    """

    def __init__(self, problems: list[Problem] | Problem | str, *, shown: int = 10):
        if isinstance(problems, str):
            problems = [Problem(None, None, None, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        lines = [str(p) for p in self.problems[:shown]]
        if len(self.problems) > shown:
            lines.append(f"... and {len(self.problems) - shown} more problem(s)")
        if len(self.problems) > 1:
            lines.insert(0, f"{len(self.problems)} problems in the input:")
        super().__init__("\n".join(lines))

    @property
    def first(self) -> Problem:
        return self.problems[0]


class NoUsageReported(DataError):
    """A provider response without its usage block: its token counts are unknown, which a reader
    records as missing (and warns about) rather than failing; any other bad usage is a DataError."""


class NoGenerations(DataError):
    """A results file with nothing generated to count (an lm-eval loglikelihood / multiple-choice
    task). Read alone it is an error; :func:`analysis.read_many` skips such files and names them
    in one :class:`SkippedFilesWarning`."""


class EncodingUnavailable(RuntimeError):
    """A tiktoken encoding whose file is not on this machine (nothing is downloaded)."""


class TokenSanityWarning(UserWarning):
    """Token counts that are legal but suspicious (all zero, one constant, missing, reasoning > output)."""


class TruncationWarning(UserWarning):
    """More than the threshold share of a group's answers stopped at the generation cap."""


class SkippedFilesWarning(UserWarning):
    """Files :func:`analysis.read_many` left out (each named, with why): never a silent skip."""
