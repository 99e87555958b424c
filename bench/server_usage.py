"""What a server under test uses: its process tree's peak resident memory (sampled in a thread), its threads, and
CPU seconds, its own and the whole machine's (so a run can say how the CPU was shared with the browsers)."""
from __future__ import annotations

import threading
import time

from bench.streamlit_server import process_tree_rss


class Sampler:
    """The server process tree's peak resident memory, sampled every `every` seconds in a thread."""

    def __init__(self, pid: int, every: float = 0.1):
        self.pid, self.every, self.peak, self._stop = pid, every, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, process_tree_rss(self.pid))
            time.sleep(self.every)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def server_threads(pid: int) -> int:
    import psutil

    try:
        return psutil.Process(pid).num_threads()
    except psutil.Error:
        return 0


def tree_cpu_seconds(pid: int) -> float:
    import psutil

    try:
        procs = [psutil.Process(pid)] + psutil.Process(pid).children(recursive=True)
        return sum(sum(p.cpu_times()[:2]) for p in procs)
    except psutil.Error:
        return 0.0


def machine_cpu_seconds() -> float:
    import psutil

    t = psutil.cpu_times()
    return t.user + t.system + getattr(t, "nice", 0.0)


def server_cpu(pid: int, seconds: float = 2.0) -> float:
    """CPU seconds per second the server's process tree uses over the next `seconds`: near 0 when nothing trains
    (a training thread left behind keeps a core busy)."""

    before = tree_cpu_seconds(pid)
    time.sleep(seconds)
    return (tree_cpu_seconds(pid) - before) / seconds
