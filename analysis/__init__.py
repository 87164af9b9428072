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
    usage_from_payload,
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
    "validate_points",
    "validate_responses",
    "TokenSanityWarning",
    "check_token_sanity",
    "detect_format",
    "read_any",
    "read_inspect_log",
    "read_lm_eval_samples",
    "read_provider_responses",
    "usage_from_payload",
]
