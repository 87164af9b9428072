"""Plot functions: each takes its data (an analysis function's output) and ``ax=None``, draws,
and returns the Axes. They compute nothing that belongs in the analysis modules."""

from ._common import accuracy_axis, get_ax, mark_synthetic, source_note, token_axis

__all__ = ["accuracy_axis", "get_ax", "mark_synthetic", "source_note", "token_axis"]
from .oracle_curve import plot_oracle_curve
from .overthinking import plot_overthinking
from .truncation import plot_truncation

__all__ += ["plot_oracle_curve", "plot_overthinking", "plot_truncation"]
