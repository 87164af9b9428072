"""Peak memory of a process and all its descendants (workers, fork servers), without psutil.

A thread samples every ``interval`` seconds the proportional set size (PSS: shared pages split
between the processes sharing them, so forked workers are not counted twice) of this process
and every descendant, from ``/proc/<pid>/smaps_rollup``, and keeps the largest total. Also kept:
the sum of each process's own peak resident size (``VmHWM``), an upper bound that counts shared
pages once per process. Linux only; elsewhere both are None.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text()
            out.extend(int(x) for x in text.split())
    except OSError:
        pass
    return out


def tree(pid: int | None = None) -> list[int]:
    pid = os.getpid() if pid is None else pid
    todo, seen = [pid], []
    while todo:
        p = todo.pop()
        seen.append(p)
        todo.extend(_children(p))
    return seen


def _field_kb(path: str, name: str) -> int:
    try:
        with open(path) as fh:
            for line in fh:
                if line.startswith(name):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def pss_bytes(pids: list[int]) -> int:
    return 1024 * sum(_field_kb(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids)


def hwm_bytes(pids: list[int]) -> int:
    return 1024 * sum(_field_kb(f"/proc/{p}/status", "VmHWM:") for p in pids)


class PeakMemory:
    """Context manager: ``.peak_pss`` and ``.peak_hwm_sum`` (bytes) of this process tree."""

    def __init__(self, interval: float = 0.02):
        self.interval = interval
        self.peak_pss: int | None = None
        self.peak_hwm_sum: int | None = None
        self._stop = threading.Event()
        self._hwm: dict[int, int] = {}

    def _sample(self) -> None:
        pids = tree()
        total = pss_bytes(pids)
        self.peak_pss = max(self.peak_pss or 0, total)
        for p in pids:
            self._hwm[p] = max(self._hwm.get(p, 0), hwm_bytes([p]))

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> "PeakMemory":
        if not Path("/proc/self/smaps_rollup").exists():
            return self
        self._sample()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if hasattr(self, "_thread"):
            self._stop.set()
            self._thread.join()
            self._sample()
            self.peak_hwm_sum = sum(self._hwm.values())
