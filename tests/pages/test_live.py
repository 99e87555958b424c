"""The live-training contract (ui.live) with a tiny fake trainer, headless: steps clipped to the total, training in
a background thread with render under its lock, errors shown, the thread stopped on pause / replace / reset /
idle / session end, settings changed during training, and the session-state keys in one place."""
from __future__ import annotations

import dataclasses
import threading
import time

import pytest
import torch
from streamlit.testing.v1 import AppTest

from core import checkpoints
from ui import live, live_runner
from ui import session_keys as keys


@dataclasses.dataclass(frozen=True)
class Cfg:
    total_steps: int = 130
    lr: float = 0.1
    fail_at: int = -1
    step_s: float = 0.0


class Fake:
    """Counts steps; can be slow or fail; notes when step() runs while render() is drawing (the lock failed)."""
    overlaps = 0

    def __init__(self, config):
        self.config, self.steps_done, self.rendering = config, 0, False

    def step(self, n):
        if self.rendering:
            Fake.overlaps += 1
        if self.config.step_s:
            time.sleep(self.config.step_s)
        if 0 <= self.config.fail_at <= self.steps_done:
            raise RuntimeError(f"boom at step {self.steps_done}")
        self.steps_done += n

    def payload(self):
        return {"steps_done": self.steps_done}

    def load_payload(self, payload):
        self.steps_done = int(payload["steps_done"])


# The page script imports its classes (as real pages do): classes defined in the script would be new on every run.
SCRIPT = '''
import time
import streamlit as st
from tests.pages.test_live import Cfg, Fake
from ui import figure_cache
from ui.live import get_trainer, live_panel

def render(t):
    t.rendering = True
    time.sleep(0.02)  # a slow redraw: a thread training outside the lock would be caught here
    st.session_state["rendered_steps"] = t.steps_done
    st.session_state["overlaps"] = Fake.overlaps
    st.session_state["live_figures"] = getattr(figure_cache._LIVE, "on", False)
    t.rendering = False

cfg = Cfg(total_steps=st.session_state.get("total", 130), lr=st.session_state.get("lr", 0.1),
          fail_at=st.session_state.get("fail_at", -1), step_s=st.session_state.get("step_s", 0.0))
trainer = get_trainer("fake.model.v1", cfg, Fake, resumable=("total_steps",))
live_panel("fake.model.v1", trainer, render, total_steps=cfg.total_steps, chunk=25, tick=0.2)
'''


def app(**state) -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


def trainer(at):
    return at.session_state[keys.trainer("fake.model.v1")]


def runner(at) -> live.Runner:
    return at.session_state[keys.runner("fake.model.v1")]


