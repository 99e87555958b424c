"""Image quality in numbers: mean squared error and PSNR (peak signal-to-noise ratio, in dB)."""
from __future__ import annotations

import math

import numpy as np
import torch


def mse(a, b) -> float:
    a, b = (t.detach().cpu().double().numpy() if isinstance(t, torch.Tensor) else np.asarray(t, float) for t in (a, b))
    return float(np.mean((a - b) ** 2))


def psnr(clean, test, data_range: float = 1.0) -> float:
    """10 log10(range^2 / MSE): +6 dB per halving of the error; infinite for identical images."""
    err = mse(clean, test)
    return math.inf if err == 0 else 10 * math.log10(data_range ** 2 / err)


def add_noise(images: torch.Tensor, level: float, generator: torch.Generator) -> torch.Tensor:
    """Gaussian noise of standard deviation `level` (a tensor of one per image, or one number), clipped to [0, 1]."""
    level = torch.as_tensor(level, dtype=images.dtype).to(images.device)
    if level.ndim == 1:
        level = level.view(-1, *([1] * (images.ndim - 1)))
    noise = torch.randn(images.shape, generator=generator).to(images.device)
    return (images + level * noise).clamp(0, 1)
