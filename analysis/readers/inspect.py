"""Read Inspect AI evaluation logs (``.eval`` zip or ``.json``) into a Responses table.

Format (Inspect AI, https://inspect.aisi.org.uk/eval-logs.html and the ``EvalLog`` reference at
https://inspect.aisi.org.uk/reference/inspect_ai.log.html): an ``EvalLog`` has ``version`` (2
today), ``status``, ``eval`` (task, task_id, created, model, model_roles, scorers,
model_generate_config, packages), ``plan``, ``results``, ``stats.model_usage`` and ``samples``.
A ``.json`` log holds all of it in one object; a ``.eval`` log is a zip with ``header.json``
(everything but the samples), one ``samples/<id>_epoch_<n>.json`` per sample and epoch (the
full transcript), ``summaries.json`` (one ``EvalSampleSummary`` per sample: id, epoch, scores,
``model_usage``, ``role_usage``, ``total_time``, ``error``, ``limit``), ``reductions.json`` and a
``_journal/`` (a log still running has ``_journal/start.json`` for its header and
``_journal/summaries/<n>.json``). ``ModelUsage``: ``input_tokens``, ``output_tokens``,
``total_tokens``, ``reasoning_tokens``, ``input_tokens_cache_read``,
``input_tokens_cache_write``, ``total_cost``.

Speed: a ``.eval`` log is read from its header and sample summaries, as inspect_ai's own
``samples_df`` does; a sample's transcript is opened only for what needs it: its completion
where the evaluated model's usage is missing (counted from text) or ``keep_text`` is asked for,
and its ``stop_reason`` where ``stop_reasons=True``. Large transcripts are streamed
(:mod:`analysis.readers.jsonscan`), never loaded whole. Many logs are read in one call by
:func:`analysis.read_many`, validated once.

Read with the standard library and ``zstandard`` (see :mod:`analysis.readers.safezip`), so
inspect-ai need not be installed; an ``EvalLog`` object is accepted when it is.

Token notes. ``output_tokens`` includes reasoning for every provider Inspect supports (Gemini's
thoughts are added to it by Inspect, ``inspect_ai/model/_providers/google.py``). Inspect's
Anthropic provider takes reasoning tokens from ``usage.output_tokens_details.thinking_tokens``
when the API gives them; older Anthropic logs (and current ones when the API omits that field)
ESTIMATE ``reasoning_tokens`` by counting the visible thinking text, which is a summary for
Claude 4 models: treat such counts as a lower bound (the ``inspect_version`` column says which
Inspect wrote each log). ``output_tokens`` is billed usage there too. Inspect's offline
``mockllm`` provider reports the completion's length in characters as its ``output_tokens``:
not tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Literal, overload

import numpy as np
import pandas as pd

from .. import coerce
from ..coerce import records_frame
from ..errors import DataError, Problem
from ..schema import DEFAULT_SETTING, OnError
from ._common import Part, Progress, finish_parts, score_to_float
from .files import decode, is_eval_zip, load_json_file, parse_json, regular_file
from .jsonscan import top_level_fields
from .safezip import SafeZip

#: EvalLog file-format versions this reader knows (``EvalLog.version``; 1 had ``sample.score``).
KNOWN_VERSIONS = (1, 2)
#: Generate-config keys that distinguish runs of one model; they make up ``setting``.
SETTING_KEYS = ("reasoning_effort", "reasoning_tokens", "reasoning_summary", "max_tokens")
#: Transcripts above this size (bytes, uncompressed) are streamed for the fields needed.
STREAM_BYTES = 32 * 1024 * 1024
RETRIES = ("latest", "first", "error")
#: ModelUsage fields reported per model role, and the column suffix each becomes.
ROLE_FIELDS = {"input_tokens": "input_tokens", "output_tokens": "output_tokens",
               "reasoning_tokens": "reasoning_tokens", "total_cost": "cost_usd"}

_USAGE_KEYS = ("input_tokens", "output_tokens", "reasoning_tokens", "input_tokens_cache_read",
               "input_tokens_cache_write", "total_cost")
_SAMPLE_MEMBER = re.compile(r"^samples/(.+)_epoch_(\d+)\.json$")


@dataclass
class InspectOptions:
    """What every log of one call is read with (see :func:`read_inspect_log`)."""

    scorer: str | None = None
    model: str | None = None
    setting: str | None = None
    benchmark: str | None = None
    keep_text: bool = False
    stop_reasons: bool = False
    max_member_bytes: int | None = None


@dataclass
class InspectRows:
    """Rows of one or many Inspect logs, column by column (built into one frame at the end)."""

    records: list[dict] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    logs: list[dict] = field(default_factory=list)  # per log: source, task_id, created, model, rows

    def __len__(self) -> int:
        return len(self.where)


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
    stop_reasons: bool = False,
    max_member_bytes: int | None = None,
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
    stop_reasons: bool = False,
    max_member_bytes: int | None = None,
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
    stop_reasons: bool = False,
    max_member_bytes: int | None = None,
    on_error: OnError = "raise",
    progress: Progress | None = None,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """One Responses row per sample x epoch of an Inspect AI log (``.eval``, ``.json`` or EvalLog).

    - ``correct``: the value of ``scorer`` (by name; default: the first scorer the log lists,
      which is Inspect's headline scorer) read as Inspect's ``value_to_float`` does: C=1, P=0.5,
      I=N=0, booleans, numbers, numeric strings. A score that is not a scalar is a DataError.
    - tokens: from ``model_usage[<evaluated model>]`` only. The evaluated model is ``model`` if
      given, else ``eval.model``. ``output_tokens`` and ``reasoning_tokens`` as reported
      (``token_source='reported'``); ``input_tokens`` is the true total input (``input_tokens +
      input_tokens_cache_read + input_tokens_cache_write``, the ModelUsage doc); ``cost_usd``
      from ``total_cost``. A sample without that model's usage gets ``output_tokens`` counted
      from its completion with ``encoding`` (``token_source='counted:<encoding>'``) and a
      :class:`TokenSanityWarning`.
    - other model roles (``eval.model_roles``, e.g. a grader): their usage from ``role_usage``
      goes to ``role_<role>_input_tokens``, ``role_<role>_output_tokens``,
      ``role_<role>_reasoning_tokens`` and ``role_<role>_cost_usd``, never into the evaluated
      model's columns: where a role runs the evaluated model itself (Inspect then adds both to
      one ``model_usage`` entry), the role's usage is taken out of that entry.
    - ``item_id`` = sample id (text); ``sample`` = Inspect's epoch (1-based, as in the log);
      ``benchmark`` = the task name; ``setting`` = reasoning options of ``model_generate_config``
      and ``plan.config`` (where ``eval(max_tokens=...)`` is recorded), e.g.
      ``reasoning_effort=high``, or 'default'; ``latency_s`` = sample ``total_time``;
      ``inspect_version`` = the inspect_ai version that wrote the log; ``log`` = the file;
      ``max_tokens`` = the generation cap of that config, where set.
    - ``stop_reason``: the transcript's ``output.stop_reason`` ('stop', 'max_tokens',
      'model_length', ...), read when ``stop_reasons=True`` (it opens every transcript: slower,
      which is why it is not the default) and always for ``.json`` logs and EvalLog objects.
      ``truncated`` is True where the stop reason is a cap ('max_tokens', 'model_length') or,
      without a reason, where ``output_tokens`` reaches ``max_tokens``.
    - ``keep_text``: the completion in ``text`` (opens every transcript).

    ``progress(done, total)`` is called after each sample. ``max_member_bytes`` (off by default;
    members are streamed) refuses zip members declared larger. Errors name the file, the
    sample (id, epoch) and the field. Returns validated Responses (or ``(clean, rejected)``
    with ``on_error='report'``). Several logs at once, with eval-retry merging:
    :func:`analysis.read_many`.
    """
    opts = InspectOptions(scorer, model, setting, benchmark, keep_text, stop_reasons, max_member_bytes)
    acc = InspectRows()
    collect_inspect(log, opts, acc, progress=progress)
    return finish_parts([inspect_part(acc, retries="error")], on_error=on_error, encoding=encoding, keep_text=keep_text)


# --------------------------------------------------------------------------- one log


def collect_inspect(log: str | Path | Any, opts: InspectOptions, acc: InspectRows, *,
                    progress: Progress | None = None) -> None:
    """Append the rows of one log to ``acc`` (no validation: :func:`inspect_part` then
    ``finish_parts`` do that once for every log of a call)."""
    z: SafeZip | None = None
    if isinstance(log, (str, Path)):
        path = regular_file(log)  # a folder, a FIFO, a device: DataError at once
        source = str(path)
        if is_eval_zip(path):
            z = SafeZip(path, max_member_bytes=opts.max_member_bytes)
        else:
            data = load_json_file(path)
            if not isinstance(data, dict):
                raise DataError(Problem(source, None, None, "not an Inspect log: the JSON is not an object"))
    elif hasattr(log, "eval") and hasattr(log, "samples") and hasattr(log, "model_dump"):
        source = str(getattr(log, "location", None) or "<EvalLog>")
        data = log.model_dump(mode="json", exclude_none=False)
    else:
        raise TypeError(f"expected a path or an inspect_ai EvalLog, got {type(log).__name__}")
    try:
        if z is not None:
            header, entries, members = _zip_entries(z, source)
        else:
            header = {k: v for k, v in data.items() if k != "samples"}
            samples = data.get("samples") or []
            if not isinstance(samples, list):
                raise DataError(Problem(source, None, "samples", "expected a list of samples"))
            entries, members = [(s, True) for s in samples], {}
        _collect_rows(header, entries, members, z, source, opts, acc, progress)
    finally:
        if z is not None:
            z.close()


def _zip_entries(z: SafeZip, source: str):
    """Header, the per-sample entries (summary or full sample, and which) and the sample members."""
    name = "header.json" if "header.json" in z else "_journal/start.json"
    if name not in z:
        raise DataError(Problem(source, None, None, "not an Inspect .eval log: no header.json or _journal/start.json"))
    header = _load_member(z, name)
    members: dict[tuple[str, int], str] = {}
    journal: list[str] = []
    for member in z.namelist():
        if member.startswith("samples/"):
            m = _SAMPLE_MEMBER.match(member)
            if m:
                members[(m.group(1), int(m.group(2)))] = member
        elif member.startswith("_journal/summaries/"):
            journal.append(member)
    if "summaries.json" in z:
        summaries = _load_member(z, "summaries.json", kind=list)
    else:
        summaries = []
        for member in sorted(journal, key=_natural):
            summaries.extend(_load_member(z, member, kind=list))
    entries: list[tuple[Any, bool]] = [(s, False) for s in summaries]
    seen = {(str(s.get("id")), s.get("epoch")) for s in summaries if isinstance(s, dict)}
    # samples written without a summary (a log cut off mid-run): their transcripts are the rows
    for key in sorted(set(members) - seen, key=lambda k: (k[1], _natural(k[0]))):
        entries.append((_load_sample(z, members[key], source, None), True))
    return header, entries, members


def _natural(text: str):
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)]


def _load_member(z: SafeZip, name: str, kind: type = dict):
    where = f"member {name!r}"
    text = decode(z.read(name), z.path, where=where)  # the one decoder: BOM dropped, bad bytes named
    data = parse_json(text, z.path, where)
    if not isinstance(data, kind):
        raise DataError(Problem(z.path, f"member {name!r}", None, f"expected a JSON {'object' if kind is dict else 'array'}"))
    return data


def _load_sample(z: SafeZip, member: str, source: str, wanted: set[str] | None) -> dict:
    """A sample transcript: whole when small (or ``wanted`` is None), else streamed for the
    ``wanted`` top-level fields only."""
    if wanted is None or z.size(member) <= STREAM_BYTES:
        return _load_member(z, member)
    with z.open(member) as stream:
        return top_level_fields(stream.chunks(), wanted, source=source, where=f"member {member!r}")


def _collect_rows(header: dict, entries: list, members: dict, z: SafeZip | None, source: str,
                  opts: InspectOptions, acc: InspectRows, progress: Progress | None) -> None:
    def header_problem(field_: str, message: str) -> DataError:
        return DataError(Problem(source, "header", field_, message))

    version = header.get("version")
    if version not in KNOWN_VERSIONS:
        raise header_problem("version", f"unknown Inspect log version {version!r}; this reader knows {list(KNOWN_VERSIONS)}")
    spec = header.get("eval")
    if not isinstance(spec, dict):
        raise header_problem("eval", "expected an object (the eval spec)")
    for key in ("model", "task"):
        if spec.get(key) is not None and not isinstance(spec.get(key), str):
            raise header_problem(f"eval.{key}", f"expected text, got {coerce._short(spec[key])}")
    eval_model = opts.model or spec.get("model")
    if not eval_model:
        raise header_problem("eval.model", "the log names no evaluated model; pass model=")
    scorer = _pick_scorer(spec, opts.scorer, source)
    config = spec.get("model_generate_config")
    config = {} if config is None else config
    if not isinstance(config, dict):
        raise header_problem("eval.model_generate_config", "expected an object")
    plan = header.get("plan") if isinstance(header.get("plan"), dict) else {}
    if isinstance(plan.get("config"), dict):  # eval(max_tokens=...) and other generate options land here
        config = {**config, **{k: v for k, v in plan["config"].items() if v is not None}}
    roles = _role_models(spec.get("model_roles"))
    same_model_roles = [r for r, m in roles.items() if _same_model(m, eval_model)]
    packages = spec.get("packages") if isinstance(spec.get("packages"), dict) else {}
    first = len(acc)
    need_stop = opts.stop_reasons
    records, wheres, sources = acc.records, acc.where, acc.sources
    for done, (entry, full) in enumerate(entries, start=1):
        if not isinstance(entry, dict) or "id" not in entry:
            raise DataError(Problem(source, f"sample #{done}", "id", "not an Inspect sample (no id)"))
        sid, epoch = entry["id"], entry.get("epoch")
        epoch = 1 if coerce.is_missing(epoch) else epoch  # Inspect's epochs start at 1
        where = f"sample {str(sid)!r} epoch {epoch}"
        usage_all = entry.get("model_usage")
        usage_all = {} if usage_all is None else usage_all
        if not isinstance(usage_all, dict):
            raise DataError(Problem(source, where, "model_usage", "expected an object"))
        usage = _model_usage(usage_all, eval_model)
        sample = entry if full else None
        if sample is None and z is not None and (opts.keep_text or need_stop or usage is None):
            member = members.get((str(sid), epoch))
            if member is not None:
                sample = _load_sample(z, member, source, {"output"})
        records.append(_row(entry, sample, where, source, scorer, eval_model, usage, roles, same_model_roles))
        wheres.append(where)
        sources.append(source)
        if progress is not None:
            progress(done, len(entries))
    if len(acc) == first:
        raise DataError(Problem(source, None, "samples", "the log has no samples (written with log_samples=False?)"))
    acc.logs.append({
        "source": source, "start": first, "stop": len(acc), "task_id": spec.get("task_id"),
        "created": str(spec.get("created") or ""), "model": eval_model,
        "setting": opts.setting or _setting(config),
        "benchmark": opts.benchmark or spec.get("task") or "unknown",
        "inspect_version": packages.get("inspect_ai"), "max_tokens": config.get("max_tokens"),
    })


def _pick_scorer(eval_spec: dict, scorer: str | None, source: str) -> str | None:
    scorers = eval_spec.get("scorers")
    scorers = [] if scorers is None else scorers
    if not isinstance(scorers, list):
        raise DataError(Problem(source, "header", "eval.scorers", "expected a list"))
    names = [s.get("name") for s in scorers if isinstance(s, dict)]
    if scorer is not None:
        if names and scorer not in names:
            raise DataError(Problem(source, "header", "eval.scorers", f"no scorer named {scorer!r}; the log has {names}"))
        return scorer
    return names[0] if names else None


def _setting(config: dict) -> str:
    parts = [f"{k}={config[k]}" for k in SETTING_KEYS if config.get(k) is not None]
    return ",".join(parts) or DEFAULT_SETTING


def _role_models(model_roles: Any) -> dict[str, str]:
    """role -> model name, from ``eval.model_roles`` (a ModelConfig, or a list of them)."""
    out: dict[str, str] = {}
    if not isinstance(model_roles, dict):
        return out
    for role, config in model_roles.items():
        config = config[0] if isinstance(config, list) and config else config
        if isinstance(config, dict) and isinstance(config.get("model"), str):
            out[str(role)] = config["model"]
    return out


def _same_model(a: str, b: str) -> bool:
    return a == b or a.split("/", 1)[-1] == b.split("/", 1)[-1]


# --------------------------------------------------------------------------- samples


def _row(entry: dict, sample: dict | None, where: str, source: str, scorer: str | None, eval_model: str,
         usage: Any, roles: dict[str, str], same_model_roles: list[str]) -> dict:
    def problem(field_: str, message: str) -> DataError:
        return DataError(Problem(source, where, field_, message))

    scores = entry.get("scores")
    if scores is None and "score" in entry:  # log version 1: one unnamed score
        scores = {scorer or "score": entry["score"]}
    scores = {} if scores is None else scores
    if not isinstance(scores, dict):
        raise problem("scores", "expected an object (scorer name -> score)")
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

    error = entry.get("error")
    row: dict[str, Any] = {
        "item_id": entry["id"],  # as given: validation reads it as a label (a null is an error, not 'None')
        "sample": 1 if coerce.is_missing(entry.get("epoch")) else entry["epoch"],
        "correct": correct,
        "output_tokens": None,
        "reasoning_tokens": None,
        "input_tokens": None,
        "token_source": None,
        "cost_usd": None,
        "latency_s": entry.get("total_time"),
        "error": (error.get("message") if isinstance(error, dict) else error) or None,
    }
    if sample is not None:
        output = sample.get("output")
        output = {} if output is None else output
        if not isinstance(output, dict):
            raise problem("output", "expected an object")
        row["text"] = output.get("completion")
        stop = output.get("stop_reason")
        if stop is None and isinstance(output.get("choices"), list) and output["choices"]:
            first = output["choices"][0]
            stop = first.get("stop_reason") if isinstance(first, dict) else None
        row["stop_reason"] = stop
    role_usage = entry.get("role_usage")
    role_usage = {} if role_usage is None else role_usage
    if not isinstance(role_usage, dict):
        raise problem("role_usage", "expected an object (role -> usage)")
    for role, used in role_usage.items():
        if not isinstance(used, dict):
            raise problem(f"role_usage.{role}", "expected an object")
        for key, suffix in ROLE_FIELDS.items():
            row[f"role_{role}_{suffix}"] = _number(used.get(key), problem, f"role_usage.{role}.{key}")
    if usage is not None:
        if not isinstance(usage, dict):
            raise problem(f"model_usage.{eval_model}", "expected an object")
        # numbers by the shared rule (numeric text is a number, NaN missing; not a number: DataError
        # here); range and wholeness are checked once by validation
        get = {key: _number(usage.get(key), problem, f"model_usage.{eval_model}.{key}") for key in _USAGE_KEYS}
        for key in ("input_tokens", "input_tokens_cache_read", "input_tokens_cache_write"):
            try:  # summed into input_tokens, where a bad part would hide: checked as counts here
                coerce.count(get[key])
            except coerce.BadValue as exc:
                raise problem(f"model_usage.{eval_model}.{key}", str(exc)) from None
        for role in same_model_roles:  # a role run on the evaluated model: Inspect added it to this entry
            used = role_usage.get(role)
            if isinstance(used, dict):
                for key in get:
                    if get[key] is not None and isinstance(used.get(key), (int, float)):
                        get[key] = get[key] - used[key]
        inputs = get["input_tokens"]
        cache = [c for c in (get["input_tokens_cache_read"], get["input_tokens_cache_write"]) if c is not None]
        row.update(
            output_tokens=get["output_tokens"],
            reasoning_tokens=get["reasoning_tokens"],
            input_tokens=None if inputs is None else inputs + sum(cache),
            token_source="reported",
            cost_usd=get["total_cost"],
        )
    return row


def _number(value: Any, problem: Callable[[str, str], DataError], field_: str):
    """A usage figure as a number by the shared rule (:func:`analysis.coerce.number`: numeric
    text is a number; validation checks range and wholeness); not a number: DataError."""
    try:
        return coerce.number(value)
    except coerce.BadValue as exc:
        raise problem(field_, str(exc)) from None


def _model_usage(model_usage: dict, eval_model: str) -> dict | None:
    """The evaluated model's usage: exact name, else the same name without a provider prefix."""
    if eval_model in model_usage:
        return model_usage[eval_model]
    bare = eval_model.split("/", 1)[-1]
    matches = [k for k in model_usage if k == bare or k.split("/", 1)[-1] == bare]
    return model_usage[matches[0]] if len(matches) == 1 else None


