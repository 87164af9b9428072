"""Readers: one per results format, each returning a validated Responses table.

- :func:`read_responses` - our own columns in CSV / JSONL / Parquet (``tabular``);
- :func:`read_inspect_log` - Inspect AI ``.eval`` / ``.json`` logs (``inspect``);
- :func:`read_lm_eval_samples` - lm-evaluation-harness ``samples_*.jsonl`` (``lm_eval``);
- :func:`read_provider_responses`, :func:`usage_from_payload` - raw OpenAI / Anthropic / Gemini /
  OpenRouter API responses (``providers``);
- :func:`read_any` - recognises the format (``detect``);
- :func:`read_many` - many files or a folder, any formats, validated once (``many``);
- :func:`check_token_sanity`, :class:`TokenSanityWarning` - suspicious token counts (kept here by
  name; they live in :mod:`analysis.tokens.sanity`, beside the one policy for filling in counts).

The pieces every reader shares: ``files`` (JSON lines, format tests) and ``_common`` (scores, the
finishing step: fill missing counts, then validate).
"""

from .detect import detect_format, read_any
from .inspect import read_inspect_log
from .lm_eval import read_lm_eval_samples
from .many import read_many
from .providers import detect_provider, read_provider_responses, usage_from_payload
from .safezip import MAX_MEMBER_BYTES
from ..errors import TokenSanityWarning
from ..tokens.sanity import check_token_sanity
from .tabular import read_responses

__all__ = [
    "MAX_MEMBER_BYTES",
    "TokenSanityWarning",
    "check_token_sanity",
    "detect_format",
    "detect_provider",
    "read_any",
    "read_inspect_log",
    "read_lm_eval_samples",
    "read_many",
    "read_provider_responses",
    "read_responses",
    "usage_from_payload",
]
