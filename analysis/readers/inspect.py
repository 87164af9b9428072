"""Read Inspect AI evaluation logs (``.eval`` zip or ``.json``) into a Responses table.

Format (Inspect AI, https://inspect.aisi.org.uk/eval-logs.html and the ``EvalLog`` reference at
https://inspect.aisi.org.uk/reference/inspect_ai.log.html): an ``EvalLog`` has ``version`` (2
today), ``status``, ``eval`` (task, model, scorers, model_generate_config), ``plan``, ``results``,
``stats.model_usage`` and ``samples``. A ``.json`` log holds all of it in one object; a ``.eval``
log is a zip with ``header.json`` (everything but the samples), one ``samples/<id>_epoch_<n>.json``
per sample and epoch, ``summaries.json``, ``reductions.json`` and a ``_journal/`` (a log still
running has only ``_journal/start.json`` for its header). Each sample has ``id``, ``epoch``,
``scores`` (scorer name -> ``Score`` with ``value``), ``model_usage`` (model name -> ``ModelUsage``:
``input_tokens``, ``output_tokens``, ``total_tokens``, ``reasoning_tokens``,
``input_tokens_cache_read``, ``input_tokens_cache_write``, ``total_cost``), ``output.completion``
and ``total_time``.

Read with the standard library and ``zstandard`` (see :mod:`analysis.readers.safezip`), so
inspect-ai need not be installed; an ``EvalLog`` object is accepted when it is.

Token notes. ``output_tokens`` includes reasoning for every provider Inspect supports (Gemini's
thoughts are added to it by Inspect, ``inspect_ai/model/_providers/google.py``). Inspect's
Anthropic provider takes reasoning tokens from ``usage.output_tokens_details.thinking_tokens``
when the API gives them; older Anthropic logs (and current ones when the API omits that field)
ESTIMATE ``reasoning_tokens`` by counting the visible thinking text, which is a summary for
Claude 4 models: treat such counts as a lower bound. ``output_tokens`` is billed usage there too.
Inspect's offline ``mockllm`` provider reports the completion's length in characters as its
``output_tokens``: not tokens.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator, Literal, overload

import pandas as pd

from .. import coerce
from ..coerce import records_frame
from ..errors import DataError, Problem
from ..schema import DEFAULT_SETTING, OnError
from ._common import Progress, finish, score_to_float
from .files import decode, is_eval_zip, load_json_file, parse_json, regular_file
from .safezip import MAX_MEMBER_BYTES, SafeZip

#: EvalLog file-format versions this reader knows (``EvalLog.version``; 1 had ``sample.score``).
KNOWN_VERSIONS = (1, 2)
#: Generate-config keys that distinguish runs of one model; they make up ``setting``.
SETTING_KEYS = ("reasoning_effort", "reasoning_tokens", "reasoning_summary", "max_tokens")

_SAMPLE_MEMBER = re.compile(r"^samples/(.+)_epoch_(\d+)\.json$")


@overload
def read_inspect_log(
    log: str | Path | Any,
    *,
    scorer: str | None = None,
    model: str | None = None,
    setting: str | None = None,
    benchmark: str | None = None,
    encoding: str = "cl100k_base",
    keep_text: bool = False,
    max_member_bytes: int = MAX_MEMBER_BYTES,
    on_error: Literal["raise"] = "raise",
    progress: Progress | None = None,
) -> pd.DataFrame: ...


@overload
def read_inspect_log(
    log: str | Path | Any,
    *,
    scorer: str | None = None,
    model: str | None = None,
    setting: str | None = None,
    benchmark: str | None = None,
    encoding: str = "cl100k_base",
    keep_text: bool = False,
    max_member_bytes: int = MAX_MEMBER_BYTES,
    on_error: Literal["report"],
    progress: Progress | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]: ...


def read_inspect_log(
    log: str | Path | Any,
    *,
    scorer: str | None = None,
    model: str | None = None,
    setting: str | None = None,
    benchmark: str | None = None,
    encoding: str = "cl100k_base",
    keep_text: bool = False,
    max_member_bytes: int = MAX_MEMBER_BYTES,
    on_error: OnError = "raise",
    progress: Progress | None = None,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """One Responses row per sample x epoch of an Inspect AI log (``.eval``, ``.json`` or EvalLog).

    - ``correct``: the value of ``scorer`` (by name; default: the first scorer the log lists,
      which is Inspect's headline scorer) read as Inspect's ``value_to_float`` does: C=1, P=0.5,
      I=N=0, booleans, numbers, numeric strings. A score that is not a scalar is a DataError.
    - tokens: from ``sample.model_usage[<evaluated model>]`` only, never a grader's or another
      role's. The evaluated model is ``model`` if given, else ``eval.model``. ``output_tokens``
      and ``reasoning_tokens`` as reported (``token_source='reported'``); ``input_tokens`` is the
      true total input (``input_tokens + input_tokens_cache_read + input_tokens_cache_write``,
      the ModelUsage doc); ``cost_usd`` from ``total_cost``. A sample without that model's usage
      gets ``output_tokens`` counted from its completion with ``encoding``
      (``token_source='counted:<encoding>'``) and a :class:`TokenSanityWarning`.
    - ``item_id`` = sample id (text); ``sample`` = Inspect's epoch (1-based, as in the log);
      ``benchmark`` = the task name; ``setting`` = reasoning options of ``model_generate_config``
      (e.g. ``reasoning_effort=high``) or 'default'; ``latency_s`` = sample ``total_time``.

    ``progress(done, total)`` is called after each sample. ``max_member_bytes`` bounds a zip
    member's declared size. Returns validated Responses (or ``(clean, rejected)`` with
    ``on_error='report'``).
    """
    if isinstance(log, (str, Path)):
        path = regular_file(log)
        source = str(path)
        header, samples, n = _open_log(path, max_member_bytes)
    elif hasattr(log, "eval") and hasattr(log, "samples") and hasattr(log, "model_dump"):
        source = str(getattr(log, "location", None) or "<EvalLog>")
        data = log.model_dump(mode="json", exclude_none=False)
        header, samples, n = _from_object(data)
    else:
        raise TypeError(f"expected a path or an inspect_ai EvalLog, got {type(log).__name__}")

    _check_version(header, source)
    eval_spec = _header_object(header, "eval", source)
    eval_model = model or _header_text(eval_spec, "model", source)
    if not eval_model:
        raise DataError(Problem(source, "header", "eval.model", "the log names no evaluated model; pass model="))
    scorer_name = _pick_scorer(eval_spec, scorer, source)
    task = benchmark or _header_text(eval_spec, "task", source) or "unknown"
    run_setting = setting or _setting(eval_spec, source)

    records, wheres = [], []
    for done, (where, sample) in enumerate(samples, start=1):
        row = _row(sample, where, source, scorer_name, eval_model)
        records.append(row)
        wheres.append(f"{where} (sample {sample['id']!r}, epoch {row['sample']!r})")
        if progress is not None:
            progress(done, n)
    if not records:
        raise DataError(Problem(source, None, "samples", "the log has no samples (written with log_samples=False?)"))

    rows = records_frame(records)  # ids and counts as given: validation reads them by the shared rules
    rows.insert(0, "model", eval_model)
    rows.insert(1, "setting", run_setting)
    rows.insert(2, "benchmark", task)
    rows["text"] = rows.pop("_text")
    if rows["error"].isna().all():
        rows = rows.drop(columns="error")
    return finish(rows, source=source, on_error=on_error, lines=wheres, encoding=encoding, keep_text=keep_text)


# --------------------------------------------------------------------------- opening


def _open_log(path: Path, max_member_bytes: int):
    path = regular_file(path)
    if is_eval_zip(path):
        return _open_eval_zip(path, max_member_bytes)
    data = load_json_file(path)
    if not isinstance(data, dict):
        raise DataError(Problem(str(path), None, None, "not an Inspect log: the JSON is not an object"))
    return _from_object(data, str(path))


def _from_object(data: dict, source: str = "<EvalLog>"):
    samples = data.get("samples") or []
    if not isinstance(samples, list):
        raise DataError(Problem(source, None, "samples", f"expected a list of samples, got {type(samples).__name__}"))
    header = {k: v for k, v in data.items() if k != "samples"}

    def gen():
        for i, s in enumerate(samples):
            yield f"samples[{i}]", s

    return header, gen(), len(samples)


def _open_eval_zip(path: Path, max_member_bytes: int):
    z = SafeZip(path, max_member_bytes=max_member_bytes)
    try:
        name = "header.json" if "header.json" in z else "_journal/start.json"
        if name not in z:
            raise DataError(Problem(str(path), None, None, "not an Inspect .eval log: no header.json or _journal/start.json"))
        header = _load_member(z, name)
        members = []
        for member in z.namelist():
            m = _SAMPLE_MEMBER.match(member)
            if m:
                members.append((int(m.group(2)), m.group(1), member))
    except BaseException:
        z.close()
        raise
    members.sort(key=lambda t: (t[0], _natural(t[1])))

    def gen() -> Iterator[tuple[str, dict]]:
        with z:
            for _, _, member in members:
                yield f"member {member!r}", _load_member(z, member)

    return header, gen(), len(members)


def _natural(text: str):
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)]


def _load_member(z: SafeZip, name: str) -> dict:
    where = f"member {name!r}"
    text = decode(z.read(name), z.path, where=where)  # the one decoder: BOM dropped, bad bytes named
    data = parse_json(text, z.path, where)
    if not isinstance(data, dict):
        raise DataError(Problem(z.path, f"member {name!r}", None, "expected a JSON object"))
    return data


# --------------------------------------------------------------------------- header


def _check_version(header: dict, source: str) -> None:
    version = header.get("version")
    if version not in KNOWN_VERSIONS:
        raise DataError(
            Problem(source, "header", "version", f"unknown Inspect log version {version!r}; this reader knows {list(KNOWN_VERSIONS)}")
        )


def _header_object(parent: dict, key: str, source: str, prefix: str = "") -> dict:
    value = parent.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise DataError(Problem(source, "header", prefix + key, f"expected an object, got {coerce._short(value)}"))
    return value


def _header_text(eval_spec: dict, key: str, source: str) -> str | None:
    value = eval_spec.get(key)
    if value is not None and not isinstance(value, str):
        raise DataError(Problem(source, "header", f"eval.{key}", f"expected text, got {coerce._short(value)}"))
    return value


def _pick_scorer(eval_spec: dict, scorer: str | None, source: str) -> str | None:
    scorers = eval_spec.get("scorers") or []
    if not isinstance(scorers, list):
        raise DataError(Problem(source, "header", "eval.scorers", f"expected a list, got {coerce._short(scorers)}"))
    names = [s.get("name") for s in scorers if isinstance(s, dict)]
    if scorer is not None:
        if names and scorer not in names:
            raise DataError(Problem(source, "header", "eval.scorers", f"no scorer named {scorer!r}; the log has {names}"))
        return scorer
    return names[0] if names else None


def _setting(eval_spec: dict, source: str) -> str:
    config = _header_object(eval_spec, "model_generate_config", source, "eval.")
    parts = [f"{k}={config[k]}" for k in SETTING_KEYS if config.get(k) is not None]
    return ",".join(parts) or DEFAULT_SETTING


# --------------------------------------------------------------------------- samples


def _row(sample: dict, where: str, source: str, scorer: str | None, eval_model: str) -> dict:
    def problem(field: str, message: str) -> DataError:
        return DataError(Problem(source, where, field, message))

    if not isinstance(sample, dict) or "id" not in sample:
        raise problem("id", "not an Inspect sample (an object with an id)")

    def obj(value: Any, field: str) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise problem(field, f"expected an object, got {coerce._short(value)}")
        return value

    scores = sample.get("scores")
    if scores is None and "score" in sample:  # log version 1: one unnamed score
        scores = {scorer or "score": sample["score"]}
    scores = obj(scores, "scores")
    name = scorer if scorer is not None else (next(iter(scores)) if len(scores) == 1 else None)
    correct: float | None = None
    if name is None and scores:
        raise problem("scores", f"several scorers {sorted(scores)}; pass scorer=")
    if name is not None and name in scores:
        value = scores[name].get("value") if isinstance(scores[name], dict) else None
        try:
            correct = score_to_float(value)
        except DataError as exc:
            raise problem(f"scores.{name}.value", str(exc)) from None

    usage = _model_usage(obj(sample.get("model_usage"), "model_usage"), eval_model)
    output = obj(sample.get("output"), "output")
    error = sample.get("error")
    epoch = sample.get("epoch")
    row = {
        "item_id": sample["id"],  # as given: validation reads it as a label (a null is an error, not 'None')
        "sample": 1 if coerce.is_missing(epoch) else epoch,
        "correct": correct,
        "output_tokens": None,
        "reasoning_tokens": None,
        "input_tokens": None,
        "token_source": None,
        "cost_usd": None,
        "latency_s": sample.get("total_time"),
        "error": (error.get("message") if isinstance(error, dict) else error) or None,
        "_text": output.get("completion") if isinstance(output, dict) else None,
    }
    if usage is not None:
        if not isinstance(usage, dict):
            raise problem(f"model_usage.{eval_model}", "expected an object")
        def count(key: str):
            try:
                return coerce.count(usage.get(key))
            except coerce.BadValue as exc:
                raise problem(f"model_usage.{eval_model}.{key}", str(exc)) from None

        cache = [count("input_tokens_cache_read"), count("input_tokens_cache_write")]
        inputs = count("input_tokens")
        row.update(
            output_tokens=usage.get("output_tokens"),
            reasoning_tokens=usage.get("reasoning_tokens"),
            input_tokens=None if inputs is None else inputs + sum(c for c in cache if c is not None),
            token_source="reported",
            cost_usd=usage.get("total_cost"),
        )
    return row


def _model_usage(model_usage: dict, eval_model: str) -> dict | None:
    """The evaluated model's usage: exact name, else the same name without a provider prefix."""
    if eval_model in model_usage:
        return model_usage[eval_model]
    bare = eval_model.split("/", 1)[-1]
    matches = [k for k in model_usage if k == bare or k.split("/", 1)[-1] == bare]
    return model_usage[matches[0]] if len(matches) == 1 else None