# --------------------------------------------------------------------------- the table


def inspect_part(acc: InspectRows, *, retries: str = "latest") -> Part:
    """One :class:`Part` holding every log read into ``acc``, with retries merged.

    ``retries``: logs of one task run (same ``eval.task_id`` and evaluated model: an original
    and its ``inspect eval-retry`` logs) hold the same (sample, epoch) more than once.
    'latest' keeps each one from the log created last (``eval.created``), 'first' from the
    original, 'error' keeps them all (validation then names the duplicate keys). The
    ``attempts`` column says how many of the logs held each kept row.
    """
    if retries not in RETRIES:
        raise ValueError(f"retries must be one of {RETRIES}, got {retries!r}")
    n = len(acc)
    frame = records_frame(acc.records) if n else pd.DataFrame(index=range(0))  # ids and counts as given
    where_all = [f"{s}: {w}" for s, w in zip(acc.sources, acc.where)]
    per_log = {key: np.empty(n, dtype=object) for key in ("model", "setting", "benchmark", "inspect_version", "max_tokens", "log")}
    for log in acc.logs:
        sl = slice(log["start"], log["stop"])
        for key in ("model", "setting", "benchmark", "inspect_version", "max_tokens"):
            per_log[key][sl] = log[key]
        per_log["log"][sl] = log["source"]
    frame.insert(0, "model", per_log["model"])
    frame.insert(1, "setting", per_log["setting"])
    frame.insert(2, "benchmark", per_log["benchmark"])
    frame["inspect_version"] = per_log["inspect_version"]
    frame["log"] = per_log["log"]
    if any(log["max_tokens"] is not None for log in acc.logs):
        frame["max_tokens"] = pd.array(per_log["max_tokens"], dtype="object")
    for col in [c for c in frame.columns if c.startswith("role_")]:
        if col.endswith("_cost_usd"):
            values, bad, reason = coerce.float_column(frame[col], coerce.amount)
        else:
            values, bad, reason = coerce.count_column(frame[col])
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise DataError(Problem(None, where_all[i], col, reason(i)))
        frame[col] = values.astype("Float64") if col.endswith("_cost_usd") else values
    if "error" in frame.columns and frame["error"].isna().all():
        frame = frame.drop(columns="error")
    if "stop_reason" in frame.columns and frame["stop_reason"].isna().all():
        frame = frame.drop(columns="stop_reason")
    where = [f"{s}: {w}" if len(acc.logs) > 1 else w for s, w in zip(acc.sources, acc.where)]
    source = acc.logs[0]["source"] if len(acc.logs) == 1 else None  # several: each location names its file
    if retries != "error" and len(acc.logs) > 1:
        frame, where = _merge_retries(frame, where, acc.logs, retries)
    return Part(frame, source, where)


