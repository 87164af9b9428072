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
]
