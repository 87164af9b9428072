"""Command line: ``python -m analysis <command>``.

Commands:
  figures     execute every notebook headless and rewrite figures/ (what ``make figures`` runs)
  summarize   read result files (any format read_any knows), print the Points table, optionally
              write it (--out) and draw the efficiency frontier (--figure)
  report      read result files, print the conclusions of efficiency_report, and with --html write
              one self-contained page: conclusions, figures (inline SVG), tables, data provenance
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable, TextIO

#: inputs larger than this get a progress bar on standard error
PROGRESS_BYTES = 20 * 1024 * 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("figures", help="regenerate every figure from the bundled data")
    s = sub.add_parser("summarize", help="accuracy, CI and tokens per model x setting x benchmark")
    s.add_argument("paths", nargs="+", type=Path, help="result files: Inspect .eval/.json, lm-eval samples, provider JSONL, CSV/JSONL/Parquet")
    s.add_argument("--by", default="model,setting,benchmark", help="comma-separated grouping columns (default: %(default)s)")
    s.add_argument("--out", type=Path, help="write the Points table here (.csv or .parquet)")
    s.add_argument("--figure", type=Path, help="draw accuracy against tokens with the Pareto frontier (.png or .svg)")
    s.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples for the CIs (default: %(default)s)")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--no-count", action="store_true", help="do not count tokens from text where a file has no usage")
    s.add_argument("--progress", choices=("auto", "always", "never"), default="auto",
                   help=f"progress bar on stderr (auto: for inputs over {PROGRESS_BYTES >> 20} MB)")
    s.add_argument("--engine", choices=("pandas", "dask"), default="pandas",
                   help="pandas: one process; dask: one partition per file on a Dask cluster (needs the dask extra)")
    s.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: a Dask scheduler address (tcp://host:8786), or 'threads' / 'synchronous' "
                        "(default: a local cluster of one worker process per CPU, closed at the end)")
    r = sub.add_parser("report", help="every table and figure of the notebooks for your files, as one HTML page")
    r.add_argument("paths", nargs="+", type=Path, help="result files, as for summarize")
    r.add_argument("--html", type=Path, help="write the self-contained page here (e.g. report.html)")
    r.add_argument("--by", default="model,setting,benchmark", help="comma-separated grouping columns (default: %(default)s)")
    r.add_argument("--title", default="Reasoning-token efficiency report")
    r.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples for the CIs (default: %(default)s)")
    r.add_argument("--seed", type=int, default=0)
    r.add_argument("--no-count", action="store_true", help="do not count tokens from text where a file has no usage")
    args = parser.parse_args(argv)
    if args.command == "figures":
        from .run_notebooks import regenerate

        regenerate()
        return 0
    if args.command == "report":
        return _report(args, argv)
    return _summarize(args)


def _read(path: Path, *, count: bool, progress: str = "never"):
    """One file as Responses (tokens counted from text where it has no usage, unless ``count`` is
    False); DataError and FileNotFoundError propagate."""
    from .readers import read_any
    from .tokens.fill import fill_token_counts

    show = progress == "always" or (progress == "auto" and path.exists() and path.stat().st_size > PROGRESS_BYTES)
    bar = ProgressBar(path.name, sys.stderr) if show else None
    try:
        frame = read_any(path, progress=bar)
    finally:
        if bar is not None:
            bar.close()
    missing = frame["output_tokens"].isna()
    if missing.any() and count and "text" in frame.columns:
        print(f"{path}: counting tokens of {int(missing.sum())} answers from their text (cl100k_base)", file=sys.stderr)
        frame = fill_token_counts(frame, source=str(path), check=False)  # the reader checked it
    return frame


def _report(args: argparse.Namespace, argv: list[str] | None) -> int:
    import pandas as pd

    from .errors import DataError
    from .report import efficiency_report, report_conclusions

    by = tuple(c.strip() for c in args.by.split(",") if c.strip())
    frames, provenance = [], []
    try:
        for path in args.paths:
            frames.append(_read(path, count=not args.no_count))
            if args.html:
                from .html_report import file_provenance

                provenance.append(file_provenance(path, frames[-1]))
        responses = pd.concat(frames, ignore_index=True)
        unknown = [c for c in by if c not in responses.columns]
        if unknown:
            print(f"error: --by names columns the data does not have: {', '.join(unknown)}", file=sys.stderr)
            return 2
        report = efficiency_report(responses, by=by, n_boot=args.n_boot, seed=args.seed)
    except (DataError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    conclusions = report_conclusions(report)
    print("\n".join(conclusions))
    if args.html:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from .html_report import html_report
        from .plots import plot_report

        source = ", ".join(p.name for p in args.paths)
        figures = plot_report(report, responses, source=source)
        command = "python -m analysis " + " ".join(sys.argv[1:] if argv is None else argv)
        page = html_report(report, conclusions, figures, provenance, title=args.title, command=command)
        for fig in figures.values():
            plt.close(fig)
        args.html.parent.mkdir(parents=True, exist_ok=True)
        args.html.write_text(page, encoding="utf-8")
        print(f"wrote {args.html}", file=sys.stderr)
    return 0


def _summarize(args: argparse.Namespace) -> int:
    import pandas as pd

    from ._groups import require_columns
    from .errors import DataError
    from .measures.summary import summarize

    by = tuple(c.strip() for c in args.by.split(",") if c.strip())
    if args.engine == "dask" or args.scheduler:
        from .scale.cli import summarize_dask

        points = summarize_dask(args, by)
        return 2 if points is None else _write_points(points, by, args)
    frames = []
    for path in args.paths:
        try:
            frames.append(_read(path, count=not args.no_count, progress=args.progress))
        except (DataError, FileNotFoundError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    responses = pd.concat(frames, ignore_index=True)
    try:
        require_columns(responses, by, "--by", why="a grouping column the data does not have")
        points = summarize(responses, by=by, n_boot=args.n_boot, seed=args.seed)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return _write_points(points, by, args)


def _write_points(points, by: tuple[str, ...], args: argparse.Namespace) -> int:
    import pandas as pd

    with pd.option_context("display.width", 200, "display.max_columns", 30, "display.max_rows", 500):
        print(points.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        if args.out.suffix.lower() in (".parquet", ".pq"):
            points.to_parquet(args.out, index=False)
        else:
            points.to_csv(args.out, index=False)
        print(f"wrote {args.out}", file=sys.stderr)
    if args.figure:
        _frontier_figure(points, by, args.figure)
        print(f"wrote {args.figure}", file=sys.stderr)
    return 0


def _frontier_figure(points, by: tuple[str, ...], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from ._groups import group_labels
    from .plots.save import save_figure
    from .frontiers.frontier import pareto_frontier
    from .plots import plot_frontier

    group = "benchmark" if "benchmark" in by and points["benchmark"].nunique() > 1 else None
    front = pareto_frontier(points, by=group)
    labelled = front.assign(label=group_labels(front, [c for c in by if c != "benchmark"]))
    ax = plot_frontier(labelled, label="label", hue=group)
    fmt = path.suffix.lower().lstrip(".") or "png"
    save_figure(ax.figure, path.stem, folder=path.parent if str(path.parent) else ".", formats=(fmt,))


class ProgressBar:
    """A minimal text progress bar: ``bar(done, total)``; total None shows a running count."""

    def __init__(self, label: str, stream: TextIO, *, width: int = 30, every: float = 0.2,
                 clock: Callable[[], float] = time.monotonic):
        self.label, self.stream, self.width, self.every, self.clock = label, stream, width, every, clock
        self._last = -1.0
        self._shown = False

    def __call__(self, done: int, total: int | None) -> None:
        now = self.clock()
        if now - self._last < self.every and not (total and done >= total):
            return
        self._last = now
        if total:
            filled = int(self.width * min(done, total) / total)
            text = f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}"
        else:
            text = f"\r{self.label} {done} read"
        self.stream.write(text)
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()


if __name__ == "__main__":
    sys.exit(main())
