"""Several filters over one photo at once: one conv2d with C output channels gives a (C, H, W) stack of maps.

Filters of different sizes share one weight tensor: a smaller one is padded with zeros to the largest size
(the 1x1 yellow finder becomes a 3x3 filter with weights only in the centre), which changes nothing it computes."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.convolution.apply import apply_filters
from core.convolution.filters import Filter

MAX_CHANNELS = 8


def stack_weights(filters: list[Filter]) -> np.ndarray:
    """(C, 3, k, k) with k the largest filter size; each filter centred in its k x k."""
    if not filters:
        raise ValueError("choose at least one filter")
    if len(filters) > MAX_CHANNELS:
        raise ValueError(f"at most {MAX_CHANNELS} filters at once")
    k = max(f.size for f in filters)
    out = np.zeros((len(filters), 3, k, k))
    for c, f in enumerate(filters):
        o = (k - f.size) // 2
        out[c, :, o:o + f.size, o:o + f.size] = f.weights
    return out


@dataclass(frozen=True)
class ChannelStack:
    names: tuple[str, ...]
    maps: np.ndarray  # (C, H, W) raw responses
    ranges: tuple[tuple[float, float], ...]  # (min, max) per channel


def channel_stack(pixels: np.ndarray, filters: list[Filter], relu: bool = False,
                  device: torch.device | str = "cpu") -> ChannelStack:
    maps = apply_filters(pixels, stack_weights(filters), relu, device)
    ranges = tuple((float(m.min()), float(m.max())) for m in maps)
    return ChannelStack(tuple(f.name for f in filters), maps, ranges)
