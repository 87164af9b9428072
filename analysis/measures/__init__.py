"""Responses -> Points and per-answer measures.

One module per measure: ``summary`` (accuracy with CIs, tokens per answer and per correct),
``paired``, ``budget``, ``parallel`` (pass@k, majority vote), ``oracle``, ``truncation``,
``distribution``, ``adaptivity``, ``answers`` (final-answer scanning), ``overthinking`` and
``billed_vs_visible`` (how much of the billed thinking a provider shows).
No module here reads bundled data (that is :mod:`analysis.datasets`).
"""
