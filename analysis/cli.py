"""Command line: ``rte <command>`` or ``python -m analysis <command>``.

Commands:
  figures     execute every notebook headless and rewrite figures/ (what ``make figures`` runs)
  summarize   read result files (any format read_any knows), print the Points table, optionally
              write it (--out) and draw the efficiency frontier (--figure)
  report      read result files, print the conclusions of efficiency_report, and with --html write
              one self-contained page: conclusions, figures (inline SVG), tables, data provenance

Exit codes: 0 done; 1 a data error (a file that is missing, not a regular file, unreadable or
malformed: the message names the file, the line and the field) or an output that cannot be
written; 2 a usage error (a bad option or value, an unknown --by column, the same file given
twice, an --out, --figure or --html type not supported). Messages go to standard error, without a
traceback; progress bars are drawn only when standard error is a terminal.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Callable, TextIO

#: inputs larger than this get a progress bar on standard error (when it is a terminal)
PROGRESS_BYTES = 20 * 1024 * 1024
EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
#: what --out writes, by suffix
OUT_SUFFIXES = (".csv", ".parquet", ".json")
#: what --figure draws, by suffix
FIGURE_SUFFIXES = (".png", ".svg")


class UsageError(Exception):
    """A command line that cannot be run as given (exit code 2)."""


def prog_name() -> str:
    """``rte`` when run as the installed script, else ``python -m analysis``."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    if name.lower().endswith(".exe"):
        name = name[:-4]
    return name if name == "rte" else "python -m analysis"


def version() -> str:
    """The installed package's version, else the one in the checkout's pyproject.toml."""
    from importlib import metadata

    try:
        return metadata.version("reasoning-token-efficiency")
    except metadata.PackageNotFoundError:
        pass
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    try:
        import tomllib

        return tomllib.loads(pyproject.read_text())["project"]["version"]
    except (OSError, KeyError, ValueError):
        return "unknown"


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {value}")
    return value


def build_parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("figures", help="regenerate every figure from the bundled data")
    s = sub.add_parser("summarize", help="accuracy, CI and tokens per model x setting x benchmark")
    s.add_argument("paths", nargs="+", help="result files: Inspect .eval/.json, lm-eval samples, provider JSONL, CSV/JSONL/Parquet")
    s.add_argument("--by", default="model,setting,benchmark", help="comma-separated grouping columns (default: %(default)s)")
    s.add_argument("--out", type=Path, help=f"write the Points table here ({', '.join(OUT_SUFFIXES)})")
    s.add_argument("--figure", type=Path, help=f"draw accuracy against tokens with the Pareto frontier ({', '.join(FIGURE_SUFFIXES)})")
    _unused_bootstrap_options(s)
    s.add_argument("--no-count", action="store_true", help="do not count tokens from text where a file has no usage")
    s.add_argument("--progress", choices=("auto", "always", "never"), default="auto",
                   help=f"progress bar on stderr (auto: on a terminal, for inputs over {PROGRESS_BYTES >> 20} MB)")
    s.add_argument("--engine", choices=("pandas", "dask"), default="pandas",
                   help="pandas: one process; dask: partitions of files (small ones batched) on a Dask cluster (needs the dask extra)")
    s.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: a Dask scheduler address (tcp://host:8786), or 'threads' / 'synchronous' "
                        "(default: a local cluster of one worker process per CPU, closed at the end)")
    r = sub.add_parser("report", help="every table and figure of the notebooks for your files, as one HTML page")
    r.add_argument("paths", nargs="+", help="result files, as for summarize")
    r.add_argument("--html", type=Path, help="write the self-contained page here (e.g. report.html)")
    r.add_argument("--by", default="model,setting,benchmark", help="comma-separated grouping columns (default: %(default)s)")
    r.add_argument("--title", default="Reasoning-token efficiency report")
    _unused_bootstrap_options(r)
    r.add_argument("--no-count", action="store_true", help="do not count tokens from text where a file has no usage")
    return parser


def _unused_bootstrap_options(parser: argparse.ArgumentParser) -> None:
    """--n-boot and --seed of the bootstrap interval the analytic one replaced: still accepted
    (and checked) so that old commands run; giving one prints a note (:func:`_note_unused`)."""
    unused = "no longer used: the accuracy interval is analytic (accepted so that old commands run)"
    parser.add_argument("--n-boot", type=_positive_int, help=unused)
    parser.add_argument("--seed", type=int, help=unused)


def _note_unused(args: argparse.Namespace) -> None:
    given = [flag for flag, value in (("--n-boot", args.n_boot), ("--seed", args.seed)) if value is not None]
    if given:
        verb = "change" if len(given) > 1 else "changes"
        print(f"note: {' and '.join(given)} no longer {verb} anything (the accuracy interval is analytic, "
              "not a bootstrap)", file=sys.stderr)


