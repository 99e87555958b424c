"""Paths of torch.optim optimisers on a curve or surface: the weights after each step and the error there.

A run stops as soon as it diverges (a weight or the error no longer finite, or far outside the plotted area),
and says at which step, so no NaN or infinity ever reaches a chart."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from core.descent.schedules import make_scheduler
from core.descent.surfaces import Surface

OPTIMISERS = {"sgd": "SGD", "momentum": "SGD + momentum", "nesterov": "Nesterov", "adam": "Adam",
              "rmsprop": "RMSprop"}
MOMENTUM = 0.9
DIVERGE_FACTOR = 50.0  # a weight this many plot-widths from the plot has left for good
DIVERGE_ERROR = 1e8
TARGET_ERROR = 1e-3


def make_optimiser(name: str, params, lr: float) -> torch.optim.Optimizer:
    # foreach=False: the single-tensor update torch picks on a CPU anyway, without re-deciding it at every step
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, foreach=False)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=MOMENTUM, foreach=False)
    if name == "nesterov":
        return torch.optim.SGD(params, lr=lr, momentum=MOMENTUM, nesterov=True, foreach=False)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, foreach=False)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, foreach=False)
    raise ValueError(f"unknown optimiser {name!r}; known: {', '.join(OPTIMISERS)}")


@dataclass
class Path:
    optimiser: str
    lr: float
    points: np.ndarray  # (n + 1, dim): the start, then the weights after each step taken
    errors: np.ndarray  # (n + 1,): f - f_min at each point, all finite
    lrs: np.ndarray  # (n,): the learning rate used at each step
    diverged_at: int | None  # the step that left (its point is not kept), or None

    @property
    def steps(self) -> int:
        return len(self.points) - 1

    def steps_to(self, target: float = TARGET_ERROR) -> int | None:
        """The first step whose error is <= target (0 = the start already is), or None."""
        hit = np.flatnonzero(self.errors <= target)
        return int(hit[0]) if len(hit) else None


def _escape_bound(surface: Surface) -> float:
    spans = [surface.extent[2 * i + 1] - surface.extent[2 * i] for i in range(surface.dim)]
    return DIVERGE_FACTOR * max(spans) + max(abs(e) for e in surface.extent)


def _escaped(surface: Surface, w: torch.Tensor, error: float, bound: float | None = None) -> bool:
    values = w.tolist()  # a weight or two: Python floats are quicker to check than tensor ops
    if not (math.isfinite(error) and all(math.isfinite(v) for v in values)) or abs(error) > DIVERGE_ERROR:
        return True
    return max(abs(v) for v in values) > (_escape_bound(surface) if bound is None else bound)


def run_path(surface: Surface, optimiser: str, lr: float, start, steps: int, schedule: str = "constant",
             stop_at: float | None = None) -> Path:
    """`steps` steps of `optimiser` from `start` (stopping early on divergence, or at error <= stop_at)."""
    w = torch.tensor([float(v) for v in start], dtype=torch.float64, requires_grad=True)
    opt = make_optimiser(optimiser, [w], lr)
    scheduler = make_scheduler(schedule, opt, steps) if schedule != "constant" else None
    bound = _escape_bound(surface)
    points, errors, lrs = [w.tolist()], [], []
    diverged_at = None
    for t in range(1, steps + 2):  # one forward per step: its value is the error where the last step landed
        opt.zero_grad(set_to_none=True)
        value = surface.fn(w)
        error = value.item() - surface.f_min
        if t > 1 and _escaped(surface, w.detach(), error, bound):
            diverged_at = t - 1
            points.pop()
            lrs.pop()
            break
        errors.append(error)
        if t > steps or (stop_at is not None and error <= stop_at):
            break
        value.backward()
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        if scheduler is not None:
            scheduler.step()
        points.append(w.tolist())
    return Path(optimiser, lr, np.array(points, dtype=np.float64), np.array(errors), np.array(lrs, dtype=float),
                diverged_at)


def behaviour(path: Path, target: float = TARGET_ERROR) -> str:
    """A word for what a run did: diverged, oscillating (most steps jump back across), reached, stopped (zero
    slope short of the lowest point) or crawling."""
    if path.diverged_at is not None:
        return "diverged"
    moves = np.diff(path.points, axis=0)
    if len(moves) > 2 and (np.sum(moves[1:] * moves[:-1], axis=1) < 0).mean() > 0.5:
        return "oscillating"
    if path.steps_to(target) is not None:
        return "reached"
    if len(moves) and np.abs(moves[-1]).max() < 1e-6:
        return "stopped"
    return "crawling"
