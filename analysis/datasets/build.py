"""Rebuild the bundled data: ``python -m analysis.datasets.build [--import-raw RESEARCH_DIR]``.

Two steps, both rerunnable:

1. ``--import-raw DIR`` copies the raw files from a research folder (a folder laid out as
   ``per_item/``, ``model_level/``, ``published/``: the project's research collection) into ``data/`` unchanged; JSON-lines logs are xz-compressed, and the
   copy is checked to decompress to the very same bytes.
2. Always: the derived files in ``data/derived/`` are regenerated from the raw files in
   ``data/``: token counts (``analysis.count_tokens``, cl100k_base) of every SkyThought and
   DeepScaleR text, so that loading needs no tokenizer run.
"""

from __future__ import annotations

import argparse
import lzma
import shutil
import sys
from pathlib import Path

import pandas as pd

from ..tokens.count import count_tokens
from ._files import data_dir, read_bytes
from .deepscaler import RAW_DIR as DEEPSCALER_DIR, _raw_texts as deepscaler_texts
from .skythought import RAW_DIR as SKYTHOUGHT_DIR, _raw_texts as skythought_texts
from .token_economy_traces import DERIVED as TRACES_DERIVED, RAW_DIR as TRACES_DIR, RAW_PATTERNS as TRACE_PATTERNS
from .token_economy_traces import _raw_texts as trace_texts

ENCODING = "cl100k_base"

#: research-relative source -> data-relative destination (plain copies)
PLAIN = {
    "per_item/lrm_token_economy/evaluation_stats.csv": "lrm_token_economy/evaluation_stats.csv",
    "per_item/lrm_token_economy/model_prices.csv": "lrm_token_economy/model_prices.csv",
    "per_item/lrm_token_economy/TokenEconomyDataset_V1.json": "lrm_token_economy/TokenEconomyDataset_V1.json",
    "per_item/matharena_site/aime_2025_I_feb2025_site_tables.json": "matharena/aime_2025_I_feb2025_site_tables.json",
    "model_level/polyglot_leaderboard.json": "aider/polyglot_leaderboard.json",
    "published/ALL_TABLES_long.csv": "published/ALL_TABLES_long.csv",
    "published/artificial_analysis_index_tokens.csv": "published/artificial_analysis_index_tokens.csv",
    "../seed/seed_benchmarks.csv": "seed/seed_benchmarks.csv",
}
#: research-relative folder of .jsonl logs -> data-relative folder of .jsonl.xz
COMPRESSED = {
    "per_item/skythought_raw": SKYTHOUGHT_DIR,
    "per_item/deepscaler_budget_sweep": DEEPSCALER_DIR,
}
#: research-relative folder -> (data-relative folder, name patterns): JSON documents kept as .json.xz
COMPRESSED_JSON = {
    "per_item/lrm_token_economy_raw": (TRACES_DIR, TRACE_PATTERNS),
}


def import_raw(research: Path, dest: Path) -> list[Path]:
    """Copy the raw files from ``research`` into ``dest`` (see the module docstring)."""
    written = []
    for src, dst in PLAIN.items():
        target = dest / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(research / src, target)
        written.append(target)
    for src, dst in COMPRESSED.items():
        written += _compress_all(sorted((research / src).glob("*.jsonl")), dest / dst)
    for src, (dst, patterns) in COMPRESSED_JSON.items():
        written += _compress_all(sorted(p for pat in patterns for p in (research / src).glob(pat)), dest / dst)
    return written


def _compress_all(paths: list[Path], folder: Path) -> list[Path]:
    """xz-compress each file into ``folder`` as ``<name>.xz``, checked to decompress to its bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for path in paths:
        raw = path.read_bytes()
        target = folder / (path.name + ".xz")
        target.write_bytes(lzma.compress(raw, preset=9 | lzma.PRESET_EXTREME))
        if read_bytes(target) != raw:
            raise RuntimeError(f"{target} does not decompress to the bytes of {path}")
        written.append(target)
    return written


def token_counts(texts: pd.DataFrame) -> pd.DataFrame:
    """``file, item_id, text_chars, output_tokens`` for a frame with ``file, item_id, text``."""
    out = texts[["file", "item_id"]].copy()
    out["text_chars"] = texts["text"].str.len().astype("int64")
    out["output_tokens"] = count_tokens(texts["text"].tolist(), ENCODING)
    return out


def build_derived(dest: Path) -> list[Path]:
    """Regenerate ``derived/*_token_counts.csv`` from the raw texts under ``dest``."""
    (dest / "derived").mkdir(parents=True, exist_ok=True)
    written = []
    for name, texts in (("skythought", skythought_texts), ("deepscaler", deepscaler_texts)):
        target = dest / "derived" / f"{name}_token_counts.csv"
        token_counts(texts()).to_csv(target, index=False, lineterminator="\n")
        written.append(target)
    target = dest / TRACES_DERIVED
    token_counts(trace_texts()).to_csv(target, index=False, lineterminator="\n")
    written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.datasets.build", description=__doc__.split("\n")[0])
    parser.add_argument("--import-raw", type=Path, metavar="RESEARCH_DIR", help="copy raw files from this research folder first")
    args = parser.parse_args(argv)
    dest = data_dir()
    if args.import_raw:
        for path in import_raw(args.import_raw, dest):
            print(f"raw      {path.relative_to(dest)}  {path.stat().st_size:,} bytes")
    for path in build_derived(dest):
        print(f"derived  {path.relative_to(dest)}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
