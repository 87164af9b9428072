"""Run every ``benchmarks/bench_*.py`` and print one table (Markdown) with the machine.

    python -m benchmarks                 # all benchmarks
    python -m benchmarks --only tokens   # bench_tokens.py only
    python -m benchmarks --full          # full-size runs where a module scales down by default
    python -m benchmarks --save          # also write the table into benchmarks/README.md
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import pkgutil
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
START, END = "<!-- results:start -->", "<!-- results:end -->"
RESULT = "@@benchmark-rows@@"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count()
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    import numpy, pandas, tiktoken

    return (
        f"{cpu}, {cpus} CPUs{mem}; {platform.system()} {platform.release()}; Python "
        f"{platform.python_version()}, numpy {numpy.__version__}, pandas {pandas.__version__}, "
        f"tiktoken {tiktoken.__version__}"
    )


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:,.3g}" if abs(v) < 1000 else f"{v:,.0f}"
    return "" if v is None else str(v)


def table(rows: list[dict]) -> str:
    head = ["benchmark", "measure", "value", "reference", "target", "met"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        met = {True: "yes", False: "**NO**", None: ""}[r.get("met")]
        out.append("| " + " | ".join([_fmt(r.get(h)) for h in head[:-1]] + [met]) + " |")
    return "\n".join(out)


def modules(only: list[str] | None) -> list[str]:
    names = sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name.startswith("bench_"))
    if only:
        names = [n for n in names if n.removeprefix("bench_") in only or n in only]
    return names


def run_module(name: str, *, full: bool = False) -> list[dict]:
    mod = importlib.import_module(f"benchmarks.{name}")
    kwargs = {"full": full} if "full" in inspect.signature(mod.run).parameters else {}
    return mod.run(**kwargs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", nargs="*", help="benchmark module names (without bench_)")
    ap.add_argument("--full", action="store_true", help="full-size runs (slower)")
    ap.add_argument("--save", action="store_true", help="write the table into benchmarks/README.md")
    ap.add_argument("--child", help=argparse.SUPPRESS)  # internal: run one module, print its rows as JSON
    args = ap.parse_args(argv)
    if args.child:
        print(RESULT + json.dumps(run_module(args.child, full=args.full)))
        return 0
    rows: list[dict] = []
    for name in modules(args.only):
        # Each module in a fresh process: one benchmark's imports, caches, worker pools and
        # freed-but-kept memory must not change another's timings (e.g. a "first call").
        t0 = time.perf_counter()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        cmd = [sys.executable, "-m", "benchmarks", "--child", name] + (["--full"] if args.full else [])
        res = subprocess.run(cmd, cwd=HERE.parent, stdout=subprocess.PIPE, text=True)
        if res.returncode != 0:
            raise SystemExit(f"{name} failed (exit {res.returncode})")
        rows.extend(json.loads(res.stdout.rsplit(RESULT, 1)[1]))
        print(f"  {name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    text = f"Machine: {machine()}\n\n{table(rows)}\n"
    print(text)
    if args.save:
        readme = HERE / "README.md"
        old = readme.read_text() if readme.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
        if START in old and END in old:
            before, rest = old.split(START, 1)
            after = rest.split(END, 1)[1]
            readme.write_text(f"{before}{START}\n{text}{END}{after}")
        else:
            readme.write_text(f"{old.rstrip()}\n\n{START}\n{text}{END}\n")
    return 0 if all(r.get("met") is not False for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
