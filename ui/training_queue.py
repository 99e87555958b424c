"""Who may train now. A server shared by a class runs at most `slots` live trainings at once (each takes a CPU core,
or a share of the GPU); the others wait in line, first come first served, and are told how many are ahead. A run
that has trained for `quantum_s` while others wait goes to the back of the line, so one long run cannot keep a
class waiting: everyone's model keeps learning, in turns. Pure Python: no Streamlit, no torch."""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Hashable


class TrainingQueue:
    def __init__(self, slots: int, quantum_s: float = 5.0):
        self.slots = max(1, int(slots))
        self.quantum_s = quantum_s
        self._cond = threading.Condition()
        self._line: list[Hashable] = []  # waiting, first in line first
        self._running: dict[Hashable, float] = {}  # training now -> since when (monotonic)

    def _admit(self) -> None:
        while len(self._running) < self.slots and self._line:
            self._running[self._line.pop(0)] = time.monotonic()
        self._cond.notify_all()

    def join(self, who: Hashable) -> None:
        """Get in line (at the back), unless already in line or training."""
        with self._cond:
            if who not in self._running and who not in self._line:
                self._line.append(who)
            self._admit()

    def wait_turn(self, who: Hashable, timeout: float) -> bool:
        """Whether `who` may train now, waiting up to `timeout` seconds for its turn (it must have joined)."""
        with self._cond:
            self._admit()
            if who not in self._running and who in self._line:
                self._cond.wait(timeout)
                self._admit()
            return who in self._running

    def turn_over(self, who: Hashable) -> bool:
        """After a chunk: when `who` has trained for a quantum while others wait, it goes to the back of the line
        (True). Alone, or within its quantum, it keeps its place (False)."""
        with self._cond:
            since = self._running.get(who)
            if since is None or not self._line or time.monotonic() - since < self.quantum_s:
                return False
            del self._running[who]
            self._line.append(who)
            self._admit()
            return True

    def leave(self, who: Hashable) -> None:
        """Out of the line and of its place (done, paused, stopped, failed)."""
        with self._cond:
            self._running.pop(who, None)
            if who in self._line:
                self._line.remove(who)
            self._admit()

    def ahead(self, who: Hashable) -> int | None:
        """How many are in line before `who`; None when it is training or not in line."""
        with self._cond:
            return self._line.index(who) if who in self._line else None

    def counts(self) -> tuple[int, int]:
        """(training now, waiting)."""
        with self._cond:
            return len(self._running), len(self._line)


def default_slots() -> int:
    """DLCC_TRAINING_SLOTS, else half the CPU cores (at least one): a training thread keeps a core busy, and the
    server and its visitors' reruns need the rest. Sessions on a GPU share it the same way."""
    raw = os.environ.get("DLCC_TRAINING_SLOTS", "").strip()
    if raw:
        try:
            return max(1, int(raw))
        except ValueError:
            pass
    return max(1, (os.cpu_count() or 2) // 2)


_QUEUE: TrainingQueue | None = None
_QUEUE_LOCK = threading.Lock()


def training_queue() -> TrainingQueue:
    """The one queue of this server process (every session's runners share it)."""
    global _QUEUE
    with _QUEUE_LOCK:
        if _QUEUE is None:
            _QUEUE = TrainingQueue(default_slots())
        return _QUEUE
