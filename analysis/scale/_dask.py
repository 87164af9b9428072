"""The one place that imports Dask: a clear message naming the extra when it is not installed."""

from __future__ import annotations

from types import ModuleType

EXTRA_HINT = "pip install 'reasoning-token-efficiency[dask]' (or, in a clone, pip install -e '.[dask]')"


def require_dask() -> ModuleType:
    """``dask.dataframe``, or an ImportError saying which extra installs it."""
    try:
        import dask.dataframe as dd
    except ImportError as err:
        raise ImportError(
            f"this needs Dask (dask[dataframe] and distributed), which is not installed: {EXTRA_HINT}"
        ) from err
    return dd


def require_distributed() -> ModuleType:
    """``dask.distributed``, or an ImportError saying which extra installs it."""
    require_dask()
    try:
        import distributed
    except ImportError as err:
        raise ImportError(f"a Dask scheduler address needs the distributed package: {EXTRA_HINT}") from err
    return distributed
