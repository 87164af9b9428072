"""The hostile-input corpus: every case is generated here, in a temporary folder, at test time.

Each :class:`Case` writes its input (``build(folder) -> ctx``), makes one call (``run(ctx)``)
and says what must come of it (``expect``): a :class:`Value` in the table (what
``oracle.py`` says the file's value must become), a DataError naming file, location and field
(:class:`Error`), another documented outcome (:class:`Check`, :class:`Raises`) or, for the CLI,
an exit code and a message (:class:`Exit`). ``tests/hostile/test_hostile.py`` runs every case
under a timeout and checks one invariant for all of them.

To grow the corpus, add values to the lists or cases to the ``*_cases`` functions. Run this file
to write every case's input into a folder for a look: ``python tests/hostile/make_cases.py OUT``.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import lzma
import math
import os
import re
import sys
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
import oracle  # noqa: E402
from oracle import BAD, MISSING  # noqa: E402

import analysis  # noqa: E402

ABSENT = type("ABSENT", (), {"__repr__": lambda s: "ABSENT"})()  # the key is left out


# --------------------------------------------------------------------------- expectations


@dataclass
class Value:
    """The call returns a table whose ``column`` at ``row`` holds ``value`` (MISSING: NA)."""

    column: str
    row: int
    value: Any


@dataclass
class Error:
    """A DataError whose message names the file (``ctx['path']`` unless ``source``), ``where``
    (regex of the location, e.g. 'line 2') and the field (regex, None: any or none)."""

    where: str | None
    field: str | None
    words: str | None = None
    source: str | None = None


@dataclass
class Check:
    """The call returns something ``check(result, ctx)`` accepts (it asserts)."""

    check: Callable[[Any, dict], None]


@dataclass
class Raises:
    """A documented exception other than DataError (a missing file: FileNotFoundError)."""

    kind: type
    words: str


@dataclass
class Exit:
    """A CLI call: exit code and words in its standard error (never a traceback)."""

    code: int
    words: str | None = None
    stdout: str | None = None


@dataclass
class Case:
    id: str
    area: str
    build: Callable[[Path], dict]
    run: Callable[[dict], Any]
    expect: Any
    #: number of input records; report mode (``report(ctx)``) must keep kept + rejected = records
    records: int | None = None
    report: Callable[[dict], Any] | None = None
    timeout: float = 20.0


def _expect(value_kind: str, value: Any, column: str, row: int, where: str, field: str, *, extra=None):
    """Value or Error from the oracle; ``extra(expected) -> expected`` applies cross-field rules."""
    exp = oracle.KINDS[value_kind](value) if value is not ABSENT else oracle.KINDS[value_kind](None)
    if exp is not BAD and extra is not None:
        exp = extra(exp)
    if exp is BAD:
        return Error(where, field)
    return Value(column, row, exp)


def _slug(value: Any) -> str:
    if value is ABSENT:
        return "absent"
    text = json.dumps(value) if not isinstance(value, (bytes,)) else repr(value)
    text = text.replace("/", "|")
    return text if len(text) <= 24 else text[:21] + "..."


# --------------------------------------------------------------------------- value lists

NUMBERS = [
    0, 7, 2**53 + 1, 2**63 - 1, 2**63, 2**64, 10**400, -1, 1e30, 1e19, 12.0, 1.5, -0.0,
    math.inf, -math.inf, math.nan, True, False, None, ABSENT,
    "12", " 7 ", "1e3", "12.5", "-3", "abc", "", "NaN", "NA", "null", "Infinity", "0x10", "1_000",
    "\u0661\u0662",  # Arabic-Indic digits: not a number here
    [], [3], {}, {"n": 3},
]
LABELS = ["q", "  spaced  ", 1, 2**53 + 1, 1.0, 1.5, 1e19, math.nan, math.inf, None, ABSENT, True, False,
          "", "  ", {}, [], ["m"], {"name": "m"}, "\u00e9\u4e2d"]
CSV_TEXT = ["7", "12.0", "1e30", "9223372036854775807", "9223372036854775808", "True", "-1", "1.5",
            "abc", "NaN", "NA", "", " 7 ", "inf", "1e3", "0x10"]
SCORES = ["C", "P", "I", "N", "yes", "FALSE", "0.5", "2", "maybe", True, False, 1, 0.25, 1.5, -0.5,
          math.nan, math.inf, None, [], {"value": 1}]

BASE = {"model": "m", "setting": "s", "benchmark": "b", "item_id": "q1", "sample": 0, "correct": 1,
        "output_tokens": 10, "input_tokens": 3, "cost_usd": 0.5, "latency_s": 1.5}
RESPONSE_FIELDS = {  # field -> oracle kind
    "output_tokens": "count", "reasoning_tokens": "count", "input_tokens": "count", "sample": "index",
    "correct": "fraction", "cost_usd": "amount", "latency_s": "amount",
}


def _not_above_output(limit: int):
    def rule(exp):
        return BAD if exp is not MISSING and exp > limit else exp
    return rule


def _with(record: dict, dotted: str, value: Any) -> dict:
    """A deep copy of ``record`` with ``dotted`` set to ``value`` (ABSENT: removed)."""
    out = json.loads(json.dumps(record))
    parts = dotted.split(".")
    node = out
    for p in parts[:-1]:
        node = node[p]
    if value is ABSENT:
        node.pop(parts[-1], None)
    else:
        node[parts[-1]] = value
    return out


def _write_jsonl(path: Path, records: list, *, raw: bytes | None = None) -> Path:
    path.write_bytes(raw if raw is not None else "".join(json.dumps(r) + "\n" for r in records).encode())
    return path


def _read_responses(ctx):
    return analysis.read_responses(ctx["path"], **ctx.get("kw", {}))


def _report_responses(ctx):
    return analysis.read_responses(ctx["path"], on_error="report", **ctx.get("kw", {}))


# --------------------------------------------------------------------------- Responses JSONL / CSV / Parquet


JSONL_KINDS = {**RESPONSE_FIELDS, "model": "label", "item_id": "label", "setting": "setting", "benchmark": "label"}
CSV_KINDS = {"output_tokens": "count", "sample": "index", "correct": "fraction", "cost_usd": "amount",
             "item_id": "label", "setting": "setting"}


def jsonl_case(fld: str, value: Any) -> Case:
    """Responses JSONL whose line 2 has ``value`` in ``fld``."""
    def build(folder):
        first = dict(BASE, item_id="q0")
        return {"path": _write_jsonl(folder / "r.jsonl", [first, _with(BASE, fld, value)])}
    extra = _not_above_output(10) if fld == "reasoning_tokens" else None
    expect = _expect(JSONL_KINDS[fld], value, fld, 1, "line 2", fld, extra=extra)
    return Case(f"jsonl-{fld}-{_slug(value)}", "jsonl", build, _read_responses, expect, records=2, report=_report_responses)


def jsonl_cases() -> list[Case]:
    cases = [jsonl_case(fld, value) for fld in RESPONSE_FIELDS for value in NUMBERS]
    cases += [jsonl_case(fld, value) for fld in ("model", "item_id", "setting", "benchmark") for value in LABELS]
    return cases


def _write_csv(path: Path, header: list[str], rows: list[list[str]], *, sep=",", prefix: bytes = b"") -> Path:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_bytes(prefix + buf.getvalue().encode())
    return path


def csv_case(fld: str, text: str) -> Case:
    """A CSV whose line 3 has ``text`` in ``fld``."""
    header = list(BASE)

    def build(folder):
        rows = [[str(v) for v in dict(BASE, item_id="q0").values()], [str(v) for v in BASE.values()]]
        rows[1][header.index(fld)] = text
        return {"path": _write_csv(folder / "r.csv", header, rows)}
    return Case(f"csv-{fld}-{_slug(text)}", "csv", build, _read_responses,
                _expect(CSV_KINDS[fld], text, fld, 1, "line 3", fld), records=2, report=_report_responses)


def csv_cases() -> list[Case]:
    cases = [csv_case(fld, text) for fld in CSV_KINDS for text in CSV_TEXT]
    header = list(BASE)
    # the same, tab-separated and gzip-compressed: line numbers and values as in the plain CSV
    for text in ("1e30", "True", "12.0", "NA"):
        def build(folder, text=text):
            rows = [[str(v) for v in dict(BASE, item_id="q0").values()], [str(v) for v in BASE.values()]]
            rows[1][header.index("output_tokens")] = text
            plain = _write_csv(folder / "x.tsv", header, rows, sep="\t")
            path = folder / "r.tsv.gz"
            path.write_bytes(gzip.compress(plain.read_bytes()))
            return {"path": path}
        cases.append(Case(f"tsv.gz-output_tokens-{_slug(text)}", "csv", build, _read_responses,
                          _expect("count", text, "output_tokens", 1, "line 3", "output_tokens"),
                          records=2, report=_report_responses))
    return cases


def _parquet(folder: Path, column: str, array) -> dict:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = {k: pa.array([v if k != "item_id" else f"q{i}" for i, v in enumerate([v, v])]) for k, v in BASE.items()}
    data[column] = array
    path = folder / "r.parquet"
    pq.write_table(pa.table(data), path)
    return {"path": path}


def parquet_cases() -> list[Case]:
    import datetime as dt

    import pyarrow as pa

    ts = pa.array([dt.datetime(2024, 1, 1), dt.datetime(2024, 6, 1)], pa.timestamp("ns"))
    spec = [
        # (name, column, array, expectation)
        ("uint64-2**63", "output_tokens", pa.array([10, 2**63], pa.uint64()), Error("row 1", "output_tokens")),
        ("uint64-max-int64", "output_tokens", pa.array([10, 2**63 - 1], pa.uint64()), Value("output_tokens", 1, 2**63 - 1)),
        ("float-1e30", "output_tokens", pa.array([10.0, 1e30]), Error("row 1", "output_tokens")),
        ("float-nan", "output_tokens", pa.array([10.0, math.nan]), Value("output_tokens", 1, MISSING)),
        ("float-half", "output_tokens", pa.array([10.0, 1.5]), Error("row 1", "output_tokens")),
        ("float-inf", "output_tokens", pa.array([10.0, math.inf]), Error("row 1", "output_tokens")),
        ("bool", "output_tokens", pa.array([True, True]), Error("row 0", "output_tokens")),
        ("numeric-text", "output_tokens", pa.array(["10", "12"]), Value("output_tokens", 1, 12)),
        ("timestamp", "output_tokens", ts, Error("row 0", "output_tokens")),
        ("int-null", "output_tokens", pa.array([10, None], pa.int64()), Value("output_tokens", 1, MISSING)),
        ("int-exact-2**53+1", "output_tokens", pa.array([10, 2**53 + 1], pa.int64()), Value("output_tokens", 1, 2**53 + 1)),
        ("struct-model", "model", pa.array([{"name": "m"}, {"name": "m"}]), Error("row 0", "model")),
        ("list-model", "model", pa.array([["m"], ["m"]]), Error("row 0", "model")),
        ("binary-model", "model", pa.array([b"m", b"m"], pa.binary()), Error("row 0", "model")),
        ("dictionary-model", "model", pa.array(["m", "n"]).dictionary_encode(), Value("model", 1, "n")),
        ("large-string-model", "model", pa.array(["m", "n"], pa.large_string()), Value("model", 1, "n")),
        ("timestamp-model", "model", ts, Error("row 0", "model")),
        ("bool-model", "model", pa.array([True, False]), Error("row 0", "model")),
        ("int-ids-with-null", "item_id", pa.array([1, None], pa.int64()), Error("row 1", "item_id")),
        ("int-ids", "item_id", pa.array([1, 2], pa.int64()), Value("item_id", 1, "2")),
        ("int-ids-above-2**53", "item_id", pa.array([2**53, 2**53 + 1], pa.int64()), Value("item_id", 1, str(2**53 + 1))),
        ("float-ids", "item_id", pa.array([1.0, 2.0]), Value("item_id", 1, "2")),
        ("timestamp-cost", "cost_usd", ts, Error("row 0", "cost_usd")),
        ("bool-cost", "cost_usd", pa.array([False, True]), Error("row 0", "cost_usd")),
        ("struct-cost", "cost_usd", pa.array([{"usd": 1.0}, {"usd": 2.0}]), Error("row 0", "cost_usd")),
        ("duration-latency", "latency_s", pa.array([1, 2], pa.duration("s")), Error("row 0", "latency_s")),
        ("float-sample-1e19", "sample", pa.array([0.0, 1e19]), Error("row 1", "sample")),
        ("int-sample-null", "sample", pa.array([0, None], pa.int64()), Value("sample", 1, 0)),
        ("bool-correct", "correct", pa.array([True, False]), Value("correct", 1, 0.0)),
        ("text-correct", "correct", pa.array(["1", "0.5"]), Value("correct", 1, 0.5)),
        ("decimal-output", "output_tokens", pa.array([10, 12], pa.decimal128(10, 0)), Value("output_tokens", 1, 12)),
    ]
    cases = []
    for name, column, array, expect in spec:
        cases.append(Case(f"parquet-{name}", "parquet", lambda folder, c=column, a=array: _parquet(folder, c, a),
                          _read_responses, expect, records=2, report=_report_responses))

    def ids_with_null(folder):
        import pyarrow as pa
        import pyarrow.parquet as pq

        n = 3
        data = {k: pa.array([v] * n) for k, v in BASE.items()}
        data["item_id"] = pa.array([1, 2, None], pa.int64())
        pq.write_table(pa.table(data), folder / "r.parquet")
        return {"path": folder / "r.parquet"}

    def kept_ids_are_integers(result, ctx):
        clean, rejected = result
        assert clean["item_id"].tolist() == ["1", "2"], clean["item_id"].tolist()
        assert rejected["location"].tolist() == ["row 2"]

    cases.append(Case("parquet-int-ids-stay-integers-beside-a-null", "parquet", ids_with_null, _report_responses,
                      Check(kept_ids_are_integers)))
    return cases


# --------------------------------------------------------------------------- validate_responses on DataFrames


def validation_cases() -> list[Case]:
    def frame(**columns):
        n = len(next(iter(columns.values())))
        base = {"model": ["m"] * n, "benchmark": ["b"] * n, "item_id": [f"q{i}" for i in range(n)],
                "correct": [1.0] * n, "output_tokens": [10] * n}
        base.update(columns)
        return pd.DataFrame(base)

    def validate(df):
        return lambda ctx: analysis.validate_responses(df, source="frame.csv")

    spec = [
        ("object-2**63", frame(output_tokens=pd.Series([10, 2**63], dtype=object)), Error("row 1", "output_tokens")),
        ("object-10**400", frame(output_tokens=pd.Series([10, 10**400], dtype=object)), Error("row 1", "output_tokens")),
        ("uint64-2**64-1", frame(output_tokens=np.array([10, 2**64 - 1], np.uint64)), Error("row 1", "output_tokens")),
        ("bool-dtype", frame(output_tokens=[True, False]), Error("row 0", "output_tokens")),
        ("boolean-dtype", frame(output_tokens=pd.array([True, None], "boolean")), Error("row 0", "output_tokens")),
        ("object-bool", frame(output_tokens=pd.Series([10, True], dtype=object)), Error("row 1", "output_tokens")),
        ("numpy-bool-object", frame(output_tokens=pd.Series([10, np.bool_(True)], dtype=object)), Error("row 1", "output_tokens")),
        ("Int64-na", frame(output_tokens=pd.array([10, None], "Int64")), Value("output_tokens", 1, MISSING)),
        ("Float64-na", frame(output_tokens=pd.array([10.0, None], "Float64")), Value("output_tokens", 1, MISSING)),
        ("float-ids-poisoned", frame(item_id=[1.0, np.nan, 3.0]), Error("row 1", "item_id")),
        ("object-dict-model", frame(model=[{"name": "m"}, "m"]), Error("row 0", "model")),
        ("object-list-benchmark", frame(benchmark=["b", ["b"]]), Error("row 1", "benchmark")),
        ("datetime-cost", frame(cost_usd=pd.to_datetime(["2024-01-01", "2024-01-02"])), Error("row 0", "cost_usd")),
        ("timedelta-latency", frame(latency_s=pd.to_timedelta([1, 2], unit="s")), Error("row 0", "latency_s")),
        ("category-model", frame(model=pd.Categorical(["m", "n"])), Value("model", 1, "n")),
        ("complex-tokens", frame(output_tokens=[10, 1 + 2j]), Error("row 1", "output_tokens")),
        ("bytes-id", frame(item_id=[b"q0", b"q1"]), Error("row 0", "item_id")),
        ("numeric-text-sample", frame(sample=["0", " 1 "]), Value("sample", 1, 1)),
        ("sample-missing-some", frame(sample=pd.Series([3, None], dtype=object)), Value("sample", 1, 0)),
        ("setting-missing-some", frame(setting=["low", None]), Value("setting", 1, "default")),
        ("int-ids-above-2**53", frame(item_id=[2**53, 2**53 + 1]), Value("item_id", 1, str(2**53 + 1))),
        ("huge-object-sample", frame(sample=pd.Series([0, 1e19], dtype=object)), Error("row 1", "sample")),
        ("nan-text-count", frame(output_tokens=["10", "nan"]), Value("output_tokens", 1, MISSING)),
        ("period-cost", frame(cost_usd=pd.period_range("2024-01", periods=2, freq="M")), Error("row 0", "cost_usd")),
        ("interval-tokens", frame(output_tokens=pd.arrays.IntervalArray.from_breaks([0, 1, 2])), Error("row 0", "output_tokens")),
    ]
    cases = []
    for name, df, expect in spec:
        expect.source = "frame.csv" if isinstance(expect, Error) else None
        cases.append(Case(f"validate-{name}", "validation", lambda folder: {"path": Path("frame.csv")}, validate(df), expect,
                          records=len(df), report=lambda ctx, df=df: analysis.validate_responses(df, source="frame.csv", on_error="report")))
    return cases


# --------------------------------------------------------------------------- provider responses


PROVIDER = {"item_id": "q1", "correct": True, "benchmark": "b",
            "response": {"object": "chat.completion", "model": "m", "choices": [],
                         "usage": {"completion_tokens": 10, "prompt_tokens": 3,
                                   "completion_tokens_details": {"reasoning_tokens": 4}}}}
GEMINI = {"item_id": "q1", "correct": True, "benchmark": "b",
          "response": {"modelVersion": "g", "candidates": [],
                       "usageMetadata": {"candidatesTokenCount": 10, "thoughtsTokenCount": 4, "promptTokenCount": 3}}}


def _provider_case(name, base, dotted, value, expect):
    def build(folder):
        first = dict(base, item_id="q0")
        return {"path": _write_jsonl(folder / "api.jsonl", [first, _with(base, dotted, value)])}
    return Case(f"provider-{name}-{_slug(value)}", "provider", build,
                lambda ctx: analysis.read_provider_responses(ctx["path"]), expect, records=2,
                report=lambda ctx: analysis.read_provider_responses(ctx["path"], on_error="report"))


PROVIDER_FIELDS = ("completion_tokens", "prompt_tokens", "reasoning_tokens", "gemini-thoughts", "item_id", "correct")


def provider_case(name: str, value: Any) -> Case:
    """A provider JSONL whose line 2 has ``value`` at the place ``name`` says."""
    usage = "response.usage"
    if name == "completion_tokens":
        exp = oracle.count(None if value is ABSENT else value)
        bad = exp is BAD or exp is MISSING or exp < 4  # reasoning_tokens is 4
        field = rf"({usage}\.completion_tokens|output_tokens|reasoning_tokens)"
        expect = Error("line 2", field) if bad else Value("output_tokens", 1, exp)
        return _provider_case(name, PROVIDER, f"{usage}.completion_tokens", value, expect)
    if name == "prompt_tokens":
        return _provider_case(name, PROVIDER, f"{usage}.prompt_tokens", value,
                              _expect("count", value, "input_tokens", 1, "line 2", rf"({usage}\.prompt_tokens|input_tokens)"))
    if name == "reasoning_tokens":
        return _provider_case(name, PROVIDER, f"{usage}.completion_tokens_details.reasoning_tokens", value,
                              _expect("count", value, "reasoning_tokens", 1, "line 2",
                                      rf"({usage}\.completion_tokens_details\.reasoning_tokens|reasoning_tokens)",
                                      extra=_not_above_output(10)))
    if name == "gemini-thoughts":
        def thoughts(exp):
            exp = 0 if exp is MISSING else exp
            return BAD if exp + 10 > oracle.INT64_MAX else exp
        g = _expect("count", value, "reasoning_tokens", 1, "line 2",
                    r"(response\.usageMetadata\.thoughtsTokenCount|output_tokens|reasoning_tokens)", extra=thoughts)
        if isinstance(g, Value):
            g = Check(lambda res, ctx, v=g.value: (
                _assert_equal(res["reasoning_tokens"].iloc[1], v),
                _assert_equal(res["output_tokens"].iloc[1], 10 + v)))
        return _provider_case(name, GEMINI, "response.usageMetadata.thoughtsTokenCount", value, g)
    if name == "item_id":
        return _provider_case(name, PROVIDER, "item_id", value, _expect("label", value, "item_id", 1, "line 2", "item_id"))
    assert name == "correct"
    return _provider_case(name, PROVIDER, "correct", value, _expect("score", value, "correct", 1, "line 2", "correct"))


def provider_cases() -> list[Case]:
    usage = "response.usage"
    cases = [provider_case(name, value) for value in NUMBERS
             for name in ("completion_tokens", "prompt_tokens", "reasoning_tokens", "gemini-thoughts")]
    cases += [provider_case("item_id", value) for value in LABELS]
    cases += [provider_case("correct", value) for value in SCORES]
    structure = [
        ("completion_tokens_details", f"{usage}.completion_tokens_details", "abc", Error("line 2", rf"{usage}\.completion_tokens_details")),
        ("completion_tokens_details", f"{usage}.completion_tokens_details", [1], Error("line 2", rf"{usage}\.completion_tokens_details")),
        ("completion_tokens_details", f"{usage}.completion_tokens_details", 5, Error("line 2", rf"{usage}\.completion_tokens_details")),
        ("completion_tokens_details", f"{usage}.completion_tokens_details", None, Value("reasoning_tokens", 1, MISSING)),
        ("completion_tokens_details", f"{usage}.completion_tokens_details", {}, Value("reasoning_tokens", 1, MISSING)),
        ("usage", usage, "abc", Error("line 2", usage)),
        ("usage", usage, [], Error("line 2", usage)),
        ("usage", usage, None, Value("output_tokens", 1, MISSING)),
        ("usage", usage, ABSENT, Value("output_tokens", 1, MISSING)),
        ("response", "response", "abc", Error("line 2", "response")),
        ("response", "response", [], Error("line 2", "response")),
        ("response", "response", None, Error("line 2", "response")),
        ("response", "response", ABSENT, Error("line 2", "response")),
        ("model", "response.model", {"id": "m"}, Error("line 2", r"(response\.model|model)")),
        ("model", "response.model", None, Error("line 2", r"(response\.model|model)")),
        ("benchmark", "benchmark", ["b"], Error("line 2", "benchmark")),
    ]
    for name, dotted, value, expect in structure:
        cases.append(_provider_case(name, PROVIDER, dotted, value, expect))
    return cases


def _assert_equal(got, want):
    if want is MISSING:
        assert pd.isna(got), got
    else:
        assert not pd.isna(got) and got == want and type(got) is not bool, (got, want)
        if isinstance(want, int):
            assert int(got) == want
    return True


# --------------------------------------------------------------------------- Inspect logs

HEADER = {"version": 2, "status": "success",
          "eval": {"task": "t", "model": "m", "scorers": [{"name": "s"}], "model_generate_config": {}},
          "stats": {}}


def _sample(i: int) -> dict:
    return {"id": f"q{i}", "epoch": 1, "scores": {"s": {"value": "C"}},
            "model_usage": {"m": {"input_tokens": 3, "output_tokens": 10, "total_tokens": 13}},
            "output": {"model": "m"}, "total_time": 1.5}


def write_inspect(folder: Path, header: dict, samples: list, kind: str, *, raw_members: dict | None = None) -> Path:
    if kind == "json":
        path = folder / "log.json"
        path.write_text(json.dumps(dict(header, samples=samples)))
        return path
    path = folder / "log.eval"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("header.json", json.dumps(header))
        for i, s in enumerate(samples):
            z.writestr(f"samples/q{i}_epoch_1.json", json.dumps(s))
        for name, data in (raw_members or {}).items():
            z.writestr(name, data)
    return path


def _inspect_where(kind: str, i: int = 1) -> str:
    """How the reader names sample ``i`` (id 'q<i>', epoch 1) in either kind of log."""
    return rf"sample 'q{i}' epoch 1"


def _read_inspect(ctx):
    return analysis.read_inspect_log(ctx["path"])


def _report_inspect(ctx):
    return analysis.read_inspect_log(ctx["path"], on_error="report")


INSPECT_FIELDS = {  # dotted path in the sample -> (oracle kind, column, cross rule)
    "model_usage.m.output_tokens": ("count", "output_tokens", None),
    "model_usage.m.input_tokens": ("count", "input_tokens", None),
    "model_usage.m.reasoning_tokens": ("count", "reasoning_tokens", "reasoning"),
    "model_usage.m.input_tokens_cache_read": ("count", "input_tokens", "cache"),
    "model_usage.m.total_cost": ("amount", "cost_usd", None),
    "total_time": ("amount", "latency_s", None),
    "scores.s.value": ("score", "correct", None),
    "id": ("label", "item_id", None),
    "epoch": ("count", "sample", "epoch"),
}


def inspect_case(kind: str, dotted: str, value: Any) -> Case:
    """An Inspect log (``kind`` 'json' or 'eval') whose second sample has ``value`` at ``dotted``."""
    vkind, column, rule = INSPECT_FIELDS[dotted]
    if rule == "cache":
        def extra(exp):
            total = 3 + (0 if exp is MISSING else exp)
            return total if total <= oracle.INT64_MAX else BAD
    elif rule == "epoch":
        def extra(exp):
            return 1 if exp is MISSING else exp
    else:
        extra = _not_above_output(10) if rule == "reasoning" else None
    fld = rf"({re.escape(dotted)}|{column})"
    where = r"sample .* epoch" if dotted in ("id", "epoch") else _inspect_where(kind)
    expect = _expect(vkind, value, column, 1, where, fld, extra=extra)

    def build(folder):
        return {"path": write_inspect(folder, HEADER, [_sample(0), _with(_sample(1), dotted, value)], kind)}
    return Case(f"inspect-{kind}-{dotted}-{_slug(value)}", f"inspect-{kind}", build, _read_inspect, expect,
                records=2, report=_report_inspect)


def inspect_cases() -> list[Case]:
    cases = []
    usage = "model_usage.m"
    values = {"count": [7, 2**63, 1e30, True, 1.5, "5", "abc", None, math.nan, math.inf, -1, {}, [2]],
              "amount": [2.5, True, "0.25", -1.0, math.inf, math.nan, None, {}, "x"],
              "score": ["C", "I", True, 0.5, 2, "maybe", None, [], {"a": 1}],
              "label": ["q1", 17, 2**53 + 1, None, True, {}, [], ""]}
    for kind in ("json", "eval"):
        where = _inspect_where(kind)
        cases += [inspect_case(kind, dotted, value) for dotted, (vkind, _, _) in INSPECT_FIELDS.items()
                  for value in values[vkind]]
        structure = [
            ("header-eval-list", dict(HEADER, eval=["t"]), None, Error("header", "eval")),
            ("header-eval-model-number", _with(HEADER, "eval.model", 5), None, Error("header", r"eval\.model")),
            ("header-eval-model-list", _with(HEADER, "eval.model", ["m"]), None, Error("header", r"eval\.model")),
            ("header-eval-task-object", _with(HEADER, "eval.task", {"n": 1}), None, Error("header", r"eval\.task")),
            ("header-scorers-text", _with(HEADER, "eval.scorers", "s"), None, Error("header", r"eval\.scorers")),
            ("header-config-list", _with(HEADER, "eval.model_generate_config", []), None, Error("header", r"eval\.model_generate_config")),
            ("header-version-text", dict(HEADER, version="2"), None, Error("header", "version")),
            ("sample-model_usage-list", HEADER, ("model_usage", [{"m": {}}]), Error(where, "model_usage")),
            ("sample-model_usage-text", HEADER, ("model_usage", "m"), Error(where, "model_usage")),
            ("sample-usage-list", HEADER, (usage, [10]), Error(where, re.escape(usage))),
            ("sample-scores-list", HEADER, ("scores", [1]), Error(where, "scores")),
            ("sample-output-list", HEADER, ("output", ["x"]), Error(where, "output")),
            ("sample-not-object", HEADER, None, None),
        ]
        for name, header, change, expect in structure:
            if name == "sample-not-object":
                def build(folder, kind=kind):
                    return {"path": write_inspect(folder, HEADER, [_sample(0), ["not", "a", "sample"]], kind)}
                expect = Error(r"sample #2" if kind == "json" else r"member 'samples/q1_epoch_1\.json'", None)
            else:
                def build(folder, header=header, change=change, kind=kind):
                    second = _sample(1) if change is None else _with(_sample(1), *change)
                    return {"path": write_inspect(folder, header, [_sample(0), second], kind)}
            cases.append(Case(f"inspect-{kind}-{name}", f"inspect-{kind}", build, _read_inspect, expect))

        def completion_object(folder, kind=kind):
            second = _with(_with(_sample(1), "model_usage", {}), "output.completion", {"text": "hi"})
            return {"path": write_inspect(folder, HEADER, [_sample(0), second], kind)}
        cases.append(Case(f"inspect-{kind}-completion-object", f"inspect-{kind}", completion_object, _read_inspect,
                          Error(where, r"(output\.completion|text)")))

        def completion_counted(folder, kind=kind):
            second = _with(_with(_sample(1), "model_usage", {}), "output.completion", "hello world")
            return {"path": write_inspect(folder, HEADER, [_sample(0), second], kind)}
        cases.append(Case(f"inspect-{kind}-completion-counted", f"inspect-{kind}", completion_counted, _read_inspect,
                          Value("output_tokens", 1, 2)))

        def null_ids_twice(folder, kind=kind):
            return {"path": write_inspect(folder, HEADER, [_with(_sample(0), "id", None), _with(_sample(1), "id", None)], kind)}
        cases.append(Case(f"inspect-{kind}-null-ids-are-not-None", f"inspect-{kind}", null_ids_twice, _read_inspect,
                          Error(r"sample None epoch 1|sample 'None' epoch 1", "id|item_id")))

    def duplicate_member(folder):
        path = write_inspect(folder, HEADER, [_sample(0), _sample(1)], "eval")
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns about the duplicate name it writes
            with zipfile.ZipFile(path, "a") as z:
                z.writestr("samples/q1_epoch_1.json", json.dumps(_with(_sample(1), "scores.s.value", "I")))
        return {"path": path}
    cases.append(Case("inspect-eval-duplicate-member", "inspect-eval", duplicate_member, _read_inspect,
                      Error(r"member 'samples/q1_epoch_1\.json'", None, "more than once")))

    def member_not_utf8(folder):
        return {"path": write_inspect(folder, HEADER, [_sample(0)], "eval",
                                      raw_members={"samples/q1_epoch_1.json": b'{"id": "q1",\n "x": "\xff"}'})}
    cases.append(Case("inspect-eval-member-not-utf8", "inspect-eval", member_not_utf8, _read_inspect,
                      Error(r"member 'samples/q1_epoch_1\.json'.*line 2", None, "UTF-8")))

    def member_bom(folder):
        return {"path": write_inspect(folder, HEADER, [_sample(0)], "eval",
                                      raw_members={"samples/q1_epoch_1.json": b"\xef\xbb\xbf" + json.dumps(_sample(1)).encode()})}
    cases.append(Case("inspect-eval-member-bom", "inspect-eval", member_bom, _read_inspect, Value("item_id", 1, "q1")))

    def json_not_utf8(folder):
        path = folder / "log.json"
        path.write_bytes(json.dumps(dict(HEADER, samples=[_sample(0)]), indent=1).encode().replace(b'"q0"', b'"q\xff"'))
        return {"path": path}
    cases.append(Case("inspect-json-not-utf8", "inspect-json", json_not_utf8, _read_inspect, Error(r"line \d+", None, "UTF-8")))

    def json_bom(folder):
        path = folder / "log.json"
        path.write_bytes(b"\xef\xbb\xbf" + json.dumps(dict(HEADER, samples=[_sample(0)])).encode())
        return {"path": path}
    cases.append(Case("inspect-json-bom", "inspect-json", json_bom, _read_inspect, Value("item_id", 0, "q0")))
    cases.append(Case("read_any-inspect-json-bom", "inspect-json", json_bom, lambda ctx: analysis.read_any(ctx["path"]),
                      Value("item_id", 0, "q0")))

    def deep(folder):
        path = folder / "log.json"
        path.write_text('{"version": 2, "samples": ' + "[" * 100_000 + "]" * 100_000 + "}")
        return {"path": path}
    cases.append(Case("inspect-json-nested-100000-deep", "inspect-json", deep, _read_inspect, Error(None, None)))
    return cases


# --------------------------------------------------------------------------- lm-eval samples

LM = {"doc_id": 1, "doc": {}, "target": "x", "arguments": {}, "resps": [["a"]], "filtered_resps": ["a"],
      "filter": "none", "metrics": ["acc"], "acc": 1.0}


def lm_eval_case(name: str, dotted: str, value: Any, expect: Any) -> Case:
    def build(folder):
        folder = folder / "model-x"
        folder.mkdir()
        return {"path": _write_jsonl(folder / "samples_t_2025-01-01T00-00-00.jsonl",
                                     [dict(LM, doc_id=0), _with(LM, dotted, value)])}
    return Case(f"lm_eval-{name}-{_slug(value)}", "lm-eval", build,
                lambda ctx: analysis.read_lm_eval_samples(ctx["path"]), expect, records=2,
                report=lambda ctx: analysis.read_lm_eval_samples(ctx["path"], on_error="report"))


def lm_eval_cases() -> list[Case]:
    cases = []

    def case(name, dotted, value, expect):
        cases.append(lm_eval_case(name, dotted, value, expect))

    for value in LABELS:
        case("doc_id", "doc_id", value, _expect("label", value, "item_id", 1, "line 2", "(doc_id|item_id)"))
    for value in [True, False, 1, 0.5, 2, -1, "1", "0.5", "abc", None, math.nan, math.inf, [], {}]:
        case("acc", "acc", value, _expect("fraction", value, "correct", 1, "line 2", "(acc|correct)"))
    for value, expect in [([["a", "b"]], Value("output_tokens", 1, 2)), (["a"], Value("output_tokens", 1, 1)),
                          ("a", Error("line 2", "resps")), ([[1]], Error("line 2", "resps")), (None, Error("line 2", "resps")),
                          ([[None]], Error("line 2", "resps")), ({}, Error("line 2", "resps"))]:
        case("resps", "resps", value, expect)
    for value, expect in [("none", Value("item_id", 1, "1")), ({"f": 1}, Error("line 2", "filter")), ([], Error("line 2", "filter"))]:
        case("filter", "filter", value, expect)
    return cases


# --------------------------------------------------------------------------- files: kinds, encodings, compression

GOOD_JSONL = (json.dumps(dict(BASE, item_id="q0")) + "\n" + json.dumps(BASE) + "\n").encode()
GOOD_CSV = ",".join(BASE) + "\n" + ",".join(str(v) for v in dict(BASE, item_id="q0").values()) + "\n" + \
    ",".join(str(v) for v in BASE.values()) + "\n"
PROVIDER_JSONL = (json.dumps(dict(PROVIDER, item_id="q0")) + "\n" + json.dumps(PROVIDER) + "\n").encode()
LM_JSONL = (json.dumps(dict(LM, doc_id=0)) + "\n" + json.dumps(LM) + "\n").encode()

READERS = {
    "read_responses": lambda p: analysis.read_responses(p),
    "read_any": lambda p: analysis.read_any(p),
    "read_inspect_log": lambda p: analysis.read_inspect_log(p),
    "read_lm_eval_samples": lambda p: analysis.read_lm_eval_samples(p),
    "read_provider_responses": lambda p: analysis.read_provider_responses(p),
    "detect_format": lambda p: analysis.detect_format(p),
}


def _bomb(kind: str, *, line: bool) -> bytes:
    """About 1 MB compressed that inflates to about 1 GB (zeros, or newlines when ``line``)."""
    block = (b"\n" if line else b"0") * (1 << 20)
    if kind == "gz":
        one = gzip.compress(block, 9)
    elif kind == "xz":
        one = lzma.compress(block, preset=9)
    else:
        import zstandard

        one = zstandard.ZstdCompressor(level=19).compress(block)
    return one * max(1, (1 << 20) // len(one))


def file_cases() -> list[Case]:
    cases = []
    fifo_ok = hasattr(os, "mkfifo")

    def kinds(folder, what):
        if what == "folder":
            (folder / "d.jsonl").mkdir()
            return {"path": folder / "d.jsonl"}
        if what == "empty-path":
            return {"path": "", "source": ""}
        if what == "fifo":
            os.mkfifo(folder / "f.jsonl")
            return {"path": folder / "f.jsonl"}
        if what == "dev-zero":
            return {"path": Path("/dev/zero")}
        if what == "link-to-folder":
            (folder / "d").mkdir()
            (folder / "l.jsonl").symlink_to(folder / "d")
            return {"path": folder / "l.jsonl"}
        raise AssertionError(what)

    for what in ("folder", "empty-path", "fifo", "dev-zero", "link-to-folder"):
        if what == "fifo" and not fifo_ok:
            continue
        for reader, call in READERS.items():
            expect = Error(None, None, "not a regular file")
            if reader == "read_any" and what in ("folder", "link-to-folder"):
                expect = Error(None, None, None)  # a folder is a campaign (read_many): this one is empty
            if what == "empty-path":
                expect = Error(None, None, "empty path", source="")
            cases.append(Case(f"file-{what}-{reader}", "files", lambda folder, w=what: kinds(folder, w),
                              lambda ctx, call=call: call(ctx["path"]), expect, timeout=10))
    for reader, call in READERS.items():
        cases.append(Case(f"file-missing-{reader}", "files", lambda folder: {"path": folder / "nope.jsonl"},
                          lambda ctx, call=call: call(ctx["path"]), Raises(FileNotFoundError, "nope.jsonl")))

    # compression: bombs fail fast, corrupt data is a DataError
    for kind in ("gz", "xz", "zst"):
        for line in (False, True):
            name = f"bomb.{'lines' if line else 'zeros'}.jsonl.{kind}"

            def build(folder, kind=kind, line=line, name=name):
                path = folder / name
                path.write_bytes(_bomb(kind, line=line))
                return {"path": path}
            cases.append(Case(f"compress-{name}", "files", build, _read_responses, Error(None, None, "ratio"), timeout=20))
        cases.append(Case(f"compress-bomb.csv.{kind}", "files",
                          lambda folder, kind=kind: {"path": _put(folder / f"b.csv.{kind}", _compress(kind, b"model,item_id\n") + _bomb(kind, line=False))},
                          _read_responses, Error(None, None, "ratio"), timeout=20))
    corrupt = {
        "gzip-garbage-after-header": ("r.jsonl.gz", lambda: gzip.compress(GOOD_JSONL)[:10] + b"\xff" * 64),
        "gzip-truncated": ("r.jsonl.gz", lambda: gzip.compress(GOOD_JSONL * 50)[:-30]),
        "gzip-bad-crc": ("r.jsonl.gz", lambda: _flip_crc(gzip.compress(GOOD_JSONL))),
        "gzip-not-gzip": ("r.jsonl.gz", lambda: GOOD_JSONL),
        "gzip-csv-corrupt": ("r.csv.gz", lambda: gzip.compress(GOOD_CSV.encode())[:12] + b"\x00\xff" * 40),
        "xz-corrupt": ("r.jsonl.xz", lambda: lzma.compress(GOOD_JSONL)[:20] + b"\xff" * 40),
        "xz-truncated": ("r.jsonl.xz", lambda: lzma.compress(GOOD_JSONL)[:-10]),
        "zstd-corrupt": ("r.jsonl.zst", lambda: _compress("zst", GOOD_JSONL)[:8] + b"\xff" * 40),
        "zstd-truncated": ("r.jsonl.zst", lambda: _compress("zst", GOOD_JSONL * 20)[:-5]),
        "gzip-provider": ("api.jsonl.gz", lambda: gzip.compress(PROVIDER_JSONL)[:-12]),
    }
    for name, (fname, data) in corrupt.items():
        def build(folder, fname=fname, data=data):
            return {"path": _put(folder / fname, data())}
        read = (lambda ctx: analysis.read_provider_responses(ctx["path"])) if "provider" in name else _read_responses
        cases.append(Case(f"compress-{name}", "files", build, read, Error(None, None, "decompress")))
        cases.append(Case(f"compress-{name}-read_any", "files", build, lambda ctx: analysis.read_any(ctx["path"]),
                          Error(None, None, "decompress")))
    for kind in ("gz", "xz", "zst"):
        cases.append(Case(f"compress-good-jsonl.{kind}", "files",
                          lambda folder, kind=kind: {"path": _put(folder / f"r.jsonl.{kind}", _compress(kind, GOOD_JSONL))},
                          _read_responses, Value("output_tokens", 1, 10)))
        cases.append(Case(f"compress-good-csv.{kind}", "files",
                          lambda folder, kind=kind: {"path": _put(folder / f"r.csv.{kind}", _compress(kind, GOOD_CSV.encode()))},
                          _read_responses, Value("output_tokens", 1, 10)))

    # encodings: a BOM is read (and dropped) in every format; bytes that are not UTF-8 name file and line
    bom = b"\xef\xbb\xbf"
    texts = {
        "csv": ("r.csv", GOOD_CSV.encode(), _read_responses, Value("model", 1, "m"), "line 3"),
        "tsv": ("r.tsv", GOOD_CSV.replace(",", "\t").encode(), _read_responses, Value("model", 1, "m"), "line 3"),
        "csv.gz": ("r.csv.gz", GOOD_CSV.encode(), _read_responses, Value("model", 1, "m"), "line 3"),
        "jsonl": ("r.jsonl", GOOD_JSONL, _read_responses, Value("model", 1, "m"), "line 2"),
        "jsonl-read_any": ("r.jsonl", GOOD_JSONL, lambda ctx: analysis.read_any(ctx["path"]), Value("model", 1, "m"), "line 2"),
        "provider": ("api.jsonl", PROVIDER_JSONL, lambda ctx: analysis.read_provider_responses(ctx["path"]), Value("output_tokens", 1, 10), "line 2"),
        "provider-read_any": ("api.jsonl", PROVIDER_JSONL, lambda ctx: analysis.read_any(ctx["path"]), Value("output_tokens", 1, 10), "line 2"),
        "lm_eval": ("samples_t_2025-01-01T00-00-00.jsonl", LM_JSONL, lambda ctx: analysis.read_lm_eval_samples(ctx["path"]), Value("item_id", 1, "1"), "line 2"),
        "lm_eval-read_any": ("samples_t_2025-01-01T00-00-00.jsonl", LM_JSONL, lambda ctx: analysis.read_any(ctx["path"]), Value("item_id", 1, "1"), "line 2"),
    }
    for name, (fname, body, read, good, second_line) in texts.items():
        gz = fname.endswith(".gz")

        def build_bom(folder, fname=fname, body=body, gz=gz):
            data = bom + body
            return {"path": _put(folder / fname, gzip.compress(data) if gz else data)}

        def build_bad(folder, fname=fname, body=body, gz=gz):
            lines = body.split(b"\n")
            lines[-2] = lines[-2].replace(b"m", b"m\xe9", 1)  # Latin-1 bytes on the last line
            data = b"\n".join(lines)
            return {"path": _put(folder / fname, gzip.compress(data) if gz else data)}

        def build_utf16(folder, fname=fname, body=body, gz=gz):
            data = body.decode().encode("utf-16")
            return {"path": _put(folder / fname, gzip.compress(data) if gz else data)}
        cases.append(Case(f"encoding-bom-{name}", "files", build_bom, read, good))
        cases.append(Case(f"encoding-latin1-{name}", "files", build_bad, read, Error(second_line, None, "UTF-8")))
        cases.append(Case(f"encoding-utf16-{name}", "files", build_utf16, read, Error("line 1", None, "UTF-8")))

    # CSV structure
    header = ",".join(BASE)
    row = ",".join(str(v) for v in BASE.values())
    structure = {
        "short-row": (header + "\n" + row + "\n" + ",".join(row.split(",")[:-2]) + "\n", Error("line 3", None, "fields")),
        "long-row": (header + "\n" + row.replace("q1", "q0") + "\n" + row + ",extra\n", Error("line 3", None, None)),
        "unterminated-quote": (header + "\n" + row.replace("q1", "q0") + "\n" + row.replace("q1", '"q1') + "\n", Error(None, None, None)),
        "header-only": (header + "\n", Error(None, None, "no rows")),
        "blank": ("\n\n\n", Error(None, None, "empty")),
        "nul-byte": (header + "\n" + row.replace("q1", "q\x001") + "\n", Value("item_id", 0, "q\x001")),
        "cr-line-ends": ((header + "\r" + row + "\r"), Value("item_id", 0, "q1")),
        "duplicate-header": (header + ",model\n" + row + ",n\n", Error("line 1", "model", None)),
        "quoted-newline": (header + "\n" + row.replace("q1", '"q\n0"') + "\n" + row + "\n", Check(_quoted_newline)),
    }
    for name, (body, expect) in structure.items():
        cases.append(Case(f"csv-structure-{name}", "csv", lambda folder, body=body: {"path": _put(folder / "r.csv", body.encode())},
                          _read_responses, expect))

    # JSONL structure
    jstructure = {
        "nested-100000-deep": ('{"model": ' + "[" * 100_000 + "]" * 100_000 + "}\n", Error("line 1", None, None)),
        "top-level-array": ("[1, 2]\n", Error("line 1", None, "JSON object")),
        "bom-on-line-2": (json.dumps(BASE) + "\n\ufeff" + json.dumps(dict(BASE, item_id="q2")) + "\n", Error("line 2", None, None)),
        "text-lone-surrogate": (json.dumps(dict(BASE, output_tokens=None, text="\ud800 x")) + "\n", Error("line 1", "text", None)),
        "huge-line": (json.dumps(dict(BASE, text="x" * (5 << 20))) + "\n", Value("output_tokens", 0, 10)),
        "only-whitespace": ("  \n\t\n", Error(None, None, "empty")),
        "sample-on-some-lines": (json.dumps(dict(BASE, item_id="q0", sample=3)) + "\n" + json.dumps({k: v for k, v in BASE.items() if k != "sample"}) + "\n", Value("sample", 1, 0)),
        "ids-int-and-null": (json.dumps(dict(BASE, item_id=1)) + "\n" + json.dumps(dict(BASE, item_id=None)) + "\n", Error("line 2", "item_id", None)),
        "ids-above-2**53": (json.dumps(dict(BASE, item_id=2**53)) + "\n" + json.dumps(dict(BASE, item_id=2**53 + 1)) + "\n", Value("item_id", 1, str(2**53 + 1))),
    }
    for name, (body, expect) in jstructure.items():
        kw = {"count_missing_tokens": True} if name == "text-lone-surrogate" else {}
        cases.append(Case(f"jsonl-structure-{name}", "jsonl", lambda folder, body=body, kw=kw: {"path": _put(folder / "r.jsonl", body.encode("utf-8", "surrogatepass")), "kw": kw},
                          _read_responses, expect))

    def ids_report(folder):
        body = "".join(json.dumps(dict(BASE, item_id=v)) + "\n" for v in (1, None, 2))
        return {"path": _put(folder / "r.jsonl", body.encode())}

    def ids_kept(result, ctx):
        clean, rejected = result
        assert clean["item_id"].tolist() == ["1", "2"], clean["item_id"].tolist()
        assert rejected["location"].tolist() == ["line 2"]
    cases.append(Case("jsonl-structure-ids-stay-integers-beside-a-null", "jsonl", ids_report, _report_responses, Check(ids_kept)))
    return cases


def _quoted_newline(result, ctx):
    assert result["item_id"].tolist() == ["q\n0", "q1"], result["item_id"].tolist()


def _put(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _compress(kind: str, data: bytes) -> bytes:
    if kind == "gz":
        return gzip.compress(data)
    if kind == "xz":
        return lzma.compress(data)
    import zstandard

    return zstandard.ZstdCompressor().compress(data)


def _flip_crc(data: bytes) -> bytes:
    return data[:-8] + bytes([data[-8] ^ 0xFF]) + data[-7:]


# --------------------------------------------------------------------------- token counts: fill and cache


def token_cases() -> list[Case]:
    cases = []

    def frame(texts, index=None):
        n = len(texts)
        return pd.DataFrame({"model": ["m"] * n, "benchmark": ["b"] * n, "item_id": [f"q{i}" for i in range(n)],
                             "correct": [1.0] * n, "output_tokens": pd.array([5] + [None] * (n - 1), "Int64"),
                             "text": pd.Series(texts, dtype=object, index=index)}, index=index)

    spec = [
        ("bad-text-row-2", frame(["a", "b", {"t": 1}]), Error("row 2", "text", None)),
        ("bad-text-row-1-of-3", frame(["a", 7, "c"]), Error("row 1", "text", None)),
        ("bad-text-labelled-index", frame(["a", "b", ["x"]], index=[10, 11, 12]), Error("row 2", "text", None)),
        ("lone-surrogate", frame(["a", "\ud800"]), Error("row 1", "text", None)),
    ]
    for name, df, expect in spec:
        expect.source = ""
        cases.append(Case(f"add_token_counts-{name}", "tokens", lambda folder: {"path": Path("")},
                          lambda ctx, df=df: analysis.add_token_counts(df), expect))

    texts = ["hello world", "the cat sat on the mat", "\u4e2d\u6587 text"]

    def expected_counts():
        from analysis.tokens.count import count_chunk

        return [int(n) for n in count_chunk(texts, "cl100k_base")]

    def with_cache(setup):
        def build(folder):
            cache_dir = folder / "cache"
            setup(cache_dir)
            return {"path": cache_dir, "cache": cache_dir}
        return build

    def count(ctx):
        old = os.environ.get("RTE_TOKEN_CACHE")
        os.environ["RTE_TOKEN_CACHE"] = str(ctx["cache"])
        try:
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                first = analysis.count_tokens(texts)
                second = analysis.count_tokens(texts)
            return [first.tolist(), second.tolist()]
        finally:
            os.environ["RTE_TOKEN_CACHE"] = old if old is not None else ""

    def correct(result, ctx):
        want = expected_counts()
        assert result == [want, want], (result, want)

    def garbage(d):
        d.mkdir()
        (d / "counts.sqlite3").write_bytes(b"not a database" * 100)

    def folder_in_place(d):
        (d / "counts.sqlite3").mkdir(parents=True)

    def under_a_file(d):
        d.write_text("a file where the cache folder should be")

    def fifo(d):
        d.mkdir()
        os.mkfifo(d / "counts.sqlite3")

    def wrong_rows(d):
        import sqlite3

        from analysis.tokens.cache import _SCHEMA
        from analysis.tokens.count import _digests

        d.mkdir()
        con = sqlite3.connect(d / "counts.sqlite3")
        con.execute(_SCHEMA)
        dg = _digests(texts)
        con.execute("INSERT INTO counts VALUES (?, ?, ?, ?)", ("cl100k_base", dg[0], 999, 0))  # bad check
        con.execute("INSERT INTO counts VALUES (?, ?, ?, ?)", ("cl100k_base", dg[1], "many", 0))  # text count
        con.execute("INSERT INTO counts VALUES (?, ?, ?, ?)", ("cl100k_base", dg[2], -5, 0))
        con.commit()
        con.close()

    def other_schema(d):
        import sqlite3

        d.mkdir()
        con = sqlite3.connect(d / "counts.sqlite3")
        con.execute("CREATE TABLE counts (x TEXT)")
        con.commit()
        con.close()

    def truncated(d):
        import sqlite3

        from analysis.tokens.cache import _SCHEMA

        d.mkdir()
        con = sqlite3.connect(d / "counts.sqlite3")
        con.execute(_SCHEMA)
        con.execute("CREATE TABLE pad (x BLOB)")
        con.executemany("INSERT INTO pad VALUES (?)", [(b"x" * 4000,)] * 50)
        con.commit()
        con.close()
        p = d / "counts.sqlite3"
        p.write_bytes(p.read_bytes()[: 4096 * 3])

    for name, setup in [("garbage-file", garbage), ("folder-in-place", folder_in_place), ("under-a-file", under_a_file),
                        ("fifo", fifo), ("wrong-rows", wrong_rows), ("other-schema", other_schema), ("truncated", truncated)]:
        if name == "fifo" and not hasattr(os, "mkfifo"):
            continue
        cases.append(Case(f"cache-{name}", "cache", with_cache(setup), count, Check(correct), timeout=30))
    return cases


# --------------------------------------------------------------------------- command line


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """``main(argv)`` in this process: (exit code, stdout, stderr)."""
    from analysis.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def cli_cases() -> list[Case]:
    cases = []

    def good(folder):
        return {"path": _put(folder / "r.csv", GOOD_CSV.encode()), "folder": folder}

    def add(name, argv, expect, build=good):
        cases.append(Case(f"cli-{name}", "cli", build, lambda ctx, argv=argv: run_cli([a.format(**ctx) for a in argv]),
                          expect, timeout=60))

    add("ok", ["summarize", "{path}", "--n-boot", "10"], Exit(0, None, "accuracy"))
    add("same-file-twice", ["summarize", "{path}", "{path}"], Exit(2, "{path}"))
    add("same-file-two-spellings", ["summarize", "{path}", "{folder}/./r.csv"], Exit(2, "given twice"))
    add("out-bad-suffix", ["summarize", "{path}", "--out", "{folder}/p.txt"], Exit(2, ".txt"))
    add("out-unwritable", ["summarize", "{path}", "--n-boot", "10", "--out", "{path}/p.csv"], Exit(1, "p.csv"))
    add("out-is-a-folder", ["summarize", "{path}", "--n-boot", "10", "--out", "{folder}"], Exit(2, "--out"))
    add("out-json", ["summarize", "{path}", "--n-boot", "10", "--out", "{folder}/p.json"], Exit(0, "wrote"))
    add("figure-unwritable", ["summarize", "{path}", "--n-boot", "10", "--figure", "{path}/f.png"], Exit(1, "f.png"))
    add("figure-bad-suffix", ["summarize", "{path}", "--figure", "{folder}/f.gif"], Exit(2, ".gif"))
    add("n-boot-0", ["summarize", "{path}", "--n-boot", "0"], Exit(2, "--n-boot"))
    add("n-boot-negative", ["summarize", "{path}", "--n-boot", "-3"], Exit(2, "--n-boot"))
    add("n-boot-text", ["summarize", "{path}", "--n-boot", "many"], Exit(2, "--n-boot"))
    add("missing-file", ["summarize", "{folder}/nope.csv"], Exit(1, "nope.csv"))
    add("empty-folder-input", ["summarize", "{folder}/empty"], Exit(1, "empty"),
        build=lambda folder: ((folder / "empty").mkdir(), {"path": folder / "empty", "folder": folder})[1])
    add("folder-and-its-file", ["summarize", "{folder}", "{path}"], Exit(2, "given twice"))
    add("empty-path", ["summarize", ""], Exit(1, "empty path"))
    add("dev-zero", ["summarize", "/dev/zero"], Exit(1, "not a regular file"))
    add("bad-data", ["summarize", "{path}"], Exit(1, "line 3: field 'output_tokens'"),
        build=lambda folder: {"path": _put(folder / "r.csv", GOOD_CSV.replace("10,3,0.5,1.5\n", "-1,3,0.5,1.5\n").encode()), "folder": folder})
    add("short-row", ["summarize", "{path}"], Exit(1, "line 2: the row has 8 fields"),
        build=lambda folder: {"path": _put(folder / "r.csv", GOOD_CSV.replace(",0.5,1.5\n", "\n").encode()), "folder": folder})
    add("no-command", [], Exit(2, "usage"))
    add("unknown-option", ["summarize", "{path}", "--frobnicate"], Exit(2, "--frobnicate"))
    add("unknown-by", ["summarize", "{path}", "--by", "lab"], Exit(2, "lab"))
    add("version", ["--version"], Exit(0, None, analysis.__version__ if hasattr(analysis, "__version__") else "0."))
    add("no-progress-off-terminal", ["summarize", "{path}", "--n-boot", "10", "--progress", "auto"], Exit(0, None, "accuracy"))
    add("report-same-file-twice", ["report", "{path}", "{path}"], Exit(2, "given twice"))
    add("report-n-boot-0", ["report", "{path}", "--n-boot", "0"], Exit(2, "--n-boot"))
    add("report-html-bad-suffix", ["report", "{path}", "--html", "{folder}/r.pdf"], Exit(2, ".pdf"))
    add("report-fifo-input", ["report", "{folder}/f.csv"], Exit(1, "not a regular file"),
        build=lambda folder: (os.mkfifo(folder / "f.csv"), {"path": folder / "f.csv", "folder": folder})[1])
    add("report-bad-data", ["report", "{path}"], Exit(1, "line 3: field 'output_tokens'"),
        build=lambda folder: {"path": _put(folder / "r.csv", GOOD_CSV.replace("10,3,0.5,1.5\n", "1e30,3,0.5,1.5\n").encode()), "folder": folder})
    if hasattr(os, "mkfifo"):
        add("fifo", ["summarize", "{path}"], Exit(1, "not a regular file"),
            build=lambda folder: (os.mkfifo(folder / "f.csv"), {"path": folder / "f.csv", "folder": folder})[1])
    return cases


def all_cases() -> list[Case]:
    cases = (jsonl_cases() + csv_cases() + parquet_cases() + validation_cases() + provider_cases()
             + inspect_cases() + lm_eval_cases() + file_cases() + token_cases() + cli_cases())
    ids = [c.id for c in cases]
    dup = {i for i in ids if ids.count(i) > 1}
    assert not dup, f"case ids must be unique: {sorted(dup)}"
    return cases


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-cases")
    for case in all_cases():
        folder = out / case.id.replace("/", "_")
        folder.mkdir(parents=True, exist_ok=True)
        try:
            case.build(folder)
        except Exception as exc:  # noqa: BLE001 - a look at the inputs only
            print(f"{case.id}: {exc}")
    print(f"{len(all_cases())} cases written under {out}")
