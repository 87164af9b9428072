"""Read raw provider API responses (OpenAI, Anthropic, Gemini, OpenRouter) into Responses.

Where each number comes from (and why):

- **OpenAI Chat Completions** (``"object": "chat.completion"``;
  https://platform.openai.com/docs/api-reference/chat/object): ``usage.completion_tokens`` is all
  generated tokens, reasoning included -> ``output_tokens``;
  ``usage.completion_tokens_details.reasoning_tokens`` -> ``reasoning_tokens``;
  ``usage.prompt_tokens`` -> ``input_tokens``.
- **OpenAI Responses** (``"object": "response"``;
  https://platform.openai.com/docs/api-reference/responses/object): ``usage.output_tokens``,
  ``usage.output_tokens_details.reasoning_tokens``, ``usage.input_tokens``.
- **Anthropic Messages** (``"type": "message"``; https://docs.anthropic.com/en/api/messages):
  ``usage.output_tokens`` is billed output, extended thinking included
  (https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking: "billed for the full
  thinking tokens"); Anthropic gives no separate thinking count except, where present,
  ``usage.output_tokens_details.thinking_tokens``, so ``reasoning_tokens`` is usually missing.
  ``input_tokens`` = ``input_tokens + cache_creation_input_tokens + cache_read_input_tokens``.
- **Gemini** ``generateContent`` (``usageMetadata``;
  https://ai.google.dev/api/generate-content#UsageMetadata): ``thoughtsTokenCount`` is NOT inside
  ``candidatesTokenCount`` (``totalTokenCount`` = prompt + candidates + tool-use prompt + thoughts),
  so ``output_tokens = candidatesTokenCount + thoughtsTokenCount``, ``reasoning_tokens =
  thoughtsTokenCount``, ``answer_tokens = candidatesTokenCount``; ``promptTokenCount`` (which
  includes cached content) -> ``input_tokens``; model from ``modelVersion``.
- **OpenRouter** (OpenAI-shaped; https://openrouter.ai/docs/use-cases/usage-accounting): as Chat
  Completions, plus ``usage.cost`` (credits; one OpenRouter credit is one US dollar) -> ``cost_usd``.
  Recognised by ``usage.cost`` or ``provider`` beside ``choices``.

All token counts are ``token_source='reported'``.

Also kept per response: ``stop_reason``, the raw reason generation stopped (Chat
``choices[0].finish_reason``: 'length' at the cap; Responses: ``incomplete_details.reason``
('max_output_tokens') when ``status`` is 'incomplete', else the status; Anthropic
``stop_reason`` ('max_tokens'); Gemini ``candidates[0].finishReason`` ('MAX_TOKENS')), from which
``truncated`` is marked; and ``visible_thinking_tokens``, the tokens (counted with ``encoding``)
of the thinking text the API returned, where it returned any: OpenAI Responses ``reasoning``
items (``summary`` and ``content`` texts), Anthropic ``thinking`` blocks, Gemini parts with
``thought: true``, ``message.reasoning_content`` / ``message.reasoning`` of OpenAI-shaped
servers. OpenAI, Anthropic (Claude 4) and Gemini return a SUMMARY of the thinking, so this
count is far below the billed ``reasoning_tokens``, which stays the figure for cost and effort.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, overload

import pandas as pd

from .. import coerce
from ..coerce import records_frame
from ..errors import DataError, NoUsageReported, Problem
from ..schema import DEFAULT_SETTING, OnError
from ._common import Part, Progress, finish_parts, json_records, score_to_float
from .files import regular_file

PROVIDERS = ("openai_chat", "openai_responses", "anthropic", "gemini", "openrouter")


def detect_provider(payload: dict) -> str:
    """Which API produced ``payload`` (one of ``PROVIDERS``), from its shape; DataError if unknown."""
    if not isinstance(payload, dict):
        raise DataError(f"a provider response is a JSON object, got {type(payload).__name__}")
    usage = payload.get("usage")
    if "usageMetadata" in payload or "usage_metadata" in payload:
        return "gemini"
    if payload.get("type") == "message" and payload.get("role") == "assistant":
        return "anthropic"
    if payload.get("object") == "response":
        return "openai_responses"
    if "choices" in payload or payload.get("object") in ("chat.completion", "chat.completion.chunk"):
        if isinstance(usage, dict) and "cost" in usage or "provider" in payload:
            return "openrouter"
        return "openai_chat"
    raise DataError(
        "not a recognised provider response (expected OpenAI 'chat.completion' or 'response', "
        "Anthropic 'message', Gemini 'usageMetadata', or OpenRouter)"
    )


def usage_from_payload(payload: dict, *, provider: str | None = None) -> dict[str, Any]:
    """Tokens (and cost) of one provider response: a dict with ``provider, model, output_tokens,
    reasoning_tokens, answer_tokens, input_tokens, cost_usd`` (None where not given).

    ``provider`` forces the format (one of ``PROVIDERS``; another name is a ValueError); by
    default it is detected. No usage block: :class:`~analysis.NoUsageReported`; a malformed
    one: :class:`~analysis.DataError` naming the field.
    """
    kind = provider or detect_provider(payload)
    if kind not in PROVIDERS:
        raise ValueError(f"unknown provider {kind!r}; expected one of {PROVIDERS}")
    out = dict(provider=kind, model=payload.get("model"), output_tokens=None, reasoning_tokens=None,
               answer_tokens=None, input_tokens=None, cost_usd=None)
    if kind == "gemini":
        meta = _obj(payload, "usageMetadata") if "usageMetadata" in payload else _obj(payload, "usage_metadata")
        block = "usageMetadata" if "usageMetadata" in payload else "usage_metadata"
        candidates = _count(meta, "candidatesTokenCount", default=0, where=block)
        thoughts = _count(meta, "thoughtsTokenCount", default=0, where=block)
        out.update(
            model=payload.get("modelVersion") or payload.get("model"),
            output_tokens=candidates + thoughts,
            reasoning_tokens=thoughts,
            answer_tokens=candidates,
            input_tokens=_count(meta, "promptTokenCount", default=None, where=block),
        )
        return out
    usage = _obj(payload, "usage")
    if kind == "anthropic":
        details = _details(usage, "output_tokens_details")
        cache = [_count(usage, k, default=0) for k in ("cache_creation_input_tokens", "cache_read_input_tokens")]
        inputs = _count(usage, "input_tokens", default=None)
        out.update(
            output_tokens=_count(usage, "output_tokens"),
            reasoning_tokens=_count(details, "thinking_tokens", default=None, where="usage.output_tokens_details"),
            input_tokens=None if inputs is None else inputs + sum(cache),
        )
    elif kind == "openai_responses":
        details = _details(usage, "output_tokens_details")
        out.update(
            output_tokens=_count(usage, "output_tokens"),
            reasoning_tokens=_count(details, "reasoning_tokens", default=None, where="usage.output_tokens_details"),
            input_tokens=_count(usage, "input_tokens", default=None),
        )
    else:  # openai_chat, openrouter
        details = _details(usage, "completion_tokens_details")
        out.update(
            output_tokens=_count(usage, "completion_tokens"),
            reasoning_tokens=_count(details, "reasoning_tokens", default=None, where="usage.completion_tokens_details"),
            input_tokens=_count(usage, "prompt_tokens", default=None),
        )
        if kind == "openrouter" and usage.get("cost") is not None:
            try:
                out["cost_usd"] = coerce.amount(usage["cost"])
            except coerce.BadValue as exc:
                raise DataError(Problem(None, None, "usage.cost", str(exc))) from None
    return out


_REQUIRED = object()


def _obj(payload: dict, key: str) -> dict:
    """The usage block: absent or null is no usage reported; anything but an object is bad."""
    value = payload.get(key)
    if value is None:
        raise NoUsageReported(Problem(None, None, key, "missing (no usage reported)"))
    if not isinstance(value, dict):
        raise DataError(Problem(None, None, key, f"expected an object, got {coerce._short(value)}"))
    return value


def _details(usage: dict, key: str) -> dict:
    value = usage.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise DataError(Problem(None, None, f"usage.{key}", f"expected an object, got {coerce._short(value)}"))
    return value


def _count(block: dict, key: str, *, default: Any = _REQUIRED, where: str = "usage") -> int | None:
    """A count by the shared rule (:func:`analysis.coerce.count`); missing: ``default``."""
    try:
        value = coerce.count(block.get(key))
    except coerce.BadValue as exc:
        raise DataError(Problem(None, None, f"{where}.{key}", str(exc))) from None
    if value is None:
        if default is _REQUIRED:
            raise DataError(Problem(None, None, f"{where}.{key}", "missing"))
        return default
    return value


def _get(record: dict, dotted: str):
    value: Any = record
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            raise KeyError(dotted)
        value = value[part]
    return value


@overload
def read_provider_responses(
    path: str | Path,
    *,
    item_field: str = "item_id",
    correct_field: str = "correct",
    payload_field: str | None = "response",
    benchmark: str | None = None,
    benchmark_field: str | None = "benchmark",
    model: str | None = None,
    setting: str = DEFAULT_SETTING,
    setting_field: str | None = None,
    sample_field: str | None = None,
    provider: str | None = None,
    encoding: str = "cl100k_base",
    on_error: Literal["raise"] = "raise",
    progress: Progress | None = None,
) -> pd.DataFrame: ...


@overload
def read_provider_responses(
    path: str | Path,
    *,
    item_field: str = "item_id",
    correct_field: str = "correct",
    payload_field: str | None = "response",
    benchmark: str | None = None,
    benchmark_field: str | None = "benchmark",
    model: str | None = None,
    setting: str = DEFAULT_SETTING,
    setting_field: str | None = None,
    sample_field: str | None = None,
    provider: str | None = None,
    encoding: str = "cl100k_base",
    on_error: Literal["report"],
    progress: Progress | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]: ...


def read_provider_responses(
    path: str | Path,
    *,
    item_field: str = "item_id",
    correct_field: str = "correct",
    payload_field: str | None = "response",
    benchmark: str | None = None,
    benchmark_field: str | None = "benchmark",
    model: str | None = None,
    setting: str = DEFAULT_SETTING,
    setting_field: str | None = None,
    sample_field: str | None = None,
    provider: str | None = None,
    encoding: str = "cl100k_base",
    on_error: OnError = "raise",
    progress: Progress | None = None,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """One Responses row per line of a JSONL file of provider responses with their metadata.

    Each line is a record holding the raw API response under ``payload_field`` (a dotted path;
    default ``"response"``; ``None`` when the line IS the response) and, beside it, the fields the
    user names: ``item_field`` (item id), ``correct_field`` (score: booleans, 0..1 numbers, or
    Inspect's C/P/I/N letters), optionally ``benchmark_field`` / ``setting_field`` /
    ``sample_field``. All are dotted paths into the record (``"meta.question_id"``). OpenAI Batch
    output lines (``{"custom_id", "response": {"status_code", "body": {...}}}``) are unwrapped:
    the payload is ``response.body``; use ``item_field="custom_id"``. Example line::

        {"item_id": "q7", "correct": true, "benchmark": "gsm8k",
         "response": {"object": "chat.completion", "model": "o3-mini", "usage": {...}, ...}}

    ``benchmark`` (constant) wins over ``benchmark_field``; ``model`` over the payload's model.
    Tokens as :func:`analysis.readers.usage_from_payload` reads them (``token_source='reported'``);
    a record with no usage block keeps missing tokens (no ``token_source``) and raises a
    :class:`TokenSanityWarning` with the count; nothing is counted from text here.
    ``stop_reason`` and ``visible_thinking_tokens`` (counted with ``encoding``): see the module
    doc. ``progress(done, total)`` every 1,000 lines. Returns validated Responses.
    """
    part = collect_provider_responses(
        path, item_field=item_field, correct_field=correct_field, payload_field=payload_field, benchmark=benchmark,
        benchmark_field=benchmark_field, model=model, setting=setting, setting_field=setting_field,
        sample_field=sample_field, provider=provider, encoding=encoding, progress=progress)
    return finish_parts([part], on_error=on_error, encoding=encoding)


def collect_provider_responses(
    path: str | Path,
    *,
    item_field: str = "item_id",
    correct_field: str = "correct",
    payload_field: str | None = "response",
    benchmark: str | None = None,
    benchmark_field: str | None = "benchmark",
    model: str | None = None,
    setting: str = DEFAULT_SETTING,
    setting_field: str | None = None,
    sample_field: str | None = None,
    provider: str | None = None,
    encoding: str = "cl100k_base",
    progress: Progress | None = None,
    **_: Any,
) -> Part:
    """The rows of one file of provider responses, before validation (see
    :func:`read_provider_responses`)."""
    path = regular_file(path)
    source = str(path)
    records, lines = [], []
    thinking: list[str | None] = []
    for number, rec in json_records(path, progress):
        def problem(field: str | None, message: str) -> DataError:
            return DataError(Problem(source, f"line {number}", field, message))

        try:
            payload = rec if payload_field is None else _get(rec, payload_field)
        except KeyError:
            raise problem(payload_field, "missing: no provider response in this record") from None
        if isinstance(payload, dict) and "body" in payload and "status_code" in payload:
            payload = payload["body"]  # OpenAI Batch API output line
        if not isinstance(payload, dict):
            raise problem(payload_field, f"expected a provider response (a JSON object), got {coerce._short(payload)}")
        row: dict[str, Any] = {}
        for column, field, required in (
            ("item_id", item_field, True),
            ("correct", correct_field, True),
            ("benchmark", None if benchmark is not None else benchmark_field, benchmark is None),
            ("setting", setting_field, False),
            ("sample", sample_field, False),
        ):
            if field is None:
                continue
            try:
                row[column] = _get(rec, field)
            except KeyError:
                if required:
                    raise problem(field, f"missing (the field named by {column}= )") from None
        try:
            row["correct"] = score_to_float(row["correct"])
        except DataError as exc:
            raise problem(correct_field, str(exc)) from None
        try:
            usage = usage_from_payload(payload, provider=provider)
        except NoUsageReported:
            usage = dict.fromkeys(("output_tokens", "reasoning_tokens", "answer_tokens", "input_tokens", "cost_usd"))
            usage.update(provider=provider or detect_provider(payload), model=payload.get("model") or payload.get("modelVersion"))
        except DataError as exc:
            raise DataError([Problem(source, f"line {number}", ".".join(f for f in (payload_field, p.field) if f) or None,
                                     p.message) for p in exc.problems]) from None
        row.update(usage)
        kind = usage["provider"]
        row["stop_reason"] = stop_reason(payload, kind)
        thinking.append(thinking_text(payload, kind))
        row["token_source"] = "reported" if row.get("output_tokens") is not None else None
        records.append(row)
        lines.append(number)
    rows = records_frame(records)  # ids and counts as given: validation reads them by the shared rules
    if model is not None:
        rows["model"] = model
    if benchmark is not None:
        rows["benchmark"] = benchmark
    if "setting" not in rows or setting_field is None:
        rows["setting"] = setting
    if rows["stop_reason"].isna().all():
        rows = rows.drop(columns="stop_reason")
    given = [i for i, t in enumerate(thinking) if t is not None]
    if given:
        from ..tokens.count import count_tokens

        counts = pd.array([pd.NA] * len(rows), dtype="Int64")
        counts[given] = count_tokens([thinking[i] for i in given], encoding)
        rows["visible_thinking_tokens"] = counts
    return Part(rows, source, lines)


def stop_reason(payload: dict, kind: str) -> str | None:
    """Why generation stopped, as the API says it (see the module doc); None where not given."""
    if kind == "anthropic":
        return _text_or_none(payload.get("stop_reason"))
    if kind == "gemini":
        candidates = payload.get("candidates")
        first = candidates[0] if isinstance(candidates, list) and candidates else None
        return _text_or_none(first.get("finishReason") if isinstance(first, dict) else None)
    if kind == "openai_responses":
        status = payload.get("status")
        details = payload.get("incomplete_details")
        if status == "incomplete" and isinstance(details, dict) and details.get("reason"):
            return _text_or_none(details["reason"])
        return _text_or_none(status)
    choices = payload.get("choices")
    first = choices[0] if isinstance(choices, list) and choices else None
    return _text_or_none(first.get("finish_reason") if isinstance(first, dict) else None)


def thinking_text(payload: dict, kind: str) -> str | None:
    """The thinking text the API returned (all pieces joined by blank lines), or None where it
    returned none (hidden thinking, or a model that does not think)."""
    pieces: list[str] = []
    if kind == "openai_responses":
        for item in payload.get("output") or []:
            if isinstance(item, dict) and item.get("type") == "reasoning":
                for key in ("summary", "content"):
                    for piece in item.get(key) or []:
                        if isinstance(piece, dict) and isinstance(piece.get("text"), str):
                            pieces.append(piece["text"])
    elif kind == "anthropic":
        for block in payload.get("content") or []:
            if isinstance(block, dict) and block.get("type") == "thinking" and isinstance(block.get("thinking"), str):
                pieces.append(block["thinking"])
    elif kind == "gemini":
        for candidate in (payload.get("candidates") or [])[:1]:
            content = candidate.get("content") if isinstance(candidate, dict) else None
            for part in (content.get("parts") or []) if isinstance(content, dict) else []:
                if isinstance(part, dict) and part.get("thought") is True and isinstance(part.get("text"), str):
                    pieces.append(part["text"])
    else:
        choices = payload.get("choices")
        first = choices[0] if isinstance(choices, list) and choices else None
        message = first.get("message") if isinstance(first, dict) else None
        if isinstance(message, dict):
            for key in ("reasoning_content", "reasoning"):
                if isinstance(message.get(key), str) and message[key]:
                    pieces.append(message[key])
                    break
    return "\n\n".join(pieces) if pieces else None


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
