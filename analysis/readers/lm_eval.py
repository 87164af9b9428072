"""Read lm-evaluation-harness per-sample logs (``samples_<task>_<date>.jsonl``) into Responses.

Format: written by ``lm_eval --log_samples --output_path OUT`` as
``OUT/<model_name_sanitized>/samples_<task>_<date_id>.jsonl`` (``EvaluationTracker.
save_results_samples`` in ``lm_eval/loggers/evaluation_tracker.py``); one JSON object per document
and filter, built in ``lm_eval/evaluator.py`` (``evaluate``): ``doc_id``, ``doc``, ``target``,
``arguments`` (on disk ``{"gen_args_0": {"arg_0": prompt, "arg_1": gen_kwargs}}``), ``resps``
(per request, the list of raw generations), ``filtered_resps``, ``doc_hash``, ``prompt_hash``,
``target_hash``, then one key per metric (e.g. ``"exact_match": 1.0``); recent versions also
write ``filter`` (the filter's name, e.g. "strict-match") and ``metrics`` (the metric names).
A document appears once per filter of the task. Docs:
https://github.com/EleutherAI/lm-evaluation-harness/blob/main/docs/interface.md (``--log_samples``).

The harness records no token usage, so ``output_tokens`` is counted from the raw generations
(``resps``, before filtering: what the model generated) with :func:`analysis.count_tokens`
(``token_source='counted:<encoding>'``); reasoning tokens are unknown (a thinking model's trace is
counted only if the server returned it inside the text).

Stripped thinking: with ``think_end_token`` set (a model argument of the ``hf`` and ``vllm``
models, recorded in ``config.model_args`` of the run's ``results_<date>.json`` beside the samples
file), the harness keeps only the text after that token in ``resps``
(``lm_eval/models/utils.py``, ``postprocess_generated_text``): the thinking is gone, and a count
of what is left misses it. Such rows are ``token_source='counted-visible:<encoding>'`` with one
warning (:mod:`analysis.tokens.fill`).

Truncation: the harness writes no stop reason; the cap is ``max_gen_toks`` in the request's
generation arguments (``arguments.gen_args_0.arg_1``), kept as ``max_tokens``; ``truncated`` is
then True where the counted tokens reach the cap within 10% (a count by another tokenizer than
the model's; :data:`analysis.readers._common.CAP_TOLERANCE`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Literal, overload

import numpy as np
import pandas as pd

from .. import coerce
from ..coerce import records_frame
from ..errors import DataError, NoGenerations, Problem
from ..schema import DEFAULT_SETTING, OnError
from ._common import Part, Progress, finish_parts, json_records
from .files import load_json_file, regular_file

#: Keys of a sample record that are bookkeeping, not metrics.
BOOKKEEPING = frozenset(
    {"doc_id", "doc", "target", "arguments", "resps", "filtered_resps", "filter", "metrics",
     "doc_hash", "prompt_hash", "target_hash", "task_name", "idx"}
)
_FILENAME = re.compile(r"^samples_(?P<task>.+)_(?P<date>\d{4}-\d{2}-\d{2}T[\d\-.:]+)\.jsonl$")


@overload
def read_lm_eval_samples(
    path: str | Path,
    *,
    metric: str | None = None,
    filter: str | None = None,
    model: str | None = None,
    setting: str = DEFAULT_SETTING,
    benchmark: str | None = None,
    encoding: str = "cl100k_base",
    keep_text: bool = False,
    thinking_stripped: bool | None = None,
    on_error: Literal["raise"] = "raise",
    progress: Progress | None = None,
) -> pd.DataFrame: ...


@overload
def read_lm_eval_samples(
    path: str | Path,
    *,
    metric: str | None = None,
    filter: str | None = None,
    model: str | None = None,
    setting: str = DEFAULT_SETTING,
    benchmark: str | None = None,
    encoding: str = "cl100k_base",
    keep_text: bool = False,
    thinking_stripped: bool | None = None,
    on_error: Literal["report"],
    progress: Progress | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]: ...


def read_lm_eval_samples(
    path: str | Path,
    *,
    metric: str | None = None,
    filter: str | None = None,
    model: str | None = None,
    setting: str = DEFAULT_SETTING,
    benchmark: str | None = None,
    encoding: str = "cl100k_base",
    keep_text: bool = False,
    thinking_stripped: bool | None = None,
    on_error: OnError = "raise",
    progress: Progress | None = None,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """One Responses row per document of an lm-eval ``samples_*.jsonl`` file.

    - ``correct`` = the value of ``metric`` (default: the first metric the record lists, e.g.
      ``exact_match`` for gsm8k, ``acc`` for mmlu); it must be a 0..1 score (booleans count as 0/1).
    - ``filter``: which filter's records to keep when a document repeats once per filter
      (default: the first filter in the file; the chosen one is kept in a ``filter`` column).
      Files from harness versions that do not write ``filter`` name them ``#0``, ``#1``... in order.
    - ``output_tokens`` = tokens of all raw generations of the document (``resps``), counted with
      ``encoding``; a document with ``repeats`` > 1 pays for all of them. As every reader does
      where usage is missing (``analysis.tokens.fill``): ``token_source='counted:<encoding>'``
      and a :class:`~analysis.TokenSanityWarning` saying for how many answers.
    - ``item_id`` = ``doc_id``; ``sample`` = 0; ``benchmark`` = the task from the file name
      ``samples_<task>_<date>.jsonl`` (or ``benchmark=``); ``model`` = ``model=`` or the name of
      the folder holding the file (the harness writes ``OUT/<model_name_sanitized>/``).

    - ``thinking_stripped``: whether the harness removed the thinking from ``resps``
      (``think_end_token`` set); None detects it from the ``results_*.json`` beside the file or
      a ``think_end_token`` in the generation arguments. Stripped rows are
      ``token_source='counted-visible:<encoding>'``, with one warning.
    - ``max_tokens`` = ``max_gen_toks`` of the generation arguments where given; ``truncated``
      from it (see the module doc).

    A loglikelihood (multiple-choice) task has no generations: a :class:`~analysis.errors.NoGenerations`
    DataError. ``progress(done, total)`` is called every 1,000 lines. Returns validated Responses.
    """
    part = collect_lm_eval(path, metric=metric, filter=filter, model=model, setting=setting, benchmark=benchmark,
                           thinking_stripped=thinking_stripped, progress=progress)
    return finish_parts([part], on_error=on_error, encoding=encoding, keep_text=keep_text)


def collect_lm_eval(
    path: str | Path,
    *,
    metric: str | None = None,
    filter: str | None = None,
    model: str | None = None,
    setting: str = DEFAULT_SETTING,
    benchmark: str | None = None,
    thinking_stripped: bool | None = None,
    progress: Progress | None = None,
    **_: Any,
) -> Part:
    """The rows of one samples file before counting and validation (see :func:`read_lm_eval_samples`)."""
    path = regular_file(path)
    source = str(path)
    task = benchmark or _task_from_name(path.name)
    model_name = model or path.resolve().parent.name

    records: list[dict] = []
    texts: list[list[str]] = []
    lines: list[int] = []
    caps: list[Any] = []
    marked: list[bool] = []
    seen: dict[str, int] = {}  # doc_id -> occurrences, to name filters in old files
    for number, rec in json_records(path, progress):
        if "doc_id" not in rec:
            raise DataError(Problem(source, f"line {number}", "doc_id", "not an lm-eval sample record (no doc_id)"))
        doc = rec["doc_id"]  # kept as given: validation reads it as a label (a null is an error, not 'None')
        key = json.dumps(doc, sort_keys=True)
        k = seen.get(key, 0)
        seen[key] = k + 1
        try:
            flt = coerce.label(rec.get("filter"))
        except coerce.BadValue as exc:
            raise DataError(Problem(source, f"line {number}", "filter", str(exc))) from None
        flt = flt if flt is not None else f"#{k}"
        if metric is None:  # the first record decides, so every row scores the same metric
            metric = _first_metric(rec)
        name = metric
        if name is None:
            raise DataError(Problem(source, f"line {number}", "metrics", "the record has no metric; pass metric="))
        if name not in rec:
            present = sorted(k for k in rec if k not in BOOKKEEPING)
            raise DataError(Problem(source, f"line {number}", name, f"metric not in the record (metrics present: {present})"))
        generations = _generations(rec.get("resps"), source, number)
        gen_kwargs = _gen_kwargs(rec.get("arguments"))
        records.append({"item_id": doc, "filter": flt, "correct": _metric_value(rec[name], source, number, name)})
        texts.append(generations)
        lines.append(number)
        caps.append(gen_kwargs.get("max_gen_toks"))
        marked.append(gen_kwargs.get("think_end_token") is not None)

    rows = records_frame(records)  # ids as given (an integer id beside a null stays an integer)
    chosen = filter if filter is not None else rows["filter"].iloc[0]
    keep = (rows["filter"] == chosen).to_numpy(bool)
    if not keep.any():
        raise DataError(Problem(source, None, "filter", f"no records for filter {chosen!r}; filters: {sorted(rows['filter'].unique())}"))
    rows = rows[keep].reset_index(drop=True)
    texts = [t for t, k in zip(texts, keep) if k]
    lines = [n for n, k in zip(lines, keep) if k]
    caps = [c for c, k in zip(caps, keep) if k]
    marked_kept = np.array([m for m, k in zip(marked, keep) if k], dtype=bool)
    if thinking_stripped is None:
        visible = marked_kept | (_think_end_token(path) is not None)
    else:
        visible = np.full(len(rows), bool(thinking_stripped))

    rows.insert(0, "model", model_name)
    rows.insert(1, "setting", setting)
    rows.insert(2, "benchmark", task)
    rows.insert(4, "sample", 0)
    rows["output_tokens"] = pd.array([pd.NA] * len(rows), dtype="Int64")  # the harness reports no usage
    if any(c is not None for c in caps):
        rows["max_tokens"] = pd.Series(caps, dtype=object)
    rows["text"] = pd.Series(texts, dtype=object)
    return Part(rows, source, lines, visible if visible.any() else None)


def _gen_kwargs(arguments: Any) -> dict:
    """The generation arguments of a record's first request: on disk ``{"gen_args_0": {"arg_0":
    prompt, "arg_1": {...}}}``, in older files ``[[prompt, {...}]]``; {} where there are none."""
    first: Any = None
    if isinstance(arguments, dict) and arguments:
        first = next(iter(arguments.values()))
        first = first.get("arg_1") if isinstance(first, dict) else None
    elif isinstance(arguments, list) and arguments and isinstance(arguments[0], list) and len(arguments[0]) > 1:
        first = arguments[0][1]
    return first if isinstance(first, dict) else {}


def _think_end_token(samples: Path) -> str | None:
    """``think_end_token`` of the run that wrote ``samples``, from ``config.model_args`` of the
    ``results_<date>.json`` with the same date beside it (or the only results file there)."""
    m = _FILENAME.match(samples.name)
    folder = samples.parent
    candidates = [folder / f"results_{m.group('date')}.json"] if m else []
    if not candidates or not candidates[0].exists():
        found = sorted(folder.glob("results_*.json"))
        candidates = found if len(found) == 1 else []
    for results in candidates:
        if not results.exists():
            continue
        data = load_json_file(results)
        config = data.get("config") if isinstance(data, dict) else None
        args = config.get("model_args") if isinstance(config, dict) else None
        if isinstance(args, dict):
            token = args.get("think_end_token")
            return None if token is None else str(token)
        if isinstance(args, str):
            hit = re.search(r"(?:^|,)\s*think_end_token\s*=\s*([^,]+)", args)
            return hit.group(1).strip() if hit else None
    return None


def _task_from_name(name: str) -> str:
    m = _FILENAME.match(name)
    if m:
        return m.group("task")
    stem = name[:-6] if name.endswith(".jsonl") else name
    return stem[len("samples_"):] if stem.startswith("samples_") else stem


def _first_metric(rec: dict) -> str | None:
    listed = rec.get("metrics")
    if isinstance(listed, list) and listed:
        return str(listed[0])
    for key, value in rec.items():
        if key not in BOOKKEEPING and isinstance(value, (int, float, bool)):
            return key
    return None


def _metric_value(value, source: str, number: int, name: str):
    """The metric as given, if the shared rule reads it as a number (:func:`analysis.coerce.number`:
    numeric strings are numbers; booleans count as 0/1); validation then checks it is a score in
    [0, 1] ('correct')."""
    if isinstance(value, bool):
        return float(value)
    try:
        coerce.number(value)
    except coerce.BadValue as exc:
        why = str(exc)
        raise DataError(Problem(source, f"line {number}", name,
                                f"metric value is {why}" if why.startswith("not ") else f"metric value: {why}")) from None
    return value


def _generations(resps, source: str, number: int) -> list[str]:
    """All generated strings of a record's ``resps`` (a list per request of generations)."""
    if not isinstance(resps, list):
        raise DataError(Problem(source, f"line {number}", "resps", f"expected a list of generations, got {type(resps).__name__}"))
    out: list[str] = []
    for item in resps:
        for gen in item if isinstance(item, list) else [item]:
            if isinstance(gen, str):
                out.append(gen)
            else:
                raise NoGenerations(
                    Problem(source, f"line {number}", "resps",
                            f"holds {gen!r}, not generated text (a loglikelihood / multiple-choice task has no generations to count)")
                )
    return out
