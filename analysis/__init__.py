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
from .intervals import wilson_interval
from .metrics import summarize
from .paired import compare_paired
from .frontier import pareto_frontier, upper_hull
from .budget import budget_auc, budget_curve
from .compression import iso_accuracy_compression, length_penalty_path
from .literature_scores import aes, relative_change, s1_scores
from .parallel import majority_vote, pass_at_k
from .adaptivity import token_adaptivity
from .fits import fit_log_tokens
from .plots import plot_oracle_curve, plot_overthinking, plot_truncation

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
    "wilson_interval",
    "summarize",
    "compare_paired",
    "pareto_frontier",
    "upper_hull",
    "budget_curve",
    "budget_auc",
    "iso_accuracy_compression",
    "length_penalty_path",
    "aes",
    "s1_scores",
    "relative_change",
    "pass_at_k",
    "majority_vote",
    "token_adaptivity",
    "fit_log_tokens",
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
    "plot_oracle_curve",
    "plot_overthinking",
    "plot_truncation",
]
