"""Several optimisers on one surface from one start, and the same optimiser at several learning rates."""
from __future__ import annotations

import numpy as np
import torch

from core.descent.optimisers import OPTIMISERS, TARGET_ERROR, Path, run_path
from core.descent.surfaces import Surface

# Learning rates that suit each optimiser on each surface (found by a sweep over 1e-4 ... 3 in steps of ~3x, see
# bench/tasks/descent.py): the SGD family shares one rate, the largest at which plain SGD neither oscillates nor
# diverges from the default start, so momentum's gain is not a bigger step in disguise.
SGD_FAMILY = ("sgd", "momentum", "nesterov")
SUITED_LR = {
    "bowl": dict(sgd=0.3, momentum=0.3, nesterov=0.3, adam=0.1, rmsprop=0.1),
    "valley": dict(sgd=0.3, momentum=0.3, nesterov=0.3, adam=0.1, rmsprop=0.1),
    "saddle": dict(sgd=0.1, momentum=0.1, nesterov=0.1, adam=0.1, rmsprop=0.1),
    "several_minima": dict(sgd=0.3, momentum=0.3, nesterov=0.3, adam=0.1, rmsprop=0.1),
    "rosenbrock": dict(sgd=1e-3, momentum=1e-3, nesterov=1e-3, adam=0.1, rmsprop=1e-3),
}


def race(surface: Surface, optimisers, start, steps: int, scale: float = 1.0,
         schedule: str = "constant") -> dict[str, Path]:
    """Each optimiser at its suited learning rate (times `scale`) from the same start."""
    lrs = SUITED_LR.get(surface.name, {})
    return {name: run_path(surface, name, lrs.get(name, 0.1) * scale, start, steps, schedule)
            for name in optimisers}


def winner(paths: dict[str, Path], target: float = TARGET_ERROR) -> tuple[str | None, str]:
    """The optimiser that first reaches error <= target (else the lowest final error), and a sentence saying so."""
    reached = {n: p.steps_to(target) for n, p in paths.items() if p.steps_to(target) is not None}
    if reached:
        best = min(reached, key=lambda n: (reached[n], n))
        return best, f"{OPTIMISERS[best]} wins: error ≤ {target:g} after {reached[best]} steps."
    alive = {n: p for n, p in paths.items() if p.diverged_at is None}
    if not alive:
        return None, "Every optimiser diverged: the learning rates are too big."
    best = min(alive, key=lambda n: (alive[n].errors[-1], n))
    return best, (f"None reached error ≤ {target:g}; {OPTIMISERS[best]} got lowest "
                  f"(error {alive[best].errors[-1]:.3g} after {alive[best].steps} steps).")


def curvature_at_minimum(curve: Surface) -> float:
    """f'' at the lowest point of a 1-D curve (on a dense grid), by autograd."""
    xs = torch.linspace(curve.extent[0], curve.extent[1], 4001, dtype=torch.float64)
    x = xs[curve.fn(xs[:, None]).argmin()].clone().reshape(1).requires_grad_(True)
    (g,) = torch.autograd.grad(curve.fn(x), x, create_graph=True)
    (h,) = torch.autograd.grad(g.sum(), x)
    return float(h)


SWEEP_FACTORS = (0.005, 0.25, 0.97, 1.1)  # times 2/f'': crawl, good, oscillate, diverge (for a parabola)


def lr_sweep(curve: Surface, start, steps: int, optimiser: str = "sgd") -> dict[float, Path]:
    """Plain gradient descent at learning rates from tiny to too big, scaled by the curve's own curvature
    (on a parabola, lr = 2/f'' is the edge between oscillating and diverging)."""
    edge = 2.0 / max(curvature_at_minimum(curve), 1e-6)
    lrs = [float(np.format_float_positional(f * edge, precision=2, fractional=False)) for f in SWEEP_FACTORS]
    return {lr: run_path(curve, optimiser, lr, start, steps) for lr in lrs}
