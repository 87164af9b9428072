"""The hostile-input corpus (``make_cases.py``): one invariant for every case.

Every case ends in one of: a DataError naming the file, the line/row/sample and the field; the
table with the value the rules say (``oracle.py``), never a changed one; a documented exception
(a missing file); or, for the command line, its exit code and a message on standard error with
no traceback. Never another exception type and never a hang: each case runs in a thread that
must finish within its timeout. Where a reader takes ``on_error="report"``, kept + rejected
equals the input.
"""

from __future__ import annotations

import sys
import threading
import warnings
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from make_cases import Case, Check, Error, Exit, Raises, Value, _assert_equal, all_cases  # noqa: E402
from oracle import MISSING  # noqa: E402

from analysis import DataError  # noqa: E402

CASES = all_cases()


def bounded(call, timeout: float):
    """(returned, raised) of ``call()`` run in a daemon thread; a hang fails the test."""
    box: dict = {}

    def target():
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                box["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - judged by the caller
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        pytest.fail(f"no answer within {timeout} s (a hang)")
    return box.get("value"), box.get("error")


def check_outcome(case: Case, ctx: dict, value, error) -> None:
    expect = case.expect
    if isinstance(expect, Exit):
        assert error is None, f"the CLI raised {error!r}"
        code, out, err = value
        assert "Traceback" not in err, err
        assert code == expect.code, f"exit {code}, expected {expect.code}; stderr: {err}"
        if expect.words:
            assert expect.words.format(**ctx) in err, err
        if expect.stdout:
            assert expect.stdout in out, out
        if code != 0:
            assert err.strip(), "an error exit says why on standard error"
        return
    if isinstance(expect, Raises):
        assert isinstance(error, expect.kind) and expect.words in str(error), repr(error)
        return
    if isinstance(expect, Error):
        assert error is not None, f"expected a DataError, got a result:\n{value}"
        assert isinstance(error, DataError), f"{type(error).__name__}: {error}"
        message = str(error)
        source = expect.source if expect.source is not None else str(ctx["path"])
        assert source in message, message
        if expect.where:
            import re

            assert re.search(expect.where, message), f"location /{expect.where}/ not in: {message}"
        if expect.field:
            import re

            assert re.search(rf"field '({expect.field})'", message), f"field /{expect.field}/ not in: {message}"
        if expect.words:
            assert expect.words in message, message
        return
    if error is not None:
        raise AssertionError(f"{type(error).__name__}: {error}") from error
    if isinstance(expect, Check):
        expect.check(value, ctx)
        return
    assert isinstance(expect, Value)
    assert isinstance(value, pd.DataFrame), type(value)
    if expect.value is MISSING and expect.column not in value.columns:
        return  # an optional column the input does not have
    got = value[expect.column].iloc[expect.row]
    _assert_equal(got, expect.value)
    if expect.value is not MISSING and isinstance(expect.value, int) and expect.column != "sample":
        assert str(value[expect.column].dtype) == "Int64", value[expect.column].dtype
    if isinstance(expect.value, str):
        assert isinstance(got, str), type(got)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input(case: Case, tmp_path):
    ctx = case.build(tmp_path)
    value, error = bounded(lambda: case.run(ctx), case.timeout)
    check_outcome(case, ctx, value, error)
    if case.report is None:
        return
    kept_rejected, report_error = bounded(lambda: case.report(ctx), case.timeout)
    if report_error is not None:
        # report mode rejects rows; only a file it cannot read row by row still raises
        assert isinstance(report_error, DataError), f"{type(report_error).__name__}: {report_error}"
        assert error is not None, "report mode raised where raise mode returned a table"
        return
    clean, rejected = kept_rejected
    assert len(clean) + len(rejected) == case.records
    if error is None:
        assert len(rejected) == 0
        pd.testing.assert_frame_equal(clean, value)
    else:
        assert len(rejected) >= 1 and rejected["reason"].str.contains("field '").all()


def test_corpus_size_and_spread():
    assert len(CASES) >= 250
    areas = {c.area for c in CASES}
    assert {"jsonl", "csv", "parquet", "validation", "provider", "inspect-json", "inspect-eval", "lm-eval",
            "files", "tokens", "cache", "cli"} <= areas
