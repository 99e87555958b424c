"""Gram matrices and the three losses of style transfer.

Each loss is relative (divided by the size of its target), so the same weights work for every backbone, whose
activations differ in scale by orders of magnitude: a content loss of 0.1 means the responses are off by about a
tenth of their own size, whatever the network."""
from __future__ import annotations

import torch


def gram_matrix(features: torch.Tensor) -> torch.Tensor:
    """(N, C, H, W) → (N, C, C): how strongly each pair of channels fires in the same places, per position."""
    n, c, h, w = features.shape
    flat = features.reshape(n, c, h * w)
    return flat @ flat.transpose(1, 2) / (h * w)


def relative_error(value: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    return (value - target).pow(2).sum() / (target.pow(2).sum() + 1e-12)


def content_loss(features: dict[str, torch.Tensor], targets: dict[str, torch.Tensor]) -> torch.Tensor:
    return sum(relative_error(features[k], t) for k, t in targets.items()) / len(targets)


def style_loss(features: dict[str, torch.Tensor], gram_targets: dict[str, torch.Tensor]) -> torch.Tensor:
    return sum(relative_error(gram_matrix(features[k]), g) for k, g in gram_targets.items()) / len(gram_targets)


def total_variation(image: torch.Tensor) -> torch.Tensor:
    """Mean squared difference between neighbouring pixels: small for smooth pictures, large for noise."""
    down = (image[..., 1:, :] - image[..., :-1, :]).pow(2).mean()
    across = (image[..., :, 1:] - image[..., :, :-1]).pow(2).mean()
    return down + across
