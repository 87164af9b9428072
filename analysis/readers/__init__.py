"""Readers: one small module per format, each returning a validated Responses table."""

from .tabular import read_responses

__all__ = ["read_responses"]