def wait_for(at, condition, timeout=20.0):
    """Rerun the page (as the fragment's timer would) until `condition(at)` holds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        at.run()
        if condition(at):
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_step_says_how_many_and_never_passes_the_total():
    at = app()
    assert at.button(key="fake.model.v1.step").label == "⏭ +25 steps"
    for _ in range(5):
        at.button(key="fake.model.v1.step").click().run()
    assert trainer(at).steps_done == 125
    assert at.button(key="fake.model.v1.step").label == "⏭ +5 steps"  # only what remains
    at.button(key="fake.model.v1.step").click().run()
    assert trainer(at).steps_done == 130 and at.button(key="fake.model.v1.step").disabled
    assert "130 / 130 steps" in at.get("progress")[0].proto.text
    saved = checkpoints.load("fake.model.v1", trainer(at).config)
    assert saved == {"steps_done": 130}  # the model saved under the 130-step key has 130 steps


def test_training_runs_in_a_thread_and_render_reads_under_its_lock():
    at = app(total=400, step_s=0.005)
    at.button(key="fake.model.v1.play").click().run()
    assert at.session_state[keys.playing("fake.model.v1")]
    wait_for(at, lambda a: trainer(a).steps_done >= 400 and not a.session_state[keys.playing("fake.model.v1")])
    assert at.session_state["overlaps"] == 0
    assert not runner(at).alive
    assert at.button(key="fake.model.v1.play").label == "✓ Trained"
    assert checkpoints.load("fake.model.v1", trainer(at).config) == {"steps_done": 400}


def test_an_error_in_the_training_thread_is_shown_on_the_page():
    at = app(fail_at=50)
    at.button(key="fake.model.v1.play").click().run()
    wait_for(at, lambda a: any("Training stopped with an error" in e.value for e in a.error))
    assert any("RuntimeError: boom at step 50" in e.value for e in at.error)
    assert not at.session_state[keys.playing("fake.model.v1")] and not runner(at).alive
    assert not at.exception


def test_pause_stops_the_thread():
    at = app(total=100_000, step_s=0.002)
    at.button(key="fake.model.v1.play").click().run()
    wait_for(at, lambda a: trainer(a).steps_done > 0)
    at.button(key="fake.model.v1.play").click().run()  # pause
    assert not at.session_state[keys.playing("fake.model.v1")] and not runner(at).alive
    steps = trainer(at).steps_done
    time.sleep(0.2)
    assert trainer(at).steps_done == steps


def test_a_changed_setting_stops_the_old_thread_and_keeps_its_run():
    at = app(total=100_000, step_s=0.002)
    at.button(key="fake.model.v1.play").click().run()
    wait_for(at, lambda a: trainer(a).steps_done >= 50)
    old, old_runner = trainer(at), runner(at)
    at.session_state["lr"] = 0.2
    at.run()
    assert not old_runner.alive  # the replaced trainer no longer trains
    steps = old.steps_done
    time.sleep(0.2)
    assert old.steps_done == steps
    assert trainer(at) is not old and trainer(at).config.lr == 0.2
    assert any("Settings changed during training" in i.value and f"{steps:,} steps is kept" in i.value for i in at.info)
    assert at.session_state[keys.playing("fake.model.v1")]  # still playing, now the new settings
    at.session_state["lr"] = 0.1  # set it back: the run left behind is picked up again
    at.run()
    assert trainer(at) is old and old.steps_done >= steps


def test_a_longer_run_continues_where_it_was():
    at = app(total=100)
    at.button(key="fake.model.v1.step").click().run()
    at.button(key="fake.model.v1.step").click().run()
    at.session_state["total"] = 200
    at.run()
    assert trainer(at).config.total_steps == 200 and trainer(at).steps_done == 50
    assert not at.info  # nothing was lost, nothing to say


def test_reset_stops_the_thread_and_starts_from_zero():
    at = app(total=100_000, step_s=0.002)
    at.button(key="fake.model.v1.play").click().run()
    wait_for(at, lambda a: trainer(a).steps_done > 0)
    at.button(key="fake.model.v1.play").click().run()  # pause (Reset is disabled while playing)
    old_runner = runner(at)
    at.button(key="fake.model.v1.reset").click().run()
    assert trainer(at).steps_done == 0 and not old_runner.alive


class Slow:
    def __init__(self):
        self.config, self.steps_done = None, 0

    def step(self, n):
        time.sleep(0.002)
        self.steps_done += n


def test_the_thread_stops_when_nobody_draws_or_the_session_ends(monkeypatch):
    monkeypatch.setattr(live_runner, "IDLE_STOP_S", 0.3)
    r = live.Runner("slow", Slow(), save=False)
    r.total_steps, r.chunk = 10**9, 1
    r.start()
    time.sleep(1.0)
    assert not r.alive  # no redraw for 0.3 s: stopped
    monkeypatch.setattr(live_runner, "IDLE_STOP_S", 60)
    monkeypatch.setattr(live_runner, "_session_alive", lambda sid: False)
    r.start()
    time.sleep(0.5)
    assert not r.alive  # its session is gone: stopped


def test_the_lock_lets_a_waiting_redraw_in_between_chunks():
    r = live.Runner("slow", Slow(), save=False)
    r.total_steps, r.chunk = 10**9, 5
    r.start()
    try:
        waits = []
        for _ in range(10):
            start = time.perf_counter()
            with r.reading():
                waits.append(time.perf_counter() - start)
        assert max(waits) < 0.5  # a chunk takes about 10 ms: a redraw never starves behind the thread
    finally:
        r.stop()
    assert not r.alive and threading.active_count() >= 1


class Snapshotting(Slow):
    def snapshot(self):
        copy = Slow()
        copy.steps_done = self.steps_done
        return copy


@pytest.mark.parametrize("make, trains_while_drawing", [(Snapshotting, True), (Slow, False)])
def test_a_trainer_with_a_snapshot_trains_on_while_its_copy_is_drawn(make, trains_while_drawing):
    r = live.Runner("slow", make(), save=False)
    r.total_steps, r.chunk = 10**9, 1
    r.start()
    try:
        time.sleep(0.05)
        with r.reading() as drawn:
            before = r.trainer.steps_done
            time.sleep(0.3)  # a slow redraw
            after = r.trainer.steps_done
            assert (drawn is not r.trainer) == trains_while_drawing
            assert drawn.steps_done == before  # what is drawn holds still
    finally:
        r.stop()
    assert (after > before) == trains_while_drawing
    r.step(3)  # not training: drawn from the trainer itself, under the lock
    with r.reading() as drawn:
        assert drawn is r.trainer


class Exploding(Slow):
    """A network whose weights turn NaN at step 30, as a far too high learning rate does."""
    def __init__(self):
        super().__init__()
        self.model = torch.nn.Linear(2, 2)

    def step(self, n):
        super().step(n)
        if self.steps_done >= 30:
            with torch.no_grad():
                self.model.weight.fill_(float("nan"))


class OutOfMemory(Slow):
    def step(self, n):
        raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 20.00 GiB")


def test_a_nan_stops_training_with_an_explanation():
    r = live.Runner("boom", Exploding(), save=False)
    r.total_steps, r.chunk = 10**9, 10
    r.start()
    deadline = time.monotonic() + 10
    while r.alive and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not r.alive and r.trainer.steps_done == 30
    assert isinstance(r.error, live_runner.NonFiniteTraining) and "learning rate" in r.error_message
    r.step(10)  # a manual step says the same, with no traceback
    assert isinstance(r.error, live_runner.NonFiniteTraining)


def test_out_of_memory_is_said_in_words():
    r = live.Runner("oom", OutOfMemory(), save=False)
    r.total_steps, r.chunk = 100, 10
    r.step(10)
    assert "ran out of memory" in r.error_message and "Tried to allocate" not in r.error_message
    r.start()
    time.sleep(0.2)
    assert not r.alive and "ran out of memory" in r.error_message


@pytest.mark.parametrize("accessor", [keys.trainer, keys.playing, keys.fresh, keys.runner, keys.shelf, keys.notice])
def test_private_keys_never_look_like_a_page_setting(accessor):
    assert accessor("boundary").startswith("_") and accessor("boundary") != accessor("other")


def test_dev_server_watches_no_folders_by_default_and_uploads_are_small():
    """The file watcher watched the whole project (.venv, data) recursively; uploads defaulted to 200 MB."""
    import tomllib

    from core.paths import PROJECT_ROOT

    server = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())["server"]
    assert server["fileWatcherType"] == "none" and {".venv", "data"} <= set(server["folderWatchBlacklist"])
    assert 1 <= server["maxUploadSize"] <= 20
    script = (PROJECT_ROOT / "scripts" / "run_app.sh").read_text()
    assert 'DLCC_WATCH:-0}" = "1"' in script and "fileWatcherType poll" in script


def test_a_script_run_does_not_end_in_a_full_garbage_collection():
    """Streamlit ran gc.collect(2) after every script run, fragments included: with torch and Plotly loaded that
    holds Python's GIL for tens of milliseconds, 2-3 times a second while a panel redraws, and the training thread
    waited on it (the boundaries panel trained at 0.08 of the bare trainer's speed; 0.66 without it). AppTest's
    runner skips that step, so this checks the option the server's runner reads, and that it still reads it."""
    import inspect
    import tomllib

    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    from core.paths import PROJECT_ROOT

    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["postScriptGC"] is False
    finished = inspect.getsource(ScriptRunner._on_script_finished)
    assert 'get_option("runner.postScriptGC")' in finished and "gc.collect(2)" in finished


def test_no_page_writes_by_magic_and_magic_is_off():
    """Magic parses every page with Python's ast, which CPython 3.11 cannot do in two threads at once (the load test
    saw "AST constructor recursion depth mismatch"); it is off, so no page may rely on it: a bare expression that
    is not a call or a docstring (what magic would have passed to st.write) would silently show nothing."""
    import ast
    import tomllib

    from core.paths import PROJECT_ROOT

    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["magicEnabled"] is False
    scripts = [PROJECT_ROOT / "app.py", *sorted((PROJECT_ROOT / "pages").glob("*.py"))]
    written = []
    for path in scripts:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.body[0]) for n in ast.walk(tree) if isinstance(
            n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n.body}
        written += [f"{path.name}:{n.lineno}" for n in ast.walk(tree) if isinstance(n, ast.Expr)
                    and id(n) not in docstrings
                    and not isinstance(n.value, (ast.Call, ast.Yield, ast.YieldFrom, ast.Await))]
    assert len(scripts) > 10 and written == []


