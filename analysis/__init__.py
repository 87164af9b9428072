"""Reasoning-token efficiency: tokens spent per answer against how often it is right.

The flow (docs/architecture.md): readers -> Responses -> tokens -> measures -> Points ->
frontiers -> plots. Everything public is importable from here; plot functions
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
    "NoUsageReported": "errors",
    "Problem": "errors",
    "POINTS": "schema",
    "RESPONSES": "schema",
    "describe": "schema",
    "validate_points": "schema",
    "validate_responses": "schema",
    # Reading results, counting tokens
    "ensure_encoding_file": "tokens.encodings",
    "get_encoding": "tokens.encodings",
    "add_token_counts": "tokens.fill",
    "count_tokens": "tokens.count",
    "TokenSanityWarning": "errors",
    "check_token_sanity": "tokens.sanity",
    "detect_format": "readers",
    "read_any": "readers",
    "read_inspect_log": "readers",
    "read_lm_eval_samples": "readers",
    "read_many": "readers",
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
    "lrm_token_economy_traces": "datasets",
    "lrm_token_economy_traces_left_out": "datasets",
    "lrm_traces_final_answers": "datasets.token_economy_answers",
    "lrm_traces_first_correct": "datasets.token_economy_answers",
    "matharena_aime2025": "datasets",
    "matharena_aime2025_per_problem": "datasets",
    "published_tables": "datasets",
    "published_tables_left_out": "datasets",
    "seed_benchmarks": "datasets",
    "skythought_outputs": "datasets",
    "synthetic_votes": "datasets.synthetic",
    "samples_from_item_accuracy": "datasets.item_samples",
    # Metrics
    "wilson_interval": "intervals",
    "accuracy_interval": "intervals",
    "within": "tolerance",
    "fisher_exact_test": "measures.significance",
    "fisher_compare_points": "measures.significance",
    "joint_verdict": "measures.significance",
    "samples_per_item": "measures.significance",
    "compare_points": "measures.significance",
    "missing_runs": "measures.significance",
    "verdict": "measures.significance",
    "token_definitions": "measures.significance",
    "summarize": "measures.summary",
    "compare_paired": "measures.paired",
    "outcome_token_ratio": "measures.distribution",
    "outcome_ratio_summary": "measures.distribution",
    "token_quantiles": "measures.distribution",
    "TruncationWarning": "errors",
    "mark_truncated": "measures.truncation",
    "truncation_rate": "measures.truncation",
    # Frontiers and compression
    "pareto_frontier": "frontiers.frontier",
    "upper_hull": "frontiers.frontier",
    "budget_auc": "measures.budget",
    "budget_curve": "measures.budget",
    "budget_onset": "measures.budget",
    "compression_vs_base": "frontiers.compression",
    "iso_accuracy_compression": "frontiers.compression",
    "length_penalty_path": "frontiers.compression",
    "pair_points": "frontiers.compression",
    "tokens_for_accuracy": "frontiers.compression",
    "snapshot_shift": "frontiers.snapshots",
    "aes": "frontiers.literature_scores",
    "relative_change": "frontiers.literature_scores",
    "s1_scores": "frontiers.literature_scores",
    "majority_vote": "measures.parallel",
    "pass_at_k": "measures.parallel",
    "parallel_vs_chain": "measures.parallel",
    "vote_against_single": "measures.parallel",
    "token_adaptivity": "measures.adaptivity",
    "adaptivity_summary": "measures.adaptivity",
    "fit_log_tokens": "frontiers.fits",
    "answers_equal": "measures.answers",
    "final_answer": "measures.answers",
    "billed_vs_visible_thinking": "measures.billed_vs_visible",
    "thinking_class_summary": "measures.billed_vs_visible",
    "normalize_answer": "measures.answers",
    "bundled_first_correct": "datasets.first_correct",
    "first_correct_offset": "measures.overthinking",
    "outcome_efficiency": "measures.overthinking",
    "overthinking_summary": "measures.overthinking",
    "actual_points": "measures.oracle",
    "length_penalty_oracle": "measures.oracle",
    "oracle_tokens_saved": "measures.oracle",
    "oracle_saving_summary": "measures.oracle",
    "EfficiencyReport": "report",
    "efficiency_report": "report",
    "report_conclusions": "report",
    # Showing results in a notebook
    "print_wrapped": "display",
    "show_table": "display",
    # Figures
    "save_figure": "plots.save",
    "use_style": "plots.style",
    "plot_billed_vs_visible": "plots",
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
_SUBMODULES = frozenset({"datasets", "display", "errors", "frontiers", "intervals", "measures", "plots", "readers", "scale",
                         "schema", "tokens", "tolerance"})

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


if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly (tests/test_package.py compares)
    from .errors import (  # noqa: F401
        DataError,
        EncodingUnavailable,
        NoUsageReported,
        Problem,
        TokenSanityWarning,
        TruncationWarning,
    )
    from .schema import (  # noqa: F401
        POINTS,
        RESPONSES,
        describe,
        validate_points,
        validate_responses,
    )
    from .tokens.encodings import (  # noqa: F401
        ensure_encoding_file,
        get_encoding,
    )
    from .tokens.count import (  # noqa: F401
        count_tokens,
    )
    from .tokens.fill import (  # noqa: F401
        add_token_counts,
    )
    from .tokens.sanity import (  # noqa: F401
        check_token_sanity,
    )
    from .readers import (  # noqa: F401
        detect_format,
        read_any,
        read_inspect_log,
        read_lm_eval_samples,
        read_many,
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
        lrm_token_economy_traces,
        lrm_token_economy_traces_left_out,
        matharena_aime2025,
        matharena_aime2025_per_problem,
        published_tables,
        published_tables_left_out,
        seed_benchmarks,
        skythought_outputs,
    )
    from .datasets.token_economy_answers import (  # noqa: F401
        lrm_traces_final_answers,
        lrm_traces_first_correct,
    )
    from .datasets.synthetic import (  # noqa: F401
        synthetic_votes,
    )
    from .datasets.item_samples import (  # noqa: F401
        samples_from_item_accuracy,
    )
    from .intervals import (  # noqa: F401
        accuracy_interval,
        wilson_interval,
    )
    from .tolerance import (  # noqa: F401
        within,
    )
    from .measures.significance import (  # noqa: F401
        compare_points,
        fisher_compare_points,
        fisher_exact_test,
        joint_verdict,
        missing_runs,
        samples_per_item,
        verdict,
        token_definitions,
    )
    from .measures.summary import (  # noqa: F401
        summarize,
    )
    from .measures.paired import (  # noqa: F401
        compare_paired,
    )
    from .measures.distribution import (  # noqa: F401
        outcome_ratio_summary,
        outcome_token_ratio,
        token_quantiles,
    )
    from .measures.truncation import (  # noqa: F401
        mark_truncated,
        truncation_rate,
    )
    from .frontiers.frontier import (  # noqa: F401
        pareto_frontier,
        upper_hull,
    )
    from .measures.budget import (  # noqa: F401
        budget_auc,
        budget_curve,
        budget_onset,
    )
    from .frontiers.compression import (  # noqa: F401
        compression_vs_base,
        iso_accuracy_compression,
        length_penalty_path,
        pair_points,
        tokens_for_accuracy,
    )
    from .frontiers.snapshots import (  # noqa: F401
        snapshot_shift,
    )
    from .frontiers.literature_scores import (  # noqa: F401
        aes,
        relative_change,
        s1_scores,
    )
    from .measures.parallel import (  # noqa: F401
        majority_vote,
        parallel_vs_chain,
        pass_at_k,
        vote_against_single,
    )
    from .measures.adaptivity import (  # noqa: F401
        adaptivity_summary,
        token_adaptivity,
    )
    from .frontiers.fits import (  # noqa: F401
        fit_log_tokens,
    )
    from .measures.answers import (  # noqa: F401
        answers_equal,
        final_answer,
        normalize_answer,
    )
    from .measures.billed_vs_visible import (  # noqa: F401
        billed_vs_visible_thinking,
        thinking_class_summary,
    )
    from .datasets.first_correct import (  # noqa: F401
        bundled_first_correct,
    )
    from .measures.overthinking import (  # noqa: F401
        first_correct_offset,
        outcome_efficiency,
        overthinking_summary,
    )
    from .measures.oracle import (  # noqa: F401
        actual_points,
        length_penalty_oracle,
        oracle_saving_summary,
        oracle_tokens_saved,
    )
    from .report import (  # noqa: F401
        EfficiencyReport,
        efficiency_report,
        report_conclusions,
    )
    from .display import (  # noqa: F401
        print_wrapped,
        show_table,
    )
    from .plots.save import (  # noqa: F401
        save_figure,
    )
    from .plots.style import (  # noqa: F401
        use_style,
    )
    from .plots import (  # noqa: F401
        plot_billed_vs_visible,
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
