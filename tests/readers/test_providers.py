"""Provider payloads: minimal, hand-written, each field traced to the provider's documentation.
The numbers are synthetic (chosen so every rule gives a different answer)."""

from __future__ import annotations

import json

import pytest

import pandas as pd

from analysis import DataError, NoUsageReported, TokenSanityWarning, count_tokens, read_provider_responses, usage_from_payload
from analysis.readers import detect_provider

# https://platform.openai.com/docs/api-reference/chat/object : object, model, choices,
# usage.prompt_tokens, usage.completion_tokens (reasoning included),
# usage.completion_tokens_details.reasoning_tokens
OPENAI_CHAT = {
    "id": "chatcmpl-1", "object": "chat.completion", "model": "o3-mini",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "42"}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 20, "completion_tokens": 300, "total_tokens": 320,
              "completion_tokens_details": {"reasoning_tokens": 256}},
}
# https://platform.openai.com/docs/api-reference/responses/object : object "response",
# usage.input_tokens, usage.output_tokens, usage.output_tokens_details.reasoning_tokens
OPENAI_RESPONSES = {
    "id": "resp_1", "object": "response", "model": "gpt-5", "output": [],
    "usage": {"input_tokens": 30, "output_tokens": 500, "total_tokens": 530,
              "input_tokens_details": {"cached_tokens": 0}, "output_tokens_details": {"reasoning_tokens": 448}},
}
# https://docs.anthropic.com/en/api/messages : type "message", role, model, usage.input_tokens,
# usage.output_tokens (thinking included, billed), cache_creation_input_tokens, cache_read_input_tokens
ANTHROPIC = {
    "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
    "content": [{"type": "thinking", "thinking": "...", "signature": "s"}, {"type": "text", "text": "42"}],
    "stop_reason": "end_turn",
    "usage": {"input_tokens": 12, "output_tokens": 700, "cache_creation_input_tokens": 3, "cache_read_input_tokens": 5},
}
# https://ai.google.dev/api/generate-content#UsageMetadata : promptTokenCount, candidatesTokenCount,
# thoughtsTokenCount (not inside candidatesTokenCount), totalTokenCount; modelVersion
GEMINI = {
    "candidates": [{"content": {"parts": [{"text": "42"}], "role": "model"}, "finishReason": "STOP"}],
    "usageMetadata": {"promptTokenCount": 10, "candidatesTokenCount": 100, "thoughtsTokenCount": 400, "totalTokenCount": 510},
    "modelVersion": "gemini-2.5-pro",
}
# https://openrouter.ai/docs/use-cases/usage-accounting : OpenAI-shaped usage plus usage.cost (credits = USD)
OPENROUTER = {
    "id": "gen-1", "object": "chat.completion", "model": "deepseek/deepseek-r1", "provider": "DeepInfra",
    "choices": [{"message": {"role": "assistant", "content": "42"}}],
    "usage": {"prompt_tokens": 194, "completion_tokens": 900, "total_tokens": 1094,
              "completion_tokens_details": {"reasoning_tokens": 850}, "cost": 0.0021},
}


@pytest.mark.parametrize(
    "payload, expected",
    [
        (OPENAI_CHAT, dict(provider="openai_chat", model="o3-mini", output_tokens=300, reasoning_tokens=256, input_tokens=20, cost_usd=None)),
        (OPENAI_RESPONSES, dict(provider="openai_responses", model="gpt-5", output_tokens=500, reasoning_tokens=448, input_tokens=30)),
        (ANTHROPIC, dict(provider="anthropic", model="claude-sonnet-4-5", output_tokens=700, reasoning_tokens=None, input_tokens=20)),
        (GEMINI, dict(provider="gemini", model="gemini-2.5-pro", output_tokens=500, reasoning_tokens=400, answer_tokens=100, input_tokens=10)),
        (OPENROUTER, dict(provider="openrouter", model="deepseek/deepseek-r1", output_tokens=900, reasoning_tokens=850, input_tokens=194, cost_usd=0.0021)),
    ],
)
def test_usage_from_payload(payload, expected):
    usage = usage_from_payload(payload)
    assert {k: usage[k] for k in expected} == expected


