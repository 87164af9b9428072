"""Reasoning-token efficiency: tokens spent per answer against how often it is right.

The flow (see README.md and DESIGN): readers -> Responses -> tokens -> metrics -> Points ->
frontier / compression -> plots. Everything public is importable from here; plot functions
also from ``analysis.plots``.

Names are loaded on first use (PEP 562), so ``import analysis`` is quick and counting tokens
does not pull in pandas, scipy or matplotlib: ``analysis.count_tokens`` loads only what it needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

#: public name -> the module (under analysis) that defines it
_EXPORTS: dict[str, str] = {
    # Tables, errors
    "DataError": "errors",
    "EncodingUnavailable": "errors",
    "Problem": "errors",
    "POINTS": "schema",
    "RESPONSES": "schema",
    "describe": "schema",
    "validate_points": "schema",
    "validate_responses": "schema",
    # Reading results, counting tokens
    "ensure_encoding_file": "encodings",
    "get_encoding": "encodings",
    "add_token_counts": "tokens",
    "count_tokens": "tokens",
    "TokenSanityWarning": "readers",
    "check_token_sanity": "readers",
    "detect_format": "readers",
    "read_any": "readers",
    "read_inspect_log": "readers",
    "read_lm_eval_samples": "readers",
    "read_provider_responses": "readers",
    "read_responses": "readers",
    "usage_from_payload": "readers",
    # Bundled data
    "aider_polyglot": "datasets",
    "artificial_analysis_index": "datasets",
    "deepscaler_budget_sweep": "datasets",
    "example_log": "datasets",
    "lrm_split_problems": "datasets",
    "lrm_token_economy": "datasets",
    "matharena_aime2025": "datasets",
    "matharena_aime2025_per_problem": "datasets",
    "published_tables": "datasets",
    "published_tables_left_out": "datasets",
    "seed_benchmarks": "datasets",
    "skythought_outputs": "datasets",
    "synthetic_votes": "synthetic",
    "samples_from_item_accuracy": "item_samples",
    # Metrics
    "wilson_interval": "intervals",
    "summarize": "metrics",
    "compare_paired": "paired",
    "outcome_token_ratio": "distribution",
    "token_quantiles": "distribution",
    "TruncationWarning": "truncation",
    "mark_truncated": "truncation",
    "truncation_rate": "truncation",
    # Frontiers and compression
    "pareto_frontier": "frontier",
    "upper_hull": "frontier",
    "budget_auc": "budget",
    "budget_curve": "budget",
    "compression_vs_base": "compression",
    "iso_accuracy_compression": "compression",
    "length_penalty_path": "compression",
    "pair_points": "compression",
    "tokens_for_accuracy": "compression",
    "aes": "literature_scores",
    "relative_change": "literature_scores",
    "s1_scores": "literature_scores",
    "majority_vote": "parallel",
    "pass_at_k": "parallel",
    "token_adaptivity": "adaptivity",
    "fit_log_tokens": "fits",
    "answers_equal": "answers",
    "normalize_answer": "answers",
    "bundled_first_correct": "overthinking",
    "first_correct_offset": "overthinking",
    "outcome_efficiency": "overthinking",
    "actual_points": "oracle",
    "length_penalty_oracle": "oracle",
    "oracle_tokens_saved": "oracle",
    "EfficiencyReport": "report",
    "efficiency_report": "report",
    "report_conclusions": "report",
    # Figures
    "save_figure": "figures",
    "use_style": "style",
    "plot_budget_curves": "plots",
    "plot_compression_path": "plots",
    "plot_frontier": "plots",
    "plot_oracle_curve": "plots",
    "plot_overthinking": "plots",
    "plot_paired_change": "plots",
    "plot_parallel_vs_sequential": "plots",
    "plot_report": "plots",
    "plot_token_distribution": "plots",
    "plot_truncation": "plots",
}

#: subpackages and modules reachable as attributes, e.g. ``analysis.plots.plot_frontier``
_SUBMODULES = frozenset({"datasets", "plots", "readers", "figures", "schema", "style"})

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS) | _SUBMODULES)


if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
    from .errors import (  # noqa: F401
        DataError,
        EncodingUnavailable,
        Problem,
    )
    from .schema import (  # noqa: F401
        POINTS,
        RESPONSES,
        describe,
        validate_points,
        validate_responses,
    )
    from .encodings import (  # noqa: F401
        ensure_encoding_file,
        get_encoding,
    )
    from .tokens import (  # noqa: F401
        add_token_counts,
        count_tokens,
    )
    from .readers import (  # noqa: F401
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
    from .datasets import (  # noqa: F401
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
    from .synthetic import (  # noqa: F401
        synthetic_votes,
    )
    from .item_samples import (  # noqa: F401
        samples_from_item_accuracy,
    )
    from .intervals import (  # noqa: F401
        wilson_interval,
    )
    from .metrics import (  # noqa: F401
        summarize,
    )
    from .paired import (  # noqa: F401
        compare_paired,
    )
    from .distribution import (  # noqa: F401
        outcome_token_ratio,
        token_quantiles,
    )
    from .truncation import (  # noqa: F401
        TruncationWarning,
        mark_truncated,
        truncation_rate,
    )
    from .frontier import (  # noqa: F401
        pareto_frontier,
        upper_hull,
    )
    from .budget import (  # noqa: F401
        budget_auc,
        budget_curve,
    )
    from .compression import (  # noqa: F401
        compression_vs_base,
        iso_accuracy_compression,
        length_penalty_path,
        pair_points,
        tokens_for_accuracy,
    )
    from .literature_scores import (  # noqa: F401
        aes,
        relative_change,
        s1_scores,
    )
    from .parallel import (  # noqa: F401
        majority_vote,
        pass_at_k,
    )
    from .adaptivity import (  # noqa: F401
        token_adaptivity,
    )
    from .fits import (  # noqa: F401
        fit_log_tokens,
    )
    from .answers import (  # noqa: F401
        answers_equal,
        normalize_answer,
    )
    from .overthinking import (  # noqa: F401
        bundled_first_correct,
        first_correct_offset,
        outcome_efficiency,
    )
    from .oracle import (  # noqa: F401
        actual_points,
        length_penalty_oracle,
        oracle_tokens_saved,
    )
    from .report import (  # noqa: F401
        EfficiencyReport,
        efficiency_report,
        report_conclusions,
    )
    from .figures import (  # noqa: F401
        save_figure,
    )
    from .style import (  # noqa: F401
        use_style,
    )
    from .plots import (  # noqa: F401
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
