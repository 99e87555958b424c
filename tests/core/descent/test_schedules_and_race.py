"""Schedules against their closed forms; races: the winner, and momentum beating SGD in the narrow valley."""
import math

import numpy as np
import pytest

from core.descent.optimisers import OPTIMISERS, run_path
from core.descent.race import SUITED_LR, lr_sweep, race, winner
from core.descent.schedules import EXP_FINAL, INVERSE_TAU, SCHEDULES, STEP_GAMMA, STEP_PARTS, schedule_curve
from core.descent.surfaces import CURVES, SURFACES


def closed_form(name, lr, t, steps):
    if name == "constant":
        return lr
    if name == "step":
        return lr * STEP_GAMMA ** (t // (steps // STEP_PARTS))
    if name == "exponential":
        return lr * EXP_FINAL ** (t / steps)
    if name == "inverse":
        return lr / (1 + t / (INVERSE_TAU * steps))
    return lr * (1 + math.cos(math.pi * t / steps)) / 2


@pytest.mark.parametrize("name", list(SCHEDULES))
def test_schedule_matches_its_closed_form(name):
    steps, lr = 40, 0.3
    want = [closed_form(name, lr, t, steps) for t in range(steps)]
    np.testing.assert_allclose(schedule_curve(name, lr, steps), want, rtol=1e-9)
    path = run_path(SURFACES["bowl"], "sgd", lr, (1.0, 1.0), steps, schedule=name)  # the path uses the same rates
    np.testing.assert_allclose(path.lrs, want, rtol=1e-9)


def test_every_optimiser_races_and_the_fastest_wins():
    valley = SURFACES["valley"]
    paths = race(valley, list(OPTIMISERS), valley.start, 300)
    assert set(paths) == set(OPTIMISERS)
    assert all(p.lr == SUITED_LR["valley"][n] for n, p in paths.items())
    steps = {n: p.steps_to() for n, p in paths.items()}
    best, text = winner(paths)
    assert steps[best] == min(s for s in steps.values() if s is not None) and str(steps[best]) in text
    # one shared learning rate for the SGD family: momentum's win is not a bigger step in disguise
    assert steps["momentum"] < (steps["sgd"] or 10**9) and steps["nesterov"] < (steps["sgd"] or 10**9)


def test_winner_when_nobody_arrives_or_everyone_diverges():
    rosen = SURFACES["rosenbrock"]
    paths = race(rosen, ["sgd", "adam"], rosen.start, 20)
    best, text = winner(paths)
    assert best == min(paths, key=lambda n: paths[n].errors[-1]) and "None reached" in text
    blown = race(rosen, ["sgd", "momentum"], rosen.start, 50, scale=1000.0)
    assert all(p.diverged_at for p in blown.values()) and winner(blown) == (None, winner(blown)[1])
    assert "diverged" in winner(blown)[1]


def test_lr_sweep_on_the_bowl_goes_from_crawling_to_diverging():
    from core.descent.optimisers import behaviour

    sweep = lr_sweep(CURVES["bowl"], (-1.8,), 100)
    assert [behaviour(p) for p in sweep.values()] == ["crawling", "reached", "oscillating", "diverged"]
    assert list(sweep) == sorted(sweep)
