"""Live training on a page: play / pause / step / reset, progress, and a checkpoint when done.

The trainer (core/) lives in session state, keyed by its name; a new config makes a new trainer, which first looks
in the checkpoint cache so a finished model appears at once. While playing, a background thread per trainer trains
chunk by chunk under a lock, and a fragment reruns every `tick` seconds only to draw the latest state: `render`
runs under the same lock, so trainers need no thread-safety of their own and render must only read the trainer.
The thread stops when paused, when done, when its trainer is replaced or reset, on an error (shown on the page),
and soon after its session ends or stops drawing (the next draw starts it again)."""
from __future__ import annotations

import dataclasses
import os
import re
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

import streamlit as st
import torch

from core import checkpoints
from ui import session_keys as keys

IDLE_STOP_S = 15.0  # a thread whose page has not drawn for this long stops (the tab closed or slept)
# Torch threads for one session's training and drawing. One: the browser and the server need the other cores, the
# small models of live demos gain nothing from more, and several threads per op on a busy CPU are 10-25x slower
# (they wait for each other). The setting is per thread, so the rest of the process keeps torch's default.
TRAIN_THREADS = int(os.environ.get("DLCC_TRAIN_THREADS", "1"))
# While playing, redraws may take at most this share of the time: a redraw holds the trainer's lock (and Python's
# GIL), so a slow one (a busy CPU, a big figure) is spaced out rather than allowed to starve training.
DRAW_SHARE = 0.3


class Trainer(Protocol):
    config: Any
    steps_done: int

    def step(self, n: int) -> None: ...
    def payload(self) -> dict: ...
    def load_payload(self, payload: dict) -> None: ...