def test_gemini_without_thinking_and_anthropic_thinking_count():
    plain = {**GEMINI, "usageMetadata": {"promptTokenCount": 10, "candidatesTokenCount": 100, "totalTokenCount": 110}}
    assert usage_from_payload(plain)["output_tokens"] == 100
    detailed = {**ANTHROPIC, "usage": {**ANTHROPIC["usage"], "output_tokens_details": {"thinking_tokens": 650}}}
    assert usage_from_payload(detailed)["reasoning_tokens"] == 650


def test_malformed_payloads_are_data_errors():
    with pytest.raises(DataError, match="usage.completion_tokens': not a number: 'many'"):
        usage_from_payload({**OPENAI_CHAT, "usage": {"completion_tokens": "many"}})
    with pytest.raises(DataError, match="usage.completion_tokens': not a whole number: 2.5"):
        usage_from_payload({**OPENAI_CHAT, "usage": {"completion_tokens": 2.5}})
    with pytest.raises(DataError, match="usage.completion_tokens': a boolean"):
        usage_from_payload({**OPENAI_CHAT, "usage": {"completion_tokens": True}})
    with pytest.raises(DataError, match="usage.completion_tokens': not a finite number: inf"):
        usage_from_payload({**OPENAI_CHAT, "usage": {"completion_tokens": float("inf")}})
    with pytest.raises(DataError, match="usage.completion_tokens_details': expected an object, got 'abc'"):
        usage_from_payload({**OPENAI_CHAT, "usage": {"completion_tokens": 5, "completion_tokens_details": "abc"}})
    assert usage_from_payload({**OPENAI_CHAT, "usage": {"completion_tokens": " 12 "}})["output_tokens"] == 12  # numeric text
    with pytest.raises(DataError, match="not a recognised provider response"):
        detect_provider({"text": "hello"})
    with pytest.raises(DataError, match="usage.output_tokens': missing"):
        usage_from_payload({**ANTHROPIC, "usage": {"input_tokens": 3}})


def test_no_usage_is_its_own_exception_class():
    """A payload without usage raises NoUsageReported (a DataError), which the reader turns into
    missing tokens; a malformed usage block is a plain DataError, never mistaken for it."""
    no_usage = {k: v for k, v in OPENAI_CHAT.items() if k != "usage"}
    with pytest.raises(NoUsageReported) as info:
        usage_from_payload(no_usage)
    assert isinstance(info.value, DataError) and info.value.first.field == "usage"
    try:
        usage_from_payload({**OPENAI_CHAT, "usage": {"completion_tokens": "many"}})
    except DataError as exc:
        assert not isinstance(exc, NoUsageReported)


def test_unknown_provider_option_is_a_value_error_not_a_data_error(tmp_path):
    with pytest.raises(ValueError, match="unknown provider") as info:
        usage_from_payload(OPENAI_CHAT, provider="nope")
    assert not isinstance(info.value, DataError)


def _jsonl(tmp_path, records, name="responses.jsonl"):
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def test_read_records_with_named_fields(tmp_path):
    recs = [
        {"meta": {"qid": "q1"}, "ok": True, "response": OPENAI_CHAT},
        {"meta": {"qid": "q2"}, "ok": "I", "response": GEMINI},
        {"meta": {"qid": "q3"}, "ok": 0.5, "response": OPENROUTER},
    ]
    df = read_provider_responses(_jsonl(tmp_path, recs), item_field="meta.qid", correct_field="ok", benchmark="gsm8k")
    assert df["item_id"].tolist() == ["q1", "q2", "q3"]
    assert df["correct"].tolist() == [1.0, 0.0, 0.5]
    assert df["output_tokens"].tolist() == [300, 500, 900]
    assert df["reasoning_tokens"].tolist() == [256, 400, 850]
    assert df["model"].tolist() == ["o3-mini", "gemini-2.5-pro", "deepseek/deepseek-r1"]
    assert df["cost_usd"].isna().tolist() == [True, True, False]
    assert set(df["token_source"]) == {"reported"} and set(df["benchmark"]) == {"gsm8k"}


