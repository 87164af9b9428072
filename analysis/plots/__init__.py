"""Plot functions: each takes its data (an analysis function's output) and ``ax=None``, draws,
and returns the Axes. They compute nothing that belongs in the analysis modules. One file per
plot; shared pieces in ``_common`` (axes, stacked panels, mixture curves, source notes, the synthetic stamp),
``_labels`` (label placement), ``_legend`` (legends placed off the data: ``place_legend``, and
``shared_legend`` for stacked panels drawn with ``legend=False``) and ``style`` (the shared
style, and ``styled``, which runs each plot inside ``matplotlib.rc_context``: a plot never
changes matplotlib's global settings).

One vocabulary, in every public ``plot_*`` (tests/plots/test_common.py checks it):

* Positional: the table(s) the figure is of, first the analysis output drawn (e.g. ``points``,
  ``curve``, ``quantiles``), then an optional second table drawn with it (``points`` under a
  λ path, ``responses`` as dots, ``sequential`` chains). Everything else is keyword-only.

=========================  ==================================================================
keyword                    meaning (same name, same meaning, same default where it applies)
=========================  ==================================================================
``ax``                     the Axes to draw on; ``None``: a new figure in the shared style
``x``, ``y``               the column drawn on the x / y axis (``y`` of the main line)
``by``                     the column(s) naming a group, as given to the analysis function's
                           ``by``: one line (or row, or frontier line) per group
``order``                  group names in the order drawn (default sorted)
``hue``                    a column colouring marks (points, arrows, bars), one legend entry
                           per value; ``hue_order``: the order of its values
``label``                  the column(s) naming each mark (text next to a point, a bar's tick)
``annotate``               ``True``: write the text annotations (names, counts, k values)
``highlight``              groups drawn in colour and named; the others thin and grey
``ci``                     ``True``: draw interval bars where the interval columns are present
``color`` / ``colors``     one colour for all that the call draws / {group name: colour}
``fontsize``               size of the names written next to marks (points; default 8, the smallest text a figure writes)
``xlabel``, ``ylabel``     axis labels; ``None``: the plot's default text
``xscale``                 'log' or 'linear'; ``yformat``: 'percent' or 'points' (score / 100)
``title``                  the Axes title; ``None``: none (or the plot's own, where it has one)
``source``                 a line under the Axes naming the data's source
``synthetic``              ``True``: stamp "SYNTHETIC DATA" across the Axes
``legend``                 ``False``: no legend (e.g. a grey background drawn by a first call,
                           or panels that share one: ``shared_legend``)
``seed``                   the seed of any jitter (figures are reproducible)
=========================  ==================================================================

Keywords a single plot needs keep a name that says what they are: ``frontier``, ``hull`` and
``saved`` (further analysis outputs drawn over the data), ``annotate_frontier_only``,
``step``, ``markers``, ``linestyle``, ``label_suffix``, ``lambda_format``, ``lambda_unit``,
``metric``, ``sequential_label`` and ``sequential_by`` (``label`` and ``by`` of the
``sequential`` table), ``label_offsets``, ``others``, ``accuracy``, ``threshold``, ``thresholds``
(class boundaries) and ``naive`` (the naive ratio drawn too).
:func:`plot_report` draws a whole report into several figures and takes no ``ax``.
"""

from ._common import accuracy_axis, get_ax, mark_synthetic, source_note, stacked_panels, token_axis
from ._legend import place_legend, shared_legend
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
    "place_legend",
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
    "shared_legend",
    "source_note",
    "stacked_panels",
    "token_axis",
]