def test_figures_drawn_while_training_keep_to_a_store_of_their_own():
    from ui import figure_cache

    built = []

    def builder(x):
        built.append(x)
        return {"x": x}

    (wrapped,) = figure_cache.cached(builder)
    with figure_cache.live_figures():
        wrapped(1), wrapped(1)
    assert built == [1]  # a frame that stays the same while training is built once
    wrapped(1), wrapped(1)
    assert built == [1, 1]  # ... and was never put in the shared cache (nothing of every page's pushed out)
    with figure_cache.live_figures():
        wrapped(1)
    assert built == [1, 1]


def test_a_playing_panel_keeps_its_figures_apart_and_a_still_one_shares_them():
    at = app(total=100_000, step_s=0.002)
    assert at.session_state["live_figures"] is False  # a still model: its figures are worth keeping
    at.button(key="fake.model.v1.play").click().run()
    wait_for(at, lambda a: trainer(a).steps_done > 0 and a.session_state["live_figures"])
    at.button(key="fake.model.v1.play").click().run()  # pause
    assert at.session_state["live_figures"] is False


def test_a_page_holds_numpys_blas_to_its_threads():
    """OpenBLAS keeps one thread pool for the whole server: on a busy 2-core CPU its second thread waits for the
    core the browser holds (k-means' choose-k scan 57 ms with two, 24 with one). A page sets it to PAGE_THREADS."""
    import os

    from threadpoolctl import threadpool_info

    from tests.pages.apptest import open_page
    from ui.page import PAGE_THREADS

    if (os.cpu_count() or 1) <= PAGE_THREADS:
        pytest.skip("BLAS would use this many threads anyway: the limit cannot be seen here")
    open_page("pages/03_kmeans.py")
    blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert blas and all(lib["num_threads"] == PAGE_THREADS for lib in blas), blas

