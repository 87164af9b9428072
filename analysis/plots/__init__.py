"""Plot functions: each takes its data (an analysis function's output) and ``ax=None``, draws,
and returns the Axes. They compute nothing that belongs in the analysis modules. One file per
plot; shared pieces in ``_common`` (axes, source notes, the synthetic stamp) and ``_labels``
(label placement)."""

from ._common import accuracy_axis, get_ax, mark_synthetic, source_note, token_axis
from .billed_vs_visible import plot_billed_vs_visible
from .budget_curves import plot_budget_curves
from .compression_path import compression_path_widget, plot_compression_path
from .frontier import plot_frontier
from .oracle_curve import plot_oracle_curve
from .overthinking import plot_overthinking
from .paired_change import plot_paired_change
from .parallel_vs_sequential import plot_parallel_vs_sequential
from .report import plot_report
from .token_distribution import plot_token_distribution
from .truncation import plot_truncation

__all__ = [
    "accuracy_axis",
    "compression_path_widget",
    "get_ax",
    "mark_synthetic",
    "plot_billed_vs_visible",
    "plot_budget_curves",
    "plot_compression_path",
    "plot_frontier",
    "plot_oracle_curve",
    "plot_overthinking",
    "plot_paired_change",
    "plot_parallel_vs_sequential",
    "plot_report",
    "plot_token_distribution",
    "plot_truncation",
    "source_note",
    "token_axis",
]
