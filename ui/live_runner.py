"""The background half of live training: a thread per trainer that steps it chunk by chunk under a lock, which a
page's redraws share (ui.live draws; this module trains). Nothing here draws or touches session state."""
from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

import torch

from core import checkpoints
from ui.training_queue import training_queue

IDLE_STOP_S = 15.0  # a thread whose page has not drawn for this long stops (the tab closed or slept)
# Torch threads for one session's training and drawing. One: the browser and the server need the other cores, the
# small models of live demos gain nothing from more, and several threads per op on a busy CPU are 10-25x slower
# (they wait for each other). The setting is per thread, so the rest of the process keeps torch's default.
TRAIN_THREADS = int(os.environ.get("DLCC_TRAIN_THREADS", "1"))
# While playing, redraws may take at most this share of the time: a redraw holds the trainer's lock (and Python's
# GIL), so a slow one (a busy CPU, a big figure) is spaced out rather than allowed to starve training.
DRAW_SHARE = 0.3
QUEUED_REDRAW_S = 1.5  # while waiting for its turn a panel redraws this seldom: the server's time goes to others
# Torch releases Python's GIL inside every op and takes it back after: with the default 5 ms switch interval, each of
# a step's ~30 ops can wait 5 ms whenever a server thread runs Python (measured: training at 60% of its speed beside
# a thread busy half the time; at 0.5 ms, full speed). Lowered for the whole process once training starts.
SWITCH_INTERVAL_S = 0.0005


class Trainer(Protocol):
    """What live training needs of a trainer. Optional: `snapshot()`, a still copy of what `render` reads (e.g.
    its own copy of the weights and history, the data shared), to draw from while training goes on."""
    config: Any
    steps_done: int

    def step(self, n: int) -> None: ...
    def payload(self) -> dict: ...
    def load_payload(self, payload: dict) -> None: ...


def _session_id() -> str | None:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else None


def page_hash() -> str | None:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return getattr(ctx, "page_script_hash", None) if ctx is not None else None


def _session_alive(session_id: str | None) -> bool:
    from streamlit import runtime

    if session_id is None or not runtime.exists():  # bare or AppTest runs: only the idle limit applies
        return True
    return runtime.get_instance().is_active_session(session_id)


