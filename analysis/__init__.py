"""Reasoning-token efficiency: tokens spent per answer against how often it is right.

The flow (see README.md): readers -> Responses -> tokens -> metrics -> Points -> frontier /
compression -> plots. Everything public is importable from here.
"""

from .errors import DataError, EncodingUnavailable, Problem
from .schema import POINTS, RESPONSES, describe, validate_points, validate_responses
from .encodings import ensure_encoding_file, get_encoding
from .tokens import add_token_counts, count_tokens
from .readers import (
    TokenSanityWarning,
    check_token_sanity,
    detect_format,
    read_any,
    read_inspect_log,
    read_lm_eval_samples,
    read_provider_responses,
    read_responses,
    usage_from_payload,
)
from .figures import save_figure
from .style import use_style
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
    "TokenSanityWarning",
    "check_token_sanity",
    "detect_format",
    "read_any",
    "read_inspect_log",
    "read_lm_eval_samples",
    "read_provider_responses",
    "usage_from_payload",
]
