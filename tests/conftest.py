"""Shared fixtures: Agg backend, seeded randomness, figures closed after every test."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np
import pytest


@pytest.fixture(autouse=True)
def _seed_and_close():
    np.random.seed(0)
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


@pytest.fixture
def rng():
    return np.random.default_rng(0)


@pytest.fixture(autouse=True, scope="session")
def _token_cache_in_tmp(tmp_path_factory):
    """Token counts are cached under a temporary folder, never in the user's home cache."""
    old = os.environ.get("RTE_TOKEN_CACHE")
    os.environ["RTE_TOKEN_CACHE"] = str(tmp_path_factory.mktemp("token-cache"))
    yield
    if old is None:
        os.environ.pop("RTE_TOKEN_CACHE", None)
    else:
        os.environ["RTE_TOKEN_CACHE"] = old
