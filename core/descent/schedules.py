"""Learning-rate decay schedules, from torch.optim.lr_scheduler: big steps first, smaller ones later."""
from __future__ import annotations

import warnings

import torch

SCHEDULES = {"constant": "constant", "step": "step (halve every quarter)", "exponential": "exponential",
             "inverse": "1/t", "cosine": "cosine"}
STEP_GAMMA = 0.5  # step schedule: multiply by this ...
STEP_PARTS = 4  # ... at each quarter of the run
EXP_FINAL = 0.01  # exponential schedule: the rate ends at this fraction of where it began
INVERSE_TAU = 0.05  # 1/t schedule: lr_t = lr_0 / (1 + t / (INVERSE_TAU * steps))


def make_scheduler(name: str, optimiser: torch.optim.Optimizer, steps: int):
    """The scheduler for `name` over a run of `steps` steps (call .step() after each optimiser step)."""
    steps = max(1, int(steps))
    sched = torch.optim.lr_scheduler
    if name == "constant":
        return sched.LambdaLR(optimiser, lambda t: 1.0)
    if name == "step":
        return sched.StepLR(optimiser, step_size=max(1, steps // STEP_PARTS), gamma=STEP_GAMMA)
    if name == "exponential":
        return sched.ExponentialLR(optimiser, gamma=EXP_FINAL ** (1.0 / steps))
    if name == "inverse":
        tau = max(1e-9, INVERSE_TAU * steps)
        return sched.LambdaLR(optimiser, lambda t: 1.0 / (1.0 + t / tau))
    if name == "cosine":
        return sched.CosineAnnealingLR(optimiser, T_max=steps)
    raise ValueError(f"unknown schedule {name!r}; known: {', '.join(SCHEDULES)}")


def schedule_curve(name: str, lr: float, steps: int) -> list[float]:
    """The learning rate used at each of `steps` steps, read from the scheduler itself."""
    param = torch.zeros(1, requires_grad=True)
    optimiser = torch.optim.SGD([param], lr=lr)
    scheduler = make_scheduler(name, optimiser, steps)
    out = []
    with warnings.catch_warnings():  # no optimiser steps are taken: only the rates are wanted
        warnings.filterwarnings("ignore", message="Detected call of `lr_scheduler.step\\(\\)` before")
        for _ in range(steps):
            out.append(optimiser.param_groups[0]["lr"])
            scheduler.step()
    return out
