"""Live training on a page: play / pause / one step / reset, progress, and a checkpoint when done.

The trainer (core/) lives in session state, keyed by the page; a new config makes a new trainer, which
first looks in the checkpoint cache so a finished model appears at once. While playing, a fragment
reruns every `tick` seconds and trains for most of that time, so the page stays responsive."""
from __future__ import annotations

import time
from typing import Any, Callable, Protocol

import streamlit as st

from core import checkpoints


class Trainer(Protocol):
    config: Any
    steps_done: int

    def step(self, n: int) -> None: ...
    def payload(self) -> dict: ...
    def load_payload(self, payload: dict) -> None: ...


def get_trainer(name: str, config: Any, make: Callable[[Any], Trainer], use_cache: bool = True) -> Trainer:
    """The session's trainer for `name`, rebuilt (from the cache when it has this config) if the config changed."""
    key = f"_trainer.{name}"
    trainer = st.session_state.get(key)
    if trainer is None or trainer.config != config:
        use_cache = use_cache and not st.session_state.pop(f"_fresh.{name}", False)
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
        st.session_state[key] = trainer
        st.session_state[f"_playing.{name}"] = False
    return trainer


def reset_trainer(name: str) -> None:
    st.session_state.pop(f"_trainer.{name}", None)
    st.session_state[f"_playing.{name}"] = False


def live_panel(name: str, trainer: Trainer, render: Callable[[Trainer], None], *, total_steps: int,
               chunk: int = 10, tick: float = 0.4, save: bool = True, unit: str = "steps") -> None:
    """Controls and the live view. `render(trainer)` draws the figures; it runs on every tick."""
    playing_key = f"_playing.{name}"
    playing = bool(st.session_state.get(playing_key, False))

    @st.fragment(run_every=tick if playing else None)
    def panel() -> None:
        trainer_now: Trainer = st.session_state.get(f"_trainer.{name}", trainer)
        done = trainer_now.steps_done >= total_steps
        c1, c2, c3, _ = st.columns([1, 1, 1, 2])
        if c1.button("⏸ Pause" if playing else ("▶ Train" if not done else "✓ Trained"), key=f"{name}.play",
                     disabled=done and not playing, type="primary"):
            st.session_state[playing_key] = not playing
            st.rerun()
        if c2.button("⏭ Step", key=f"{name}.step", disabled=playing or done):
            trainer_now.step(chunk)
            _maybe_save(name, trainer_now, total_steps, save)
        if c3.button("↺ Reset", key=f"{name}.reset", disabled=playing):
            reset_trainer(name)
            st.session_state[f"_fresh.{name}"] = True  # skip the cache: the user asked to watch it learn
            st.rerun()
        if playing:
            budget = time.perf_counter() + 0.75 * tick
            while trainer_now.steps_done < total_steps and time.perf_counter() < budget:
                trainer_now.step(min(chunk, total_steps - trainer_now.steps_done))
            if trainer_now.steps_done >= total_steps:
                _maybe_save(name, trainer_now, total_steps, save)
                st.session_state[playing_key] = False
                st.rerun()
        frac = min(1.0, trainer_now.steps_done / max(1, total_steps))
        origin = " (loaded from the checkpoint cache)" if getattr(trainer_now, "from_cache", False) else ""
        st.progress(frac, text=f"{trainer_now.steps_done:,} / {total_steps:,} {unit}{origin}")
        render(trainer_now)

    panel()


def _maybe_save(name: str, trainer: Trainer, total_steps: int, save: bool) -> None:
    if save and trainer.steps_done >= total_steps:
        try:
            checkpoints.save(name, trainer.config, trainer.payload())
        except OSError as exc:  # a read-only or full disk costs the cache, not the demo
            st.toast(f"Could not save the checkpoint: {exc}")
