"""Imported once by the token-counting fork server: loads ``cl100k_base`` so every worker forked
from the server starts with it in (shared) memory. Never imported by anything else."""

try:  # a failure here must not kill the fork server: workers then load the encoding themselves
    from analysis.encodings import get_encoding as _get_encoding

    _get_encoding("cl100k_base")
except Exception:  # pragma: no cover - depends on the machine
    pass