def _merge_retries(frame: pd.DataFrame, where: list[str], logs: list[dict], retries: str):
    """Keep one row per (task run, sample, epoch): the latest attempt (or the first)."""
    run = np.empty(len(frame), dtype=object)
    order = np.empty(len(frame), dtype=np.int64)
    ranked = sorted(range(len(logs)), key=lambda i: (logs[i]["created"], i))
    rank = {i: r for r, i in enumerate(ranked)}
    for i, log in enumerate(logs):
        sl = slice(log["start"], log["stop"])
        run[sl] = f"{log['task_id']}\x00{log['model']}" if log["task_id"] else f"\x01{i}"
        order[sl] = rank[i]
    if len(set(run)) == len(logs):  # no two logs of one run: nothing to merge
        return frame, where
    keys = pd.DataFrame({"run": run, "item": frame["item_id"].astype(str), "epoch": frame["sample"].astype(str), "order": order})
    attempts = keys.groupby(["run", "item", "epoch"], sort=False)["order"].transform("size").to_numpy()
    keys["pos"] = np.arange(len(keys))
    keys = keys.sort_values(["order", "pos"], kind="stable")
    kept = keys.drop_duplicates(["run", "item", "epoch"], keep="last" if retries == "latest" else "first")
    pos = np.sort(kept["pos"].to_numpy())
    out = frame.iloc[pos].reset_index(drop=True)
    out["attempts"] = attempts[pos]
    return out, [where[p] for p in pos]
