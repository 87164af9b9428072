"""``python -m analysis summarize PATHS --engine dask [--scheduler ADDRESS]``: the command line's
Dask path (kept here so :mod:`analysis.cli` only dispatches)."""

from __future__ import annotations

import argparse
import contextlib
import sys

LOCAL_SCHEDULERS = ("threads", "synchronous")


def summarize_dask(args: argparse.Namespace, by: tuple[str, ...]):
    """The Points table of every file in ``args.paths`` (folders searched) through Dask. A bad
    file raises its DataError (exit code 1); the dask extra missing or a --by column the data
    does not have is a usage error (:class:`analysis.cli.UsageError`, exit code 2)."""
    from ..cli import UsageError

    try:
        from ._dask import require_dask

        require_dask()
        scheduler = _scheduler(args.scheduler)
        scheduler.__enter__()  # a missing 'distributed' raises ImportError here
    except ImportError as exc:
        raise UsageError(str(exc)) from None
    try:
        from .read import read_many
        from .summary import summarize

        responses = read_many(args.paths)
        missing = [c for c in by if c not in responses.columns]
        if missing:
            raise UsageError(f"--by: a grouping column the data does not have: {missing} "
                             f"(columns: {', '.join(responses.columns)})")
        show = args.progress == "always" or (args.progress == "auto" and sys.stderr.isatty())
        return summarize(responses, by=by, progress=show)
    finally:
        scheduler.__exit__(None, None, None)


@contextlib.contextmanager
def _scheduler(address: str | None):
    """A distributed client for ``address``; a local Dask scheduler for 'threads' /
    'synchronous'; none given: a local cluster of one single-threaded worker process per CPU."""
    import dask

    if address in LOCAL_SCHEDULERS:
        with dask.config.set(scheduler=address):
            yield
        return
    from ._dask import require_distributed

    distributed = require_distributed()
    if address:
        with distributed.Client(address) as client:
            print(f"dask: {client.dashboard_link}", file=sys.stderr)
            yield
        return
    from ..tokens.pool import default_workers

    with distributed.LocalCluster(n_workers=default_workers(), threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        yield
