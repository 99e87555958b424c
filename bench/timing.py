"""Timing helpers shared by the benchmark tasks: the best of a few runs, and a trainer's seconds per step, with
the device synchronised around each measurement (CUDA kernels run asynchronously)."""
from __future__ import annotations

import time

import torch

from core.device import synchronize


def best_time(fn, device: torch.device | None = None, repeats: int = 3) -> tuple[float, object]:
    """(fastest of `repeats` runs of fn(), in seconds; fn's last result)."""
    best, out = float("inf"), None
    for _ in range(repeats):
        if device is not None:
            synchronize(device)
        start = time.perf_counter()
        out = fn()
        if device is not None:
            synchronize(device)
        best = min(best, time.perf_counter() - start)
    return best, out


def timed_steps(trainer, steps: int, device: torch.device) -> float:
    """Seconds per step over `steps` steps, after one warm-up step."""
    trainer.step(1)
    synchronize(device)
    start = time.perf_counter()
    trainer.step(steps)
    synchronize(device)
    return (time.perf_counter() - start) / max(1, steps)