def main(argv: list[str] | None = None, *, prog: str | None = None) -> int:
    """Run the command line; returns the exit code (see the module doc)."""
    prog = prog or prog_name()
    parser = build_parser(prog)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: usage errors (2), --help and --version (0)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    from .errors import DataError

    try:
        return COMMANDS[args.command](args, argv)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DataError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return EXIT_DATA
    except OSError as exc:
        print(f"{prog}: error: {os_message(exc)}", file=sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130


def os_message(exc: OSError) -> str:
    """'<file>: <reason>' for an OSError, without Python's '[Errno N]'."""
    name = exc.filename if exc.filename is not None else ""
    reason = exc.strerror or str(exc)
    return f"{name}: {reason}" if name else reason


def _figures(args: argparse.Namespace, argv: list[str] | None = None) -> int:
    from .run_notebooks import regenerate

    regenerate()
    return EXIT_OK


def _read(path: str, *, count: bool, progress: str = "never"):
    """One file as Responses (tokens counted from text where it has no usage, unless ``count`` is
    False); DataError and OSError propagate (``main`` turns them into exit code 1)."""
    from .readers import read_any
    from .tokens.fill import fill_token_counts

    bar = ProgressBar(Path(path).name, sys.stderr) if _show_progress(progress, path) else None
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


def _group_columns(responses, by: tuple[str, ...]) -> None:
    """--by naming a column the data does not have is a usage error."""
    from ._groups import require_columns
    from .errors import DataError

    try:
        require_columns(responses, by, "--by", why="a grouping column the data does not have")
    except DataError as exc:
        raise UsageError(str(exc)) from None


def _report(args: argparse.Namespace, argv: list[str] | None = None) -> int:
    import pandas as pd

    from .report import efficiency_report, report_conclusions

    by = tuple(c.strip() for c in args.by.split(",") if c.strip())
    _note_unused(args)
    _check_inputs(args.paths)
    _check_output(args.html, "--html", (".html", ".htm"))
    frames, provenance = [], []
    for path in args.paths:
        frames.append(_read(path, count=not args.no_count))
        if args.html:
            from .html_report import file_provenance

            provenance.append(file_provenance(Path(path), frames[-1]))
    responses = pd.concat(frames, ignore_index=True)
    _group_columns(responses, by)
    report = efficiency_report(responses, by=by)
    conclusions = report_conclusions(report)
    print("\n".join(conclusions))
    if args.html:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from .html_report import html_report
        from .plots import plot_report

        source = ", ".join(Path(p).name for p in args.paths)
        figures = plot_report(report, responses, source=source)
        command = "python -m analysis " + " ".join(sys.argv[1:] if argv is None else argv)
        page = html_report(report, conclusions, figures, provenance, title=args.title, command=command)
        for fig in figures.values():
            plt.close(fig)

        def write() -> None:
            args.html.parent.mkdir(parents=True, exist_ok=True)
            args.html.write_text(page, encoding="utf-8")

        _write(args.html, write)
    return EXIT_OK


def _summarize(args: argparse.Namespace, argv: list[str] | None = None) -> int:
    import pandas as pd

    from .measures.summary import summarize

    by = tuple(c.strip() for c in args.by.split(",") if c.strip())
    _note_unused(args)
    _check_inputs(args.paths)
    _check_output(args.out, "--out", OUT_SUFFIXES)
    _check_output(args.figure, "--figure", FIGURE_SUFFIXES)
    if args.engine == "dask" or args.scheduler:
        from .scale.cli import summarize_dask

        points = summarize_dask(args, by)
    else:
        frames = [_read(path, count=not args.no_count, progress=args.progress) for path in args.paths]
        responses = pd.concat(frames, ignore_index=True)
        _group_columns(responses, by)
        points = summarize(responses, by=by)
    with pd.option_context("display.width", 200, "display.max_columns", 30, "display.max_rows", 500):
        print(points.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    if args.out:
        _write(args.out, lambda: _write_points(points, args.out))
    if args.figure:
        _write(args.figure, lambda: _frontier_figure(points, by, args.figure))
    return EXIT_OK


def _check_inputs(paths: list[str]) -> None:
    """The same file given twice (under any spelling, or in a folder given too) would be counted
    twice: a usage error."""
    from .readers.many import result_files

    seen: dict[object, str] = {}
    expanded = []
    for path in paths:
        if path and os.path.isdir(path):
            expanded += [str(p) for p in result_files(path)]
        else:
            expanded.append(path)
    for path in expanded:
        try:
            st = os.stat(path) if path else None
            key: object = (st.st_dev, st.st_ino) if st is not None else path
        except OSError:
            key = os.path.realpath(path)  # missing: the reader names it
        if key in seen:
            same = f"{seen[key]} and {path}" if str(seen[key]) != str(path) else str(path)
            raise UsageError(f"the same file is given twice: {same} (its answers would be counted twice)")
        seen[key] = path


def _check_output(path: Path | None, option: str, suffixes: tuple[str, ...]) -> None:
    """Before any reading: a supported suffix, and not a folder."""
    if path is None:
        return
    if path.suffix.lower() not in suffixes:
        raise UsageError(f"{option} {path}: unsupported type {path.suffix or '(none)'!r}; use {', '.join(suffixes)}")
    if path.is_dir():
        raise UsageError(f"{option} {path} is a folder; name a file")


def _write(path: Path, write: Callable[[], None]) -> None:
    try:
        write()
    except OSError as exc:
        raise OSError(exc.errno, f"cannot write {path}: {exc.strerror or exc}") from None
    print(f"wrote {path}", file=sys.stderr)


def _write_points(points, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        points.to_parquet(path, index=False)
    elif suffix == ".json":
        points.to_json(path, orient="records", indent=1)
    else:
        points.to_csv(path, index=False)


def _show_progress(mode: str, path: str) -> bool:
    if mode == "always":
        return True
    if mode == "never" or not sys.stderr.isatty():
        return False
    try:
        return os.stat(path).st_size > PROGRESS_BYTES
    except OSError:
        return False


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
    fmt = path.suffix.lower().lstrip(".")
    save_figure(ax.figure, path.stem, folder=path.parent if str(path.parent) else ".", formats=(fmt,))


COMMANDS: dict[str, Callable[..., int]] = {"figures": _figures, "summarize": _summarize, "report": _report}


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
