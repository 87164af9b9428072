"""The progress bar: only for long counts, only where a person watches (terminal, notebook)."""

import os
import select
import subprocess
import sys

import pytest

from analysis.tokens import progress

SCRIPT = r'''
import analysis, analysis.tokens.progress as p
p.PROGRESS_CHARS = 1000
texts = ["a few words of text number %d, " % i * 20 for i in range(2000)]
print(int(analysis.count_tokens(texts).sum()))
'''


def test_no_bar_for_small_counts_or_when_nobody_watches(monkeypatch):
    monkeypatch.setattr(progress, "_on_terminal", lambda: True)
    monkeypatch.delenv("TQDM_DISABLE", raising=False)
    assert progress.bar(progress.PROGRESS_CHARS - 1) is None
    bar = progress.bar(progress.PROGRESS_CHARS)
    assert bar is not None and bar.total == progress.PROGRESS_CHARS
    bar.close()
    monkeypatch.setenv("TQDM_DISABLE", "1")
    assert progress.bar(progress.PROGRESS_CHARS) is None
    monkeypatch.delenv("TQDM_DISABLE")
    monkeypatch.setattr(progress, "_on_terminal", lambda: False)
    assert not progress.in_notebook()  # pytest is no notebook
    assert progress.bar(10 * progress.PROGRESS_CHARS) is None


def _run(script_env, tmp_path, stderr):
    return subprocess.run([sys.executable, "-c", SCRIPT], env=script_env, cwd=tmp_path, stdout=subprocess.PIPE,
                          stderr=stderr, text=True, timeout=120)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pseudo-terminal")
def test_bar_on_a_terminal_and_not_in_a_pipe(script_env, tmp_path):
    import fcntl
    import pty
    import struct
    import termios

    script_env.pop("TQDM_DISABLE", None)
    piped = _run(script_env, tmp_path, subprocess.PIPE)
    assert piped.returncode == 0 and piped.stderr == ""
    master, slave = pty.openpty()  # the slave stays open here until read: Linux drops unread output
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal's size
    try:
        res = _run(script_env, tmp_path, slave)
        seen = b""
        while select.select([master], [], [], 0.5)[0]:
            seen += os.read(master, 65536)
    finally:
        os.close(master)
        os.close(slave)
    assert res.returncode == 0
    assert res.stdout == piped.stdout  # the same counts
    assert b"counting tokens" in seen