class Runner:
    """Trains one trainer to `total_steps` in a background thread, `chunk` steps at a time under `lock`."""

    def __init__(self, name: str, trainer: Trainer, save: bool):
        self.name, self.trainer, self.save = name, trainer, save
        self.total_steps, self.chunk = 0, 1
        self.lock = threading.Lock()
        self.error: BaseException | None = None
        self.error_text = ""
        self.save_problem = ""
        self.session_id = _session_id()
        self.page = page_hash()  # the page that trains it: leaving that page stops the thread (ui.live)
        self.queue = training_queue()
        self.last_draw = time.monotonic()
        self.draw_cost = 0.0  # seconds a redraw took, smoothed
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._readers = 0

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.alive:
            return
        if sys.getswitchinterval() > SWITCH_INTERVAL_S:
            sys.setswitchinterval(SWITCH_INTERVAL_S)
        self._stop.clear()
        self.error, self.error_text = None, ""
        self.last_draw = time.monotonic()
        self.queue.join(self)  # before the thread runs, so the first redraw can already say where it stands
        self._thread = threading.Thread(target=self._loop, name=f"dlcc-train-{self.name}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the thread to stop after its current chunk, and wait for it."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    @property
    def queued_ahead(self) -> int | None:
        """While the thread waits for its turn to train: how many are in line before it (else None)."""
        return self.queue.ahead(self) if self.alive else None

    def pace(self) -> None:
        """Before a redraw while training: wait (without the lock) until the last redraw's cost is at most
        DRAW_SHARE of the time since it ended."""
        if self.alive and self.queued_ahead is not None:  # waiting in line: nothing changes, redraw seldom
            wait = QUEUED_REDRAW_S - (time.monotonic() - self.last_draw)
            if wait > 0:
                time.sleep(wait)
        elif self.alive and self.draw_cost:
            wait = self.draw_cost * (1 / DRAW_SHARE - 1) - (time.monotonic() - self.last_draw)
            if wait > 0:
                time.sleep(min(wait, 3.0))

    @contextmanager
    def reading(self) -> Iterator[Trainer]:
        """The trainer, held still for a redraw. While training runs, a trainer that has `snapshot()` (a copy of
        what drawing reads) is copied under the lock and drawn from the copy, so training goes on meanwhile;
        any other trainer is drawn under the lock, the thread waiting."""
        snap = None
        self._readers += 1
        try:
            with self.lock:
                if self.alive and hasattr(self.trainer, "snapshot"):
                    snap = self.trainer.snapshot()
                else:
                    with self._drawing():
                        yield self.trainer
        finally:
            self._readers -= 1
        if snap is not None:
            with self._drawing():
                yield snap

    @contextmanager
    def _drawing(self) -> Iterator[None]:
        with _torch_threads(TRAIN_THREADS):
            start = time.monotonic()
            yield
            self.last_draw = time.monotonic()
            cost = self.last_draw - start
            self.draw_cost = cost if not self.draw_cost else 0.5 * (self.draw_cost + cost)

    def step(self, n: int) -> None:
        """Up to `n` steps now (never past the total), in the caller's thread; saves when that finishes."""
        with self.lock, _torch_threads(TRAIN_THREADS):
            try:
                self.trainer.step(min(n, self.total_steps - self.trainer.steps_done))
                check_finite(self.trainer)
            except Exception as exc:  # shown by the panel, as from the thread
                self._failed(exc)
                return
            self.error, self.error_text = None, ""
            if self.trainer.steps_done >= self.total_steps:
                self._save()

    def _loop(self) -> None:
        checked = 0.0
        if TRAIN_THREADS > 0:
            torch.set_num_threads(TRAIN_THREADS)
        try:
            while not self._stop.is_set():
                now = time.monotonic()
                if now - self.last_draw > IDLE_STOP_S:
                    return
                if now - checked > 1.0:
                    checked = now
                    if not _session_alive(self.session_id):
                        return
                if not self.queue.wait_turn(self, 0.25):  # in line: the page says how many are ahead
                    continue
                with self.lock:
                    left = self.total_steps - self.trainer.steps_done
                    if left <= 0:
                        self._save()
                        return
                    self.trainer.step(min(self.chunk, left))
                    check_finite(self.trainer)
                self.queue.turn_over(self)  # a quantum used while others wait: back of the line
                if self._readers:  # a redraw is waiting: let it take the lock before the next chunk
                    time.sleep(0.001)
        except Exception as exc:  # shown by the panel's next draw
            self._failed(exc)
        finally:
            self.queue.leave(self)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, torch.OutOfMemoryError) and torch.cuda.is_available():
            torch.cuda.empty_cache()  # what this run held goes back to the other sessions
        self.error = exc
        self.error_text = "".join(traceback.format_exception(exc))

    @property
    def error_message(self) -> str:
        """What the page says about `error`: in words for what an audience can cause, else its type and text."""
        exc = self.error
        if isinstance(exc, torch.OutOfMemoryError):
            return ("The device ran out of memory while training (other sessions may be using it too). Choose "
                    "smaller settings and press Train again; on a shared server, try again in a minute.")
        if isinstance(exc, NonFiniteTraining):
            return str(exc)
        return f"Training stopped with an error: {type(exc).__name__}: {exc}"

    def _save(self) -> None:
        if not self.save:
            return
        try:
            checkpoints.save(self.name, self.trainer.config, self.trainer.payload())
        except OSError as exc:  # a read-only or full disk costs the cache, not the demo
            self.save_problem = f"Could not save the checkpoint: {exc}"


class NonFiniteTraining(FloatingPointError):
    """The loss or the weights became NaN or infinite: nothing trains back from there."""


def _modules(trainer: Any) -> list[torch.nn.Module]:
    return [v for v in vars(trainer).values() if isinstance(v, torch.nn.Module)]


def check_finite(trainer: Any) -> None:
    """Raise NonFiniteTraining when the trainer's last loss (if it keeps one) or any weight of the networks it
    holds is NaN or infinite, so training stops with an explanation instead of drawing blank charts."""
    loss = getattr(trainer, "last_loss", None)
    bad = loss is not None and not bool(torch.isfinite(torch.as_tensor(loss)).all())
    if not bad:
        bad = any(not bool(torch.isfinite(p).all())  # trained weights only: a frozen backbone cannot go NaN
                  for m in _modules(trainer) for p in m.parameters() if p.requires_grad)
    if bad:
        raise NonFiniteTraining(
            f"Training stopped at step {trainer.steps_done:,}: the loss became NaN or infinite, and the weights with "
            "it, so no further step can recover. The usual cause is a learning rate too high for this network: "
            "lower it, then press Reset.")


@contextmanager
def _torch_threads(n: int) -> Iterator[None]:
    """Torch's intra-op threads for this thread only, restored afterwards."""
    before = torch.get_num_threads()
    if n > 0 and n != before:
        torch.set_num_threads(n)
    try:
        yield
    finally:
        if torch.get_num_threads() != before:
            torch.set_num_threads(before)
