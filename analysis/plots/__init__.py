"""Plot functions: each takes its data (an analysis function's output) and ``ax=None``, draws,
and returns the Axes. They compute nothing that belongs in the analysis modules."""

from ._common import accuracy_axis, get_ax, mark_synthetic, source_note, token_axis

__all__ = ["accuracy_axis", "get_ax", "mark_synthetic", "source_note", "token_axis"]
from .frontier import plot_frontier
from .compression_path import plot_compression_path
from .paired_change import plot_paired_change

__all__ += ["plot_frontier", "plot_compression_path", "plot_paired_change"]
