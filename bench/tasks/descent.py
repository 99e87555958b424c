"""Gradient descent: steps each optimiser needs to reach error <= 1e-3 on the narrow valley and on Rosenbrock from a
fixed start (or "never" within 10,000), and the seconds to map a trained network's loss landscape on a 51x51 grid.

Learning rates (core.descent.race.SUITED_LR): on the valley the SGD family shares eta = 0.3, the largest of
1e-4 ... 3 (steps of ~3x) at which plain SGD neither oscillates nor diverges there, so momentum's win is not a
bigger step; Adam and RMSprop 0.1. On Rosenbrock the SGD family 1e-3 (3e-3 diverges), Adam 0.1, RMSprop 1e-3."""
from __future__ import annotations

import time

import torch

NAME = "descent"
TARGET = 1e-3
MAX_STEPS = 10_000


def run(device: torch.device, quick: bool) -> dict:
    from core.descent.landscape_trainer import LandscapeConfig, NetworkLandscape
    from core.descent.optimisers import OPTIMISERS, run_path
    from core.descent.race import SUITED_LR
    from core.descent.surfaces import SURFACES
    from core.device import synchronize

    metrics: dict = {}
    max_steps = 2_000 if quick else MAX_STEPS
    for surface in ("valley", "rosenbrock"):
        s = SURFACES[surface]
        for name in OPTIMISERS:
            path = run_path(s, name, SUITED_LR[surface][name], s.start, max_steps, stop_at=TARGET)
            reached = path.steps_to(TARGET)
            metrics[f"steps_{name}_{surface}"] = reached if reached is not None else "never"
    # The landscape: the page's wide network, trained briefly (its weights do not change the cost), then timed.
    config = LandscapeConfig(total_steps=50 if quick else 200, resolution=51)
    net = NetworkLandscape(config, "wide", device)
    net.step(config.total_steps - 1)  # stop one short: step() would map the landscape itself
    net.compute()  # warm-up: the first vmap call traces
    synchronize(device)
    start = time.perf_counter()
    surface = net.compute()
    synchronize(device)
    metrics["landscape_seconds"] = round(time.perf_counter() - start, 3)
    metrics["landscape_params"] = net.n_params
    metrics["landscape_points"] = int(surface["loss"].numel())
    return metrics
