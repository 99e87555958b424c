"""Resizing (N, C, H, W) pixel tensors, shared by dreaming and style transfer."""
from __future__ import annotations

import torch
import torch.nn.functional as F


def fit_longer_side(shape: tuple[int, int], size: int) -> tuple[int, int]:
    """(height, width) with the longer side equal to `size`, the aspect ratio kept."""
    h, w = shape
    scale = size / max(h, w)
    return max(8, round(h * scale)), max(8, round(w * scale))


def resize(x: torch.Tensor, shape: tuple[int, int]) -> torch.Tensor:
    if tuple(x.shape[-2:]) == tuple(shape):
        return x
    return F.interpolate(x, size=shape, mode="bilinear", align_corners=False, antialias=True)
