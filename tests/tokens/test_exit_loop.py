"""Exit right after counting never hangs and prints nothing: 300 runs (slow; ``pytest -m slow``)."""

import subprocess
import sys

import pytest

SCRIPT = r'''
import sys, threading
import analysis
from analysis.tokens import count as _count, pool as _pool
_count.START_WORKERS_CHARS = 0
texts = ["Run text %d: $x_{%d}$ -> π, so " % (i, i % 9) * (1 + i % 40) for i in range(900)]
case = sys.argv[1]
if case == "cached":  # every text in the cache (after the first run): a call that starts nothing
    counts = analysis.count_tokens(texts, workers=2)
    if len(sys.argv) < 3 and _pool.worker_pids():
        counts = []
elif case == "workers":  # worker processes start, count, and the script ends at once
    counts = analysis.count_tokens(texts, workers=2, cache=False)
elif case == "small":
    counts = analysis.count_tokens(texts[:50], workers=2, cache=False)
elif case == "in-a-thread":  # the call runs in another thread, which ends before the script
    box = []
    t = threading.Thread(target=lambda: box.append(analysis.count_tokens(texts, workers=2, cache=False)))
    t.start()
    t.join()
    counts = box[0]
elif case == "exit-while-counting":  # the script ends while a daemon thread is still counting
    threading.Thread(target=analysis.count_tokens, args=(texts * 20,), kwargs={"workers": 2, "cache": False},
                     daemon=True).start()
    import time
    time.sleep(0.3)
    print("done")
    raise SystemExit(0)
print("done" if len(counts) and (counts > 0).all() else "wrong")
'''
CASES = ["cached", "workers", "small", "in-a-thread", "exit-while-counting"]
RUNS = 300


@pytest.mark.slow
def test_exit_right_after_counting_300_runs(tmp_path, script_env):
    path = tmp_path / "count_then_exit.py"
    path.write_text(SCRIPT)
    fill = subprocess.run([sys.executable, str(path), "cached", "fill the cache"], env=script_env,
                          capture_output=True, text=True, timeout=60)
    assert (fill.returncode, fill.stdout, fill.stderr) == (0, "done\n", "")
    hangs, bad = [], []
    for i in range(RUNS):
        case = CASES[i % len(CASES)]
        try:
            res = subprocess.run([sys.executable, str(path), case], env=script_env, capture_output=True, text=True,
                                 timeout=30)
        except subprocess.TimeoutExpired:
            hangs.append(case)
            continue
        if res.returncode != 0 or res.stdout != "done\n" or res.stderr != "":
            bad.append((case, res.returncode, res.stdout[-200:], res.stderr[-2000:]))
    assert hangs == [] and bad == [], f"{len(hangs)} hangs {hangs[:5]}, {len(bad)} bad runs: {bad[:3]}"
