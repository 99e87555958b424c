"""The training queue: at most `slots` trainings at once, first come first served, turns while others wait, and the
page says "Queued, N ahead"."""
from __future__ import annotations

import threading
import time

from tests.pages.test_live import app, runner, trainer, wait_for
from ui import live, training_queue
from ui import session_keys as keys
from ui.training_queue import TrainingQueue


def test_first_come_first_served_within_the_slots():
    q = TrainingQueue(2, quantum_s=60)
    for who in "abcd":
        q.join(who)
    assert [q.wait_turn(w, 0) for w in "abcd"] == [True, True, False, False]
    assert (q.ahead("a"), q.ahead("c"), q.ahead("d")) == (None, 0, 1)
    assert q.counts() == (2, 2)
    q.join("c")  # joining again keeps its place
    assert q.ahead("c") == 0 and q.counts() == (2, 2)
    q.leave("a")
    assert q.wait_turn("c", 0) and q.ahead("d") == 0
    q.leave("d")  # leaving the line (paused while waiting)
    assert q.counts() == (2, 0) and q.ahead("d") is None


def test_turns_only_when_others_wait_and_the_quantum_is_used():
    q = TrainingQueue(1, quantum_s=0.05)
    q.join("a")
    assert q.wait_turn("a", 0)
    time.sleep(0.06)
    assert not q.turn_over("a")  # alone: keeps training
    q.join("b")
    q2 = TrainingQueue(1, quantum_s=60)
    q2.join("a"), q2.join("b")
    assert q2.wait_turn("a", 0) and not q2.turn_over("a")  # within its quantum
    assert q.turn_over("a")  # others wait and the quantum is used: back of the line
    assert q.wait_turn("b", 0) and not q.wait_turn("a", 0) and q.ahead("a") == 0


def test_a_waiter_is_woken_when_a_place_frees():
    q = TrainingQueue(1)
    q.join("a"), q.join("b")
    assert q.wait_turn("a", 0)
    got = []
    t = threading.Thread(target=lambda: got.append(q.wait_turn("b", 5.0)))
    t.start()
    time.sleep(0.05)
    start = time.monotonic()
    q.leave("a")
    t.join(5)
    assert got == [True] and time.monotonic() - start < 1.0


class Counting:
    """A trainer that notes how many trainers step at once (across instances)."""
    inside = 0
    most = 0
    guard = threading.Lock()

    def __init__(self):
        self.config, self.steps_done = None, 0

    def step(self, n):
        with Counting.guard:
            Counting.inside += 1
            Counting.most = max(Counting.most, Counting.inside)
        time.sleep(0.003)
        with Counting.guard:
            Counting.inside -= 1
        self.steps_done += n


def test_runners_share_one_slot_in_turns(monkeypatch):
    monkeypatch.setattr(training_queue, "_QUEUE", TrainingQueue(1, quantum_s=0.1))
    Counting.most = 0
    runners = [live.Runner(f"r{i}", Counting(), save=False) for i in range(3)]
    for r in runners:
        r.total_steps, r.chunk = 10**9, 1
        r.start()
    seen_queued = set()
    end = time.monotonic() + 1.5
    while time.monotonic() < end:
        for i, r in enumerate(runners):
            r.last_draw = time.monotonic()  # the pages keep drawing
            if r.queued_ahead is not None:
                seen_queued.add(i)
        time.sleep(0.01)
    for r in runners:
        r.stop()
    assert Counting.most == 1  # never two at once
    assert all(r.trainer.steps_done > 0 for r in runners)  # and every one trained: turns
    assert len(seen_queued) == 3  # each waited in line at some point
    assert training_queue._QUEUE.counts() == (0, 0)  # stopped runners leave the queue


def test_the_page_says_queued_and_how_many_are_ahead(monkeypatch):
    q = TrainingQueue(1)
    monkeypatch.setattr(training_queue, "_QUEUE", q)
    q.join("another visitor"), q.join("a second one")
    assert q.wait_turn("another visitor", 0)
    at = app(total=400)
    at.button(key="fake.model.v1.play").click().run()
    notes = [i.value for i in at.info]
    assert any(n.startswith("Queued, 1 ahead of you.") for n in notes), notes
    assert trainer(at).steps_done == 0
    q.leave("another visitor"), q.leave("a second one")  # they finish: this one trains to the end
    wait_for(at, lambda a: trainer(a).steps_done >= 400 and not a.session_state[keys.playing("fake.model.v1")])
    assert not any(i.value.startswith("Queued") for i in at.info)
    assert not runner(at).alive and q.counts() == (0, 0)


def test_leaving_a_page_pauses_its_training_and_coming_back_carries_on():
    from core.boundaries.trainer import CHECKPOINT_NAME
    from tests.pages.apptest import open_page

    at = open_page("pages/02_boundaries.py", {"steps": "100000"})
    at.button(key=f"{CHECKPOINT_NAME}.play").click().run()
    r = at.session_state[keys.runner(CHECKPOINT_NAME)]
    assert r.alive
    at.switch_page("pages/01_neurons.py").run()
    assert not r.alive  # another page: the thread stopped, its place in the queue freed
    assert training_queue._QUEUE.counts() == (0, 0)
    assert at.session_state[keys.playing(CHECKPOINT_NAME)]  # still meant to play
    at.switch_page("pages/02_boundaries.py").run()
    assert at.session_state[keys.runner(CHECKPOINT_NAME)].alive  # back: training carries on
    at.session_state[keys.runner(CHECKPOINT_NAME)].stop()


def test_a_panel_waiting_in_line_redraws_seldom(monkeypatch):
    from ui import live_runner

    q = TrainingQueue(1)
    monkeypatch.setattr(training_queue, "_QUEUE", q)
    q.join("another visitor")
    assert q.wait_turn("another visitor", 0)
    r = live.Runner("slow", Counting(), save=False)
    r.total_steps, r.chunk = 10**9, 1
    r.start()
    r.last_draw = time.monotonic()
    start = time.monotonic()
    r.pace()
    assert time.monotonic() - start >= 0.9 * live_runner.QUEUED_REDRAW_S  # in line: waits before redrawing
    q.leave("another visitor")
    assert q.wait_turn(r, 2.0) or r.queued_ahead is None
    r.draw_cost, r.last_draw = 0.001, time.monotonic()
    start = time.monotonic()
    r.pace()
    assert time.monotonic() - start < 0.5  # training: paced by the redraw's own cost only
    r.stop()
