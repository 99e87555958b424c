"""Shared by the dream and style benchmarks: time a trainer's steps on the device."""
from __future__ import annotations

import time

import torch

from core.device import synchronize


def timed_steps(trainer, steps: int, device: torch.device) -> float:
    """Seconds per step over `steps` steps, after one warm-up step."""
    trainer.step(1)
    synchronize(device)
    start = time.perf_counter()
    trainer.step(steps)
    synchronize(device)
    return (time.perf_counter() - start) / max(1, steps)
