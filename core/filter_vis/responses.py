"""How strongly each channel of a layer responds at each place in a photo."""
from __future__ import annotations

import numpy as np
import torch

from core.imagenet.backbone import Backbone


@torch.no_grad()
def response_maps(backbone: Backbone, pixels: torch.Tensor, layer: str, channels: list[int]) -> np.ndarray:
    """(len(channels), h, w) activations of `layer` for one image (1, 3, H, W)."""
    acts = backbone.features(pixels, [layer])[layer][0]
    bad = [c for c in channels if not 0 <= c < acts.shape[0]]
    if bad:
        raise ValueError(f"{layer} has channels 0 to {acts.shape[0] - 1}, not {bad}")
    return acts[channels].float().cpu().numpy()


@torch.no_grad()
def strongest_channels(backbone: Backbone, pixels: torch.Tensor, layer: str, k: int = 16) -> list[int]:
    """The k channels with the largest mean response to this image: the ones worth showing first."""
    acts = backbone.features(pixels, [layer])[layer][0]
    return acts.flatten(1).mean(1).topk(min(k, acts.shape[0])).indices.tolist()
