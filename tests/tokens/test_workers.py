"""Worker processes from every place a user counts tokens: the caller's top-level code runs once,
no warning, right counts, counted by the workers (or by threads where a process may not have
children); workers die with their parent and never hold the caller's stdout."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

LINUX = sys.platform.startswith("linux")

# Top-level code with a side effect (one line per run), no main guard. Worker processes are
# started for any input over SMALL_INPUT_CHARS here (START_WORKERS_CHARS = 0), ~0.75 M characters.
SCRIPT = r'''
import json, os, sys
with open(os.environ["RTE_TEST_MARKER_FILE"], "a") as fh:
    fh.write("top-level code ran\n")
import analysis
from analysis.tokens import count as _count, pool as _pool
_count.START_WORKERS_CHARS = 0
texts = ["Step %d: so $x^{%d} + %d = %d$ -> pi <= %d, wait. " % (i, i % 7, i, 3 * i, i) * (1 + i % 40) + "→ π"
         for i in range(600)]
counts = analysis.count_tokens(texts, workers=2)
pids = _pool.worker_pids()
result = {"workers": len(pids), "tiktoken_in_caller": "tiktoken" in sys.modules, "chars": sum(map(len, texts))}
from pathlib import Path
result["worker_cmdlines"] = [Path("/proc/%d/cmdline" % p).read_bytes().count(b"analysis.tokens.worker")
                             for p in pids] if sys.platform.startswith("linux") else []
enc = analysis.get_encoding()
result["right"] = counts.tolist() == [len(enc.encode(t, disallowed_special=())) for t in texts]
print(json.dumps(result))
'''


def _check(result: dict, stderr: str, marker_file: Path) -> None:
    assert stderr == "", stderr  # no warning, no traceback
    assert marker_file.read_text() == "top-level code ran\n"  # once: workers never import __main__
    assert result["chars"] > 500_000
    assert result["right"]
    assert result["workers"] == 2
    assert not result["tiktoken_in_caller"]  # every text was counted by the worker processes
    if LINUX:
        assert result["worker_cmdlines"] == [1, 1]


def _run(args, env, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, timeout=120, **kw)


@pytest.mark.parametrize("how", ["script", "stdin", "dash-c"])
def test_from_a_script_without_main_guard(how, tmp_path, script_env):
    path = tmp_path / "count_script.py"
    path.write_text(SCRIPT)
    if how == "script":
        res = _run([str(path)], script_env, cwd=tmp_path)
    elif how == "stdin":
        res = _run(["-"], script_env, cwd=tmp_path, input=SCRIPT)
    else:
        res = _run(["-c", SCRIPT], script_env, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    _check(json.loads(res.stdout), res.stderr, Path(script_env["RTE_TEST_MARKER_FILE"]))


def test_from_pytest(tmp_path, script_env):
    test_file = tmp_path / "test_counting_here.py"
    body = "\n".join("    " + line for line in SCRIPT.strip().splitlines()[3:])  # all but the marker
    test_file.write_text(SCRIPT.strip().splitlines()[0] + "\n" + "\n".join(SCRIPT.strip().splitlines()[1:3])
                         + "\n\ndef test_count():\n" + body + "\n    assert result['right']\n")
    res = _run(["-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "-W", "error", str(test_file)],
               script_env, cwd=tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr
    line = next(ln for ln in res.stdout.splitlines() if ln.lstrip(".").startswith("{"))
    _check(json.loads(line.lstrip(".")), res.stderr, Path(script_env["RTE_TEST_MARKER_FILE"]))


def test_from_a_jupyter_kernel(tmp_path, script_env, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    for key, value in script_env.items():
        monkeypatch.setenv(key, value)
    # A count over PROGRESS_CHARS (lowered here) in a notebook shows a progress bar (a widget).
    source = SCRIPT.replace("_count.START_WORKERS_CHARS = 0",
                            "_count.START_WORKERS_CHARS = 0\nimport analysis.tokens.progress as _p\n"
                            "_p.PROGRESS_CHARS = 1000")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = nb.cells[0].outputs
    stderr = "".join(o.get("text", "") for o in outputs if o.get("name") == "stderr")
    stdout = "".join(o.get("text", "") for o in outputs if o.get("name") == "stdout")
    assert not [o for o in outputs if o.output_type == "error"], outputs
    _check(json.loads(stdout), stderr, Path(script_env["RTE_TEST_MARKER_FILE"]))
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs), outputs


# Counts 1,200 texts in the current process (a daemonic one or a Dask worker: no children
# allowed) and says whether the counts are right, what was warned and which children exist.
COUNT_HERE = r'''
import json, os, warnings

def count_here():
    import analysis, multiprocessing as mp
    from analysis.tokens import count as _count
    _count.START_WORKERS_CHARS = 0
    texts = ["Step %d: so $x^{%d}$ -> π. " % (i, i % 7) * (1 + i % 40) for i in range(1200)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        counts = analysis.count_tokens(texts, workers=2)
    children = []
    for task in os.listdir("/proc/self/task"):
        with open("/proc/self/task/%s/children" % task) as fh:
            children += fh.read().split()
    enc = analysis.get_encoding()
    return {"right": counts.tolist() == [len(enc.encode(t, disallowed_special=())) for t in texts],
            "warnings": [str(w.message) for w in caught], "children": children,
            "daemon": mp.current_process().daemon, "chars": sum(map(len, texts))}
'''

DAEMON_SCRIPT = COUNT_HERE + r'''
import multiprocessing as mp

def send(conn):
    conn.send(count_here())

if __name__ == "__main__":
    ctx = mp.get_context("fork")
    here, there = ctx.Pipe()
    p = ctx.Process(target=send, args=(there,), daemon=True)
    p.start()
    print(json.dumps(here.recv()))
    p.join()
'''


@pytest.mark.skipif(not LINUX, reason="reads /proc")
def test_daemonic_process_counts_with_threads(tmp_path, script_env):
    res = _run(["-c", DAEMON_SCRIPT], script_env, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    out = json.loads(res.stdout)
    assert out == {"right": True, "warnings": [], "children": [], "daemon": True, "chars": out["chars"]}
    assert out["chars"] > 500_000


DASK_SCRIPT = COUNT_HERE + r'''
if __name__ == "__main__":
    from distributed import Client, LocalCluster
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            print(json.dumps(client.submit(count_here, pure=False).result()))
'''


@pytest.mark.skipif(not LINUX, reason="reads /proc")
def test_inside_a_distributed_worker(tmp_path, script_env):
    pytest.importorskip("distributed")
    path = tmp_path / "dask_count.py"
    path.write_text(DASK_SCRIPT)
    res = _run([str(path)], script_env, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out == {"right": True, "warnings": [], "children": [], "daemon": True, "chars": out["chars"]}
    assert out["chars"] > 500_000


# --- parent death ---------------------------------------------------------------------------

PARENT = r'''
import json, sys, time
import analysis
from analysis.tokens import count as _count, pool as _pool
_count.START_WORKERS_CHARS = 0
texts = ["Step %d: so $x^{%d}$ -> π. " % (i, i % 7) * (1 + i % 60) for i in range(6000)]
moment = sys.argv[1]
if moment == "starting":  # workers started, not waited for: they are still loading
    print(json.dumps([w.pid for w in _pool.get_pool(2).workers]), flush=True)
    time.sleep(60)
analysis.count_tokens(texts[:1500], workers=2, cache=False)
print(json.dumps(_pool.worker_pids()), flush=True)
if moment == "idle":
    time.sleep(60)
long_texts = ["".join(texts) * 4] * 2  # one long text per worker: seconds of counting each
while True:  # counting
    analysis.count_tokens(long_texts, workers=2, cache=False)
'''


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has exited (only its parent's reaper is missing)


@pytest.mark.skipif(not LINUX, reason="parent-death signal and /proc are Linux")
@pytest.mark.parametrize("moment", ["starting", "counting", "idle"])
def test_workers_exit_when_the_parent_is_killed(moment, tmp_path, script_env, our_processes):
    parent = subprocess.Popen([sys.executable, "-c", PARENT, moment], env=script_env, cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        pids = json.loads(parent.stdout.readline())
        assert len(pids) == 2
        if moment == "counting":
            time.sleep(0.5)
            before = [_cpu_ticks(p) for p in pids]
            time.sleep(0.3)
            assert all(_cpu_ticks(p) > b for p, b in zip(pids, before))  # both are counting
        elif moment == "idle":
            time.sleep(0.2)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        killed = time.monotonic()
        while any(_alive(p) for p in pids) and time.monotonic() - killed < 2.0:
            time.sleep(0.02)
        assert not any(_alive(p) for p in pids), f"workers alive 2 s after the parent was killed ({moment})"
        time.sleep(0.3)
        assert our_processes() == []  # and no process of ours started another
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        parent.stdout.close()
        parent.stderr.close()


EXITS = {
    "normally": "",
    "kill -9 itself": "os.kill(os.getpid(), 9)",  # workers outlive it for a moment: not holding stdout
}


@pytest.mark.skipif(not LINUX, reason="bash and kill -9")
@pytest.mark.parametrize("ending", list(EXITS))
def test_command_substitution_returns_when_the_script_ends(ending, tmp_path, script_env):
    path = tmp_path / "count_and_end.py"
    path.write_text(SCRIPT + "\nimport os\nsys.stdout.flush()\n" + EXITS[ending] + "\n")
    t0 = time.monotonic()
    res = subprocess.run(["bash", "-c", f'out=$("{sys.executable}" "{path}" 2>&1); printf "%s" "$out"'],
                         env=script_env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    took = time.monotonic() - t0
    result = json.loads(res.stdout)  # the script's stdout and stderr: the JSON line, nothing else
    assert result["right"] and result["workers"] == 2
    assert took < 30
