"""Convolution: conv2d on a 1024x1024 RGB image with 64 3x3 filters (milliseconds, best of several, on the chosen
device and, for comparison, on the CPU), and the largest difference between what the grid view displays and
torch.nn.functional on the slides' 7x7 case over every padding / stride / transposed / pooling setting (must be 0)."""
from __future__ import annotations

import itertools
import time

import torch
import torch.nn.functional as F

from core.convolution.grid import MODES, GridConfig, max_view_error
from core.device import synchronize
from core.seeding import generator

NAME = "conv"
FILTERS = 64


def _best_ms(fn, device: torch.device, repeats: int) -> float:
    fn()  # warm-up: kernel selection and allocation are not the convolution
    synchronize(device)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        synchronize(device)
        best = min(best, time.perf_counter() - start)
    return best * 1000


@torch.no_grad()
def conv_ms(side: int, device: torch.device, repeats: int) -> float:
    g = generator(0)
    image = torch.rand(1, 3, side, side, generator=g).to(device)
    weights = torch.randn(FILTERS, 3, 3, 3, generator=g).to(device)
    return _best_ms(lambda: F.conv2d(image, weights, padding=1), device, repeats)


def grid_max_err(size: int = 7) -> tuple[float, int]:
    """Every setting the page offers on a size x size input; returns (largest error, settings checked)."""
    worst, checked = 0.0, 0
    for mode, p, s, k in itertools.product(MODES, range(3), range(1, 4), (2, 3)):
        config = GridConfig(size=size, mode=mode, padding=p, stride=s, pool=k)
        if config.problem() or (mode in ("conv", "transposed") and k == 3):
            continue
        worst, checked = max(worst, max_view_error(config)), checked + 1
    return worst, checked


def run(device: torch.device, quick: bool) -> dict:
    repeats = 1 if quick else 10  # quick: the same problem, timed once after the warm-up
    start = time.perf_counter()
    ms = conv_ms(1024, device, repeats)
    err, checked = grid_max_err()
    out = {"ms_conv_1024": round(ms, 3), "grid_max_err": err, "grid_settings": checked}
    if device.type != "cpu":
        out["ms_conv_1024_cpu"] = round(conv_ms(1024, torch.device("cpu"), max(1, repeats // 3)), 3)
    out["seconds"] = time.perf_counter() - start
    return out
