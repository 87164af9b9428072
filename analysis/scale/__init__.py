"""Past one machine: the same summaries on Dask (``pip install '.[dask]'``).

- :func:`read_many` - many result files as one Dask DataFrame of Responses (one partition per
  file or per batch of small files, read, token-counted and validated on the workers; also
  ``analysis.read_many(paths, engine="dask")``);
- :func:`summarize`, :func:`pass_at_k`, :func:`token_quantiles`, :func:`budget_curve` - the
  package's functions of the same names for a Dask DataFrame (``analysis.summarize`` etc. also
  accept one and come here): per-partition sufficient statistics
  (:mod:`analysis.measures.sufficient`), combined in a tree, finished by the tree's last task,
  equal to the single-process result.

Recipe (a local cluster; ``Client("tcp://scheduler:8786")`` for a real one)::

    from distributed import Client, LocalCluster
    client = Client(LocalCluster(n_workers=2, threads_per_worker=1))
    points = analysis.summarize(analysis.scale.read_many("logs/"))

Importing this package does not import Dask; the functions that need it raise an ImportError
naming the ``dask`` extra when it is missing.
"""

from .read import log_files, read_many, responses_meta
from .summary import budget_curve, compute_parts, pass_at_k, summarize, token_quantiles

__all__ = ["budget_curve", "compute_parts", "log_files", "pass_at_k", "read_many", "responses_meta", "summarize",
           "token_quantiles"]