def _session_id() -> str | None:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else None


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
        self._stop.clear()
        self.error, self.error_text = None, ""
        self.last_draw = time.monotonic()
        self._thread = threading.Thread(target=self._loop, name=f"dlcc-train-{self.name}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the thread to stop after its current chunk, and wait for it."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def pace(self) -> None:
        """Before a redraw while training: wait (without the lock) until the last redraw's cost is at most
        DRAW_SHARE of the time since it ended."""
        if self.alive and self.draw_cost:
            wait = self.draw_cost * (1 / DRAW_SHARE - 1) - (time.monotonic() - self.last_draw)
            if wait > 0:
                time.sleep(min(wait, 3.0))

    @contextmanager
    def reading(self) -> Iterator[Trainer]:
        """The trainer, held still: the thread waits while a redraw reads it."""
        self._readers += 1
        try:
            with self.lock, _torch_threads(TRAIN_THREADS):
                start = time.monotonic()
                yield self.trainer
                self.last_draw = time.monotonic()
                cost = self.last_draw - start
                self.draw_cost = cost if not self.draw_cost else 0.5 * (self.draw_cost + cost)
        finally:
            self._readers -= 1

    def step(self, n: int) -> None:
        """Up to `n` steps now (never past the total), in the caller's thread; saves when that finishes."""
        with self.lock, _torch_threads(TRAIN_THREADS):
            self.trainer.step(min(n, self.total_steps - self.trainer.steps_done))
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
                with self.lock:
                    left = self.total_steps - self.trainer.steps_done
                    if left <= 0:
                        self._save()
                        return
                    self.trainer.step(min(self.chunk, left))
                if self._readers:  # a redraw is waiting: let it take the lock before the next chunk
                    time.sleep(0.001)
        except Exception as exc:  # shown by the panel's next draw
            self.error = exc
            self.error_text = "".join(traceback.format_exception(exc))

    def _save(self) -> None:
        if not self.save:
            return
        try:
            checkpoints.save(self.name, self.trainer.config, self.trainer.payload())
        except OSError as exc:  # a read-only or full disk costs the cache, not the demo
            self.save_problem = f"Could not save the checkpoint: {exc}"


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


def _runner(name: str, trainer: Trainer, save: bool = True) -> Runner:
    """The session's runner for `trainer`; a runner of a replaced trainer is stopped."""
    runner: Runner | None = st.session_state.get(keys.runner(name))
    if runner is None or runner.trainer is not trainer:
        stop_training(name)
        runner = Runner(name, trainer, save)
        st.session_state[keys.runner(name)] = runner
    runner.save = save
    return runner


def stop_training(name: str) -> None:
    """Stop `name`'s background thread, if any (the trainer keeps what it learned)."""
    runner: Runner | None = st.session_state.get(keys.runner(name))
    if runner is not None:
        runner.stop()


def _only_differs_in(old: Any, new: Any, fields: tuple[str, ...]) -> bool:
    if not fields or not dataclasses.is_dataclass(old) or type(old) is not type(new):
        return False
    names = {f.name for f in dataclasses.fields(old)}
    if not set(fields) <= names:
        return False
    return dataclasses.replace(old, **{f: getattr(new, f) for f in fields}) == new


def get_trainer(name: str, config: Any, make: Callable[[Any], Trainer], use_cache: bool = True, *,
                signature: Any = None, resumable: tuple[str, ...] = (), keep: int = 2) -> Trainer:
    """The session's trainer for `name`, rebuilt (from the cache when it has this config) when the config, or the
    `signature` (anything else the trainer is built from, e.g. uploaded data), changed.

    Progress is kept where it can be: a config that differs from the old one only in `resumable` fields (fields
    training does not depend on, e.g. ("total_steps",)) continues the old trainer's state; up to `keep` unfinished
    trainers of other settings are put aside, so setting a control back picks its run up again; and the live
    panel says when a change started training again from zero."""
    key = keys.trainer(name)
    trainer = st.session_state.get(key)
    if trainer is not None and trainer.config == config and st.session_state.get(keys.signature(name)) == signature:
        return trainer
    old, was_playing = trainer, bool(st.session_state.get(keys.playing(name)))
    stop_training(name)
    use_cache = use_cache and not st.session_state.pop(keys.fresh(name), False)
    shelf: list = st.session_state.setdefault(keys.shelf(name), [])
    trainer = next((t for c, s, t in shelf if c == config and s == signature), None)
    if trainer is not None:
        shelf[:] = [(c, s, t) for c, s, t in shelf if t is not trainer]
    else:
        trainer = _build(name, config, make, use_cache)
    old_steps = getattr(old, "steps_done", 0) if old is not None else 0
    total = getattr(config, "total_steps", None)
    if (old is not None and not trainer.from_cache and getattr(trainer, "steps_done", 0) == 0 and old_steps > 0
            and st.session_state.get(keys.signature(name)) == signature
            and _only_differs_in(old.config, config, resumable) and (total is None or old_steps <= total)):
        trainer.load_payload(old.payload())  # same training, another length: carry on from where it was
        old = None
    if old is not None and old_steps > 0 and old_steps < getattr(old.config, "total_steps", old_steps + 1) and keep:
        shelf.insert(0, (old.config, st.session_state.get(keys.signature(name)), old))
        del shelf[keep:]
        now = getattr(trainer, "steps_done", 0)
        these = ("were trained before, so they show the finished model" if trainer.from_cache else
                 f"continue their own run at step {now:,}" if now else "start from step 0")
        st.session_state[keys.notice(name)] = (
            f"Settings changed during training: the run you left at {old_steps:,} steps is kept (set the controls "
            f"back to continue it); these settings {these}.")
    st.session_state[key] = trainer
    st.session_state[keys.signature(name)] = signature
    done = total is not None and getattr(trainer, "steps_done", 0) >= total
    st.session_state[keys.playing(name)] = was_playing and not done
    return trainer


def _build(name: str, config: Any, make: Callable[[Any], Trainer], use_cache: bool) -> Trainer:
    trainer = make(config)
    trainer.from_cache = False
    if use_cache:
        saved = checkpoints.load(name, config)
        if saved is not None:
            try:
                trainer.load_payload(saved)
                trainer.from_cache = True
            except Exception:  # an incompatible old checkpoint: train afresh
                trainer = make(config)
                trainer.from_cache = False
    return trainer


def reset_trainer(name: str, fresh: bool = True) -> None:
    """Forget `name`'s trainer; with `fresh`, the next one skips the checkpoint cache (to watch it learn)."""
    stop_training(name)
    st.session_state.pop(keys.trainer(name), None)
    st.session_state[keys.playing(name)] = False
    if fresh:
        st.session_state[keys.fresh(name)] = True


def _plural(n: int, unit: str) -> str:
    return f"{n:,} {unit[:-1] if n == 1 and unit.endswith('s') else unit}"


def _css_name(name: str) -> str:
    return "live-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)


# Streamlit fades elements (opacity 0.33) that a running fragment has not redrawn yet; during live training that
# is most of the time, so the panel keeps its elements at full opacity.
_NO_FADE = ".st-key-{css} [data-stale='true'] {{ opacity: 1 !important; transition: none !important; }}"


def live_panel(name: str, trainer: Trainer, render: Callable[[Trainer], None], *, total_steps: int,
               chunk: int = 10, tick: float = 0.4, save: bool = True, unit: str = "steps") -> None:
    """Controls and the live view. `render(trainer)` draws the figures; it runs under the trainer's lock on every
    redraw (at least every `tick` seconds while playing) and must only read the trainer."""
    playing_key = keys.playing(name)
    playing = bool(st.session_state.get(playing_key, False))
    notice = st.session_state.pop(keys.notice(name), None)
    if notice:
        st.info(notice, icon="↩️")
    st.html(f"<style>{_NO_FADE.format(css=_css_name(name))}</style>")

    @st.fragment(run_every=tick if playing else None)
    def panel() -> None:
        trainer_now: Trainer = st.session_state.get(keys.trainer(name), trainer)
        runner = _runner(name, trainer_now, save)
        runner.total_steps, runner.chunk = total_steps, max(1, chunk)
        with st.container(key=_css_name(name)):
            _controls(name, runner, total_steps, chunk, unit, playing)
            if runner.save_problem:
                st.toast(runner.save_problem)
                runner.save_problem = ""
            if runner.error is not None:
                st.error(f"Training stopped with an error: {type(runner.error).__name__}: {runner.error}")
                with st.expander("Details"):
                    st.code(runner.error_text, language=None)
                if playing:
                    st.session_state[playing_key] = False
                    st.rerun()  # a full run: the panel stops ticking
            elif playing:
                if trainer_now.steps_done >= total_steps and not runner.alive:
                    st.session_state[playing_key] = False
                    st.rerun()  # a full run: the panel stops ticking and shows "Trained"
                runner.start()
                runner.pace()
            with runner.reading() as t:
                frac = min(1.0, t.steps_done / max(1, total_steps))
                origin = " (loaded from the checkpoint cache)" if getattr(t, "from_cache", False) else ""
                st.progress(frac, text=f"{t.steps_done:,} / {total_steps:,} {unit}{origin}")
                render(t)

    panel()


def _step_clicked(name: str, chunk: int) -> None:
    """Before the panel redraws, so its label and progress already show the new state."""
    runner: Runner | None = st.session_state.get(keys.runner(name))
    if runner is not None:
        runner.step(chunk)


def _controls(name: str, runner: Runner, total_steps: int, chunk: int, unit: str, playing: bool) -> None:
    done = runner.trainer.steps_done >= total_steps
    n_step = max(0, min(chunk, total_steps - runner.trainer.steps_done))
    c1, c2, c3, _ = st.columns([1, 1, 1, 2])
    if c1.button("⏸ Pause" if playing else ("▶ Train" if not done else "✓ Trained"), key=f"{name}.play",
                 disabled=done and not playing, type="primary"):
        st.session_state[keys.playing(name)] = not playing
        if playing:
            runner.stop()
        st.rerun()
    c2.button(f"⏭ +{_plural(n_step or chunk, unit)}", key=f"{name}.step", disabled=playing or done,
              help=f"Train {_plural(n_step or chunk, unit)} more, then stop.",
              on_click=_step_clicked, args=(name, chunk))
    if c3.button("↺ Reset", key=f"{name}.reset", disabled=playing):
        reset_trainer(name)  # skip the cache: the user asked to watch it learn
        st.rerun()
