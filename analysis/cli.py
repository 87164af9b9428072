"""Command line: ``python -m analysis <command>``.

Commands:
  figures   execute every notebook headless and rewrite figures/ (what ``make figures`` runs)
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("figures", help="regenerate every figure from the bundled data")
    args = parser.parse_args(argv)
    if args.command == "figures":
        from .figures import regenerate

        regenerate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
