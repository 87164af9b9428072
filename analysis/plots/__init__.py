"""Plot functions: each takes its data (an analysis function's output) and ``ax=None``, draws,
and returns the Axes. They compute nothing that belongs in the analysis modules."""

from ._common import accuracy_axis, get_ax, mark_synthetic, source_note, token_axis
from .budget_curves import plot_budget_curves
from .parallel_vs_sequential import plot_parallel_vs_sequential
from .token_distribution import plot_token_distribution

__all__ = ["accuracy_axis", "get_ax", "mark_synthetic", "source_note", "token_axis"]
__all__ += ["plot_budget_curves", "plot_parallel_vs_sequential", "plot_token_distribution"]
from .frontier import plot_frontier
from .compression_path import compression_path_widget, plot_compression_path
from .paired_change import plot_paired_change

__all__ += ["plot_frontier", "plot_compression_path", "compression_path_widget", "plot_paired_change"]
