"""Random JSON values in every field of every format: the corpus invariant, by hypothesis.

Each example builds one case with the same factories as ``make_cases.py`` (a value at a field of
Responses JSONL, CSV, provider responses, Inspect ``.json`` / ``.eval`` and lm-eval samples),
with the expectation ``oracle.py`` gives, and checks it as ``test_hostile.py`` does: a DataError
naming file, location and field, or the table with the value the rules say; never another
exception, never a hang, report mode keeping kept + rejected = input.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
import make_cases as mc  # noqa: E402
from test_hostile import bounded, check_outcome  # noqa: E402

from analysis import DataError  # noqa: E402

SPECIAL_TEXT = ["12", " 7 ", "1e3", "12.0", "-0", "+5", ".5", "5.", "NaN", "nan", "NA", "null", "None", "", "  ",
                "C", "P", "I", "N", "yes", "false", "1.5", "inf", "-inf", "Infinity", "0x10", "1_000", "\u0661",
                "9223372036854775807", "9223372036854775808", "1e308", "1e309", "\ufeff1"]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([2**63 - 1, 2**63, 2**64, 2**53 + 1, 0, 1, 10**30]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(SPECIAL_TEXT),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=6),
)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                           max_leaves=4)
csv_text = st.one_of(st.sampled_from(SPECIAL_TEXT),
                     st.text(st.characters(whitelist_categories=("Nd", "L", "P", "Zs"), max_codepoint=0x2FF), max_size=6),
                     st.integers(min_value=-(2**70), max_value=2**70).map(str),
                     st.floats(allow_nan=True, allow_infinity=True).map(repr))

SETTINGS = dict(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def run(case: mc.Case) -> None:
    with tempfile.TemporaryDirectory() as folder:
        ctx = case.build(Path(folder))
        value, error = bounded(lambda: case.run(ctx), 20)
        check_outcome(case, ctx, value, error)
        if case.report is not None:
            result, report_error = bounded(lambda: case.report(ctx), 20)
            if report_error is not None:
                assert isinstance(report_error, DataError) and error is not None, repr(report_error)
            else:
                clean, rejected = result
                assert len(clean) + len(rejected) == case.records


@settings(**SETTINGS)
@given(field=st.sampled_from(sorted(mc.JSONL_KINDS)), value=json_values)
def test_jsonl_responses(field, value):
    run(mc.jsonl_case(field, value))


@settings(**SETTINGS)
@given(field=st.sampled_from(sorted(mc.CSV_KINDS)), text=csv_text)
def test_csv_responses(field, text):
    run(mc.csv_case(field, text))


@settings(**SETTINGS)
@given(name=st.sampled_from(mc.PROVIDER_FIELDS), value=json_values)
def test_provider_responses(name, value):
    run(mc.provider_case(name, value))


@settings(**SETTINGS)
@given(kind=st.sampled_from(["json", "eval"]), dotted=st.sampled_from(sorted(mc.INSPECT_FIELDS)), value=json_values)
def test_inspect_logs(kind, dotted, value):
    run(mc.inspect_case(kind, dotted, value))


@settings(**SETTINGS)
@given(value=json_values)
def test_lm_eval_doc_id(value):
    run(mc.lm_eval_case("doc_id", "doc_id", value, mc._expect("label", value, "item_id", 1, "line 2", "(doc_id|item_id)")))


@settings(**SETTINGS)
@given(value=json_values)
def test_lm_eval_metric(value):
    run(mc.lm_eval_case("acc", "acc", value, mc._expect("fraction", value, "correct", 1, "line 2", "(acc|correct)")))
