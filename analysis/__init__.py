"""Reasoning-token efficiency: tokens spent per answer against how often it is right.

The flow (see README.md): readers -> Responses -> tokens -> metrics -> Points -> frontier /
compression -> plots. Everything public is importable from here.
"""

from .errors import DataError, EncodingUnavailable, Problem
from .schema import POINTS, RESPONSES, describe, validate_points, validate_responses
from .encodings import ensure_encoding_file, get_encoding
from .tokens import add_token_counts, count_tokens
from .readers import read_responses
from .figures import save_figure
from .style import use_style
from .answers import answers_equal, normalize_answer
from .overthinking import bundled_first_correct, first_correct_offset, outcome_efficiency
from .oracle import actual_points, length_penalty_oracle, oracle_tokens_saved
from .truncation import TruncationWarning, mark_truncated, truncation_rate
from .datasets import (
    aider_polyglot,
    artificial_analysis_index,
    deepscaler_budget_sweep,
    lrm_split_problems,
    lrm_token_economy,
    matharena_aime2025,
    matharena_aime2025_per_problem,
    published_tables,
    published_tables_left_out,
    seed_benchmarks,
    skythought_outputs,
)

__all__ = [
    "DataError",
    "EncodingUnavailable",
    "Problem",
    "POINTS",
    "RESPONSES",
    "add_token_counts",
    "count_tokens",
    "describe",
    "ensure_encoding_file",
    "get_encoding",
    "read_responses",
    "save_figure",
    "use_style",
    "validate_points",
    "validate_responses",
    "aider_polyglot",
    "artificial_analysis_index",
    "deepscaler_budget_sweep",
    "lrm_split_problems",
    "lrm_token_economy",
    "matharena_aime2025",
    "matharena_aime2025_per_problem",
    "published_tables",
    "published_tables_left_out",
    "seed_benchmarks",
    "skythought_outputs",
    "answers_equal",
    "normalize_answer",
    "bundled_first_correct",
    "first_correct_offset",
    "outcome_efficiency",
    "actual_points",
    "length_penalty_oracle",
    "oracle_tokens_saved",
    "TruncationWarning",
    "mark_truncated",
    "truncation_rate",
]
