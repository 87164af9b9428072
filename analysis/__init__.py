"""Reasoning-token efficiency: tokens spent per answer against how often it is right.

The flow (see README.md and DESIGN): readers -> Responses -> tokens -> metrics -> Points ->
frontier / compression -> plots. Everything public is importable from here; plot functions
also from ``analysis.plots``.
"""

# Tables, errors
from .errors import DataError, EncodingUnavailable, Problem
from .schema import POINTS, RESPONSES, describe, validate_points, validate_responses

# Reading results, counting tokens
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

# Bundled data
from .datasets import (
    aider_polyglot,
    artificial_analysis_index,
    deepscaler_budget_sweep,
    example_log,
    lrm_split_problems,
    lrm_token_economy,
    matharena_aime2025,
    matharena_aime2025_per_problem,
    published_tables,
    published_tables_left_out,
    seed_benchmarks,
    skythought_outputs,
)
from .synthetic import synthetic_votes
from .item_samples import samples_from_item_accuracy

# Metrics
from .intervals import wilson_interval
from .metrics import summarize
from .paired import compare_paired
from .distribution import outcome_token_ratio, token_quantiles
from .truncation import TruncationWarning, mark_truncated, truncation_rate

# Frontiers and compression
from .frontier import pareto_frontier, upper_hull
from .budget import budget_auc, budget_curve
from .compression import (
    compression_vs_base,
    iso_accuracy_compression,
    length_penalty_path,
    pair_points,
    tokens_for_accuracy,
)
from .literature_scores import aes, relative_change, s1_scores
from .parallel import majority_vote, pass_at_k
from .adaptivity import token_adaptivity
from .fits import fit_log_tokens
from .answers import answers_equal, normalize_answer
from .overthinking import bundled_first_correct, first_correct_offset, outcome_efficiency
from .oracle import actual_points, length_penalty_oracle, oracle_tokens_saved
from .report import EfficiencyReport, efficiency_report, report_conclusions

# Figures
from .figures import save_figure
from .style import use_style
from .plots import (
    plot_budget_curves,
    plot_compression_path,
    plot_frontier,
    plot_oracle_curve,
    plot_overthinking,
    plot_paired_change,
    plot_parallel_vs_sequential,
    plot_report,
    plot_token_distribution,
    plot_truncation,
)

from types import ModuleType as _ModuleType

__all__ = sorted(n for n, v in list(globals().items()) if not n.startswith("_") and not isinstance(v, _ModuleType))
