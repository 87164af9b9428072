"""Speed and memory benchmarks, run with ``python -m benchmarks`` (``make bench``), never by pytest.

Each ``benchmarks/bench_*.py`` module has ``run() -> list[dict]`` (it may accept ``full=``):
rows with ``benchmark, measure, value, reference, target, met``, each figure beside a reference
measured in the same run.
"""