def test_openai_batch_output_lines(tmp_path):
    # https://platform.openai.com/docs/guides/batch : output lines {"custom_id", "response": {"status_code", "body"}}
    recs = [{"id": "b1", "custom_id": "item-7", "response": {"status_code": 200, "request_id": "r", "body": OPENAI_RESPONSES},
             "error": None, "correct": 1, "benchmark": "aime"}]
    df = read_provider_responses(_jsonl(tmp_path, recs), item_field="custom_id")
    assert df["item_id"].tolist() == ["item-7"] and df["output_tokens"].tolist() == [500]


def test_bad_records_name_line_and_field(tmp_path):
    good = {"item_id": "a", "correct": 1, "benchmark": "b", "response": OPENAI_CHAT}
    no_correct = {k: v for k, v in good.items() if k != "correct"}
    with pytest.raises(DataError, match=r"line 2: field 'correct': missing"):
        read_provider_responses(_jsonl(tmp_path, [good, no_correct]))
    with pytest.raises(DataError, match=r"line 1: field 'response.usage.completion_tokens': negative: -3"):
        read_provider_responses(_jsonl(tmp_path, [{**good, "response": {**OPENAI_CHAT, "usage": {"completion_tokens": -3}}}]))
    with pytest.raises(DataError, match=r"line 1: field 'correct'.*cannot read score"):
        read_provider_responses(_jsonl(tmp_path, [{**good, "correct": "maybe"}]))
    no_usage = {**good, "response": {k: v for k, v in OPENAI_CHAT.items() if k != "usage"}}
    with pytest.warns(TokenSanityWarning, match="usage is missing for 1 of 2"):
        df = read_provider_responses(_jsonl(tmp_path, [good, {**no_usage, "item_id": "b"}]))
    assert df["output_tokens"].isna().tolist() == [False, True]
    assert df["token_source"].isna().tolist() == [False, True]


# ----------------------------------------------------------------------------- stop reasons, visible thinking
# Truncated payloads, each in its provider's documented shape:
# OpenAI Chat finish_reason "length" (https://platform.openai.com/docs/api-reference/chat/object);
# OpenAI Responses status "incomplete" with incomplete_details.reason "max_output_tokens" and a
# reasoning item whose summary is returned (https://platform.openai.com/docs/api-reference/responses/object,
# https://platform.openai.com/docs/guides/reasoning#reasoning-summaries);
# Anthropic stop_reason "max_tokens" with a (summarised) thinking block
# (https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking);
# Gemini finishReason "MAX_TOKENS" with a thought-summary part (thought: true;
# https://ai.google.dev/gemini-api/docs/thinking#summaries).
SUMMARY = "I compared the two totals and checked the remainder."
CUT = [
    {**OPENAI_CHAT, "choices": [{"index": 0, "message": {"role": "assistant", "content": "4"}, "finish_reason": "length"}]},
    {**OPENAI_RESPONSES, "status": "incomplete", "incomplete_details": {"reason": "max_output_tokens"},
     "output": [{"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": SUMMARY}]}]},
    {**ANTHROPIC, "stop_reason": "max_tokens", "content": [{"type": "thinking", "thinking": SUMMARY, "signature": "s"}]},
    {**GEMINI, "candidates": [{"content": {"parts": [{"text": SUMMARY, "thought": True}, {"text": "4"}], "role": "model"},
                               "finishReason": "MAX_TOKENS"}]},
]


def test_stop_reasons_mark_truncation_and_visible_thinking_has_its_own_column(tmp_path):
    records = [{"item_id": f"i{k}", "correct": 0, "benchmark": "b", "response": p} for k, p in enumerate(CUT + [OPENAI_CHAT, GEMINI])]
    path = tmp_path / "cut.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    df = read_provider_responses(path)
    assert df["stop_reason"].tolist() == ["length", "max_output_tokens", "max_tokens", "MAX_TOKENS", "stop", "STOP"]
    assert df["truncated"].tolist() == [True, True, True, True, False, False]
    summary = int(count_tokens([SUMMARY])[0])
    visible = df["visible_thinking_tokens"].tolist()
    assert visible[1:4] == [summary] * 3 and pd.isna(visible[0]) and pd.isna(visible[4]) and pd.isna(visible[5])
    # reasoning_tokens stays the billed figure, far above the summary's count
    assert df["reasoning_tokens"].tolist()[1] == 448 and df["reasoning_tokens"].tolist()[3] == 400
