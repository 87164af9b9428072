"""python -m analysis summarize: reads any format, prints Points, writes them, reports errors."""

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd

from analysis.cli import ProgressBar, main

FIX = Path(__file__).parent / "fixtures"


def _csv(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("model,setting,benchmark,item_id,correct,output_tokens\n"
                 "a,low,x,1,1,100\na,low,x,2,0,300\nb,high,x,1,1,1000\nb,high,x,2,1,3000\n")
    return p


def test_summarize_prints_and_writes_points(tmp_path, capsys):
    out = tmp_path / "points.csv"
    assert main(["summarize", str(_csv(tmp_path)), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "accuracy" in printed and "mean_tokens" in printed
    points = pd.read_csv(out).set_index("model")
    assert points.loc["a", "accuracy"] == 0.5 and points.loc["a", "mean_tokens"] == 200
    assert points.loc["b", "accuracy"] == 1.0 and points.loc["b", "tokens_per_correct"] == 2000


def test_summarize_reads_an_inspect_log(tmp_path, capsys):
    log = next(FIX.glob("inspect/*.eval"))
    assert main(["summarize", str(log), "--by", "model"]) == 0
    assert "mockllm" in capsys.readouterr().out


def test_summarize_bad_input_is_a_clear_error(tmp_path, capsys):
    bad = Path(__file__).parent / "bad_inputs" / "negative_tokens.csv"
    assert main(["summarize", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: line 3: field 'output_tokens'" in err


def test_summarize_unknown_group_column(tmp_path, capsys):
    assert main(["summarize", str(_csv(tmp_path)), "--by", "lab"]) == 2
    assert "lab" in capsys.readouterr().err


def test_progress_bar_draws_and_closes():
    stream = io.StringIO()
    ticks = iter([0.0, 0.1, 1.0, 2.0])
    bar = ProgressBar("f.jsonl", stream, width=10, clock=lambda: next(ticks))
    bar(1, 4)
    bar(2, 4)  # within 0.2 s of the last draw: skipped
    bar(4, 4)
    bar.close()
    text = stream.getvalue()
    assert "[##........] 1/4" in text and "[##########] 4/4" in text and "2/4" not in text
    assert text.endswith("\n")


def test_module_entry_point(tmp_path):
    run = subprocess.run([sys.executable, "-m", "analysis", "summarize", str(_csv(tmp_path)), "--n-boot", "10"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "tokens_per_correct" in run.stdout
    assert "note: --n-boot no longer changes anything" in run.stderr  # accepted, and said to be unused


def test_unused_bootstrap_options_are_checked_and_noted(tmp_path, capsys):
    assert main(["summarize", str(_csv(tmp_path))]) == 0
    assert "note:" not in capsys.readouterr().err
    assert main(["summarize", str(_csv(tmp_path)), "--seed", "3", "--n-boot", "5"]) == 0
    assert "--n-boot and --seed no longer change anything" in capsys.readouterr().err
    assert main(["summarize", str(_csv(tmp_path)), "--n-boot", "0"]) == 2  # still checked


def test_summarize_draws_the_frontier(tmp_path):
    import xml.etree.ElementTree as ET

    fig = tmp_path / "frontier.svg"
    assert main(["summarize", str(_csv(tmp_path)), "--n-boot", "20", "--figure", str(fig)]) == 0
    root = ET.parse(fig).getroot()
    assert fig.stat().st_size > 1000 and root.tag.endswith("svg")
    png = tmp_path / "frontier.png"
    assert main(["summarize", str(_csv(tmp_path)), "--n-boot", "20", "--figure", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_prog_is_right_under_both_names(tmp_path):
    module = subprocess.run([sys.executable, "-m", "analysis", "--help"], capture_output=True, text=True, timeout=120)
    assert module.returncode == 0 and module.stdout.startswith("usage: python -m analysis ")
    code = "import sys; sys.argv[0] = '/usr/local/bin/rte'; from analysis.cli import main; sys.exit(main(['summarize']))"
    script = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert script.returncode == 2 and script.stderr.startswith("usage: rte summarize ")
    assert "Traceback" not in script.stderr


def test_version(capsys):
    from analysis.cli import version

    assert main(["--version"], prog="rte") == 0
    assert capsys.readouterr().out.strip() == f"rte {version()}"
    assert version()[0].isdigit()


def test_exit_codes_data_1_usage_2(tmp_path, capsys):
    good = _csv(tmp_path)
    assert main(["summarize", str(good), "--n-boot", "0"]) == 2
    assert main(["summarize", str(good), str(tmp_path / "." / "r.csv")]) == 2
    assert "given twice" in capsys.readouterr().err
    assert main(["summarize", str(good), "--out", str(tmp_path / "p.xlsx")]) == 2
    assert main(["summarize", str(tmp_path / "missing.csv")]) == 1
    err = capsys.readouterr().err
    assert "missing.csv: No such file or directory" in err and "Traceback" not in err


def test_permission_denied_is_a_clear_data_error(tmp_path, capsys, monkeypatch):
    import analysis.readers as readers

    def denied(path, **kw):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(readers, "read_any", denied)
    assert main(["summarize", str(_csv(tmp_path))]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'r.csv'}: Permission denied" in err and "Traceback" not in err


def test_unwritable_out_is_exit_1_naming_it(tmp_path, capsys):
    good = _csv(tmp_path)
    assert main(["summarize", str(good), "--n-boot", "5", "--out", str(good / "p.csv")]) == 1
    err = capsys.readouterr().err
    assert f"cannot write {good / 'p.csv'}" in err and "Traceback" not in err


class _Terminal(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_bar_only_on_a_terminal(tmp_path, monkeypatch):
    import analysis.cli as cli

    monkeypatch.setattr(cli, "PROGRESS_BYTES", 0)
    path = tmp_path / "r.jsonl"
    path.write_text("".join(
        f'{{"model": "a", "benchmark": "x", "item_id": "{i}", "correct": 1, "output_tokens": 5}}\n' for i in range(3)))
    for tty in (True, False):
        stream = _Terminal(tty)
        monkeypatch.setattr(sys, "stderr", stream)
        assert main(["summarize", str(path), "--n-boot", "5"]) == 0
        assert ("r.jsonl 3 read" in stream.getvalue()) == tty, stream.getvalue()
