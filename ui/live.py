"""Live training on a page: play / pause / step / reset, progress, and a checkpoint when done.

The trainer (core/) lives in session state, keyed by its name; a new config makes a new trainer, which first looks
in the checkpoint cache so a finished model appears at once. While playing, a background thread per trainer trains
chunk by chunk under a lock, and a fragment reruns every `tick` seconds only to draw the latest state: `render`
runs under the same lock, so trainers need no thread-safety of their own and render must only read the trainer.
The thread stops when paused, when done, when its trainer is replaced or reset, on an error (shown on the page),
and soon after its session ends or stops drawing (the next draw starts it again)."""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

import streamlit as st

from core import checkpoints
from ui import figure_cache
from ui import session_keys as keys
from ui.live_runner import Runner, Trainer, page_hash

__all__ = ["Runner", "Trainer", "get_trainer", "live_panel", "reset_trainer", "stop_training",
           "stop_training_elsewhere"]


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
    """'1 step', '2 steps', '1 batch', '3 batches'."""
    if n == 1 and unit.endswith(("ches", "shes", "sses", "xes")):
        unit = unit[:-2]
    elif n == 1 and unit.endswith("s"):
        unit = unit[:-1]
    return f"{n:,} {unit}"


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
    # Always one element here, the notice or nothing: the fragment's id hashes its place on the page, and a click on
    # a chart inside it is sent to the id it was drawn under. A notice that came and went moved the fragment, so a
    # click made as a full run redrew it (e.g. the run ending) went to an id that no longer existed: lost.
    notice_slot = st.empty()
    if notice:
        notice_slot.info(notice, icon="↩️")
    st.html(f"<style>{_NO_FADE.format(css=_css_name(name))}</style>")

    @st.fragment(run_every=tick if playing else None)
    def panel() -> None:
        trainer_now: Trainer = st.session_state.get(keys.trainer(name), trainer)
        runner = _runner(name, trainer_now, save)
        runner.total_steps, runner.chunk = total_steps, max(1, chunk)
        with st.container(key=_css_name(name)):
            _controls(name, runner, total_steps, chunk, unit, playing)
            # One slot for the queue's note, always there: a fragment's redraw must keep the same shape (an element
            # that comes and goes shifts the charts after it, which Streamlit's browser side cannot patch).
            queue_note = st.empty()
            if runner.save_problem:
                st.toast(runner.save_problem)
                runner.save_problem = ""
            if runner.error is not None:
                st.error(runner.error_message)
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
                _queue_note(runner, queue_note)
                runner.pace()
            with runner.reading() as t:
                frac = min(1.0, t.steps_done / max(1, total_steps))
                origin = " (loaded from the checkpoint cache)" if getattr(t, "from_cache", False) else ""
                st.progress(frac, text=f"{t.steps_done:,} / {total_steps:,} {unit}{origin}")
                with figure_cache.live_figures() if runner.alive else nullcontext():
                    render(t)

    panel()


def _queue_note(runner: Runner, slot) -> None:
    ahead = runner.queued_ahead
    if ahead is not None:
        slots = runner.queue.slots
        slot.info(f"Queued, {ahead} ahead of you. This server trains {slots} model{'s' if slots > 1 else ''} at a "
                "time for everyone using it, in turns of a few seconds; yours starts by itself, keep this tab open.",
                icon="⏳")


def stop_training_elsewhere() -> None:
    """Stop this session's training threads that belong to another page than the one running now: leaving a page
    pauses its training (coming back carries on), so a visitor browsing on never keeps a place in the queue."""
    here = page_hash()
    for value in list(st.session_state.values()):
        if isinstance(value, Runner) and value.alive and value.page != here:
            value.stop()


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
