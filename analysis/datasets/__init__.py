"""The bundled real data, one function per dataset, each returning a validated table.

Responses (one row per answer): :func:`lrm_token_economy` (billed tokens, 23 models),
:func:`lrm_token_economy_traces` (the same study's runs with thinking and answer text, 27 models),
:func:`skythought_outputs` (raw text, tokens counted), :func:`deepscaler_budget_sweep`
(7 generation caps). Points (one row per model x setting x benchmark):
:func:`matharena_aime2025`, :func:`aider_polyglot`, :func:`artificial_analysis_index`,
:func:`published_tables`. A plain table: :func:`seed_benchmarks`. Helpers list what a loader
flags or leaves out: :func:`lrm_split_problems`, :func:`published_tables_left_out`,
:func:`matharena_aime2025_per_problem`. :func:`example_log` writes a stand-in results file in
foreign column names (for trying the readers). Files, sources, licences and caveats: data/README.md.
Every loader works offline; ``python -m analysis.datasets.build`` regenerates derived files.
"""

from ._files import data_dir
from .aider import aider_polyglot
from .deepscaler import deepscaler_budget_sweep
from .example_log import EXAMPLE_COLUMNS, example_log
from .token_economy import SPLIT_REASONS, lrm_split_problems, lrm_token_economy
from .token_economy_traces import LEFT_OUT_REASONS, lrm_token_economy_traces, lrm_token_economy_traces_left_out
from .matharena import matharena_aime2025, matharena_aime2025_per_problem
from .published import SOURCES, artificial_analysis_index, published_tables, published_tables_left_out
from .seed import seed_benchmarks
from .skythought import skythought_outputs

__all__ = [
    "SOURCES",
    "SPLIT_REASONS",
    "aider_polyglot",
    "artificial_analysis_index",
    "data_dir",
    "deepscaler_budget_sweep",
    "EXAMPLE_COLUMNS",
    "example_log",
    "lrm_split_problems",
    "lrm_token_economy",
    "lrm_token_economy_traces",
    "lrm_token_economy_traces_left_out",
    "LEFT_OUT_REASONS",
    "matharena_aime2025",
    "matharena_aime2025_per_problem",
    "published_tables",
    "published_tables_left_out",
    "seed_benchmarks",
    "skythought_outputs",
]
