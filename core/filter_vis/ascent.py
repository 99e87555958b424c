"""The image a channel wants to see: start from faint noise and change the pixels to drive the channel's mean
response up (Erhan et al. 2009; Olah et al. 2017). Each step the image is shifted by a random jitter (so the
result does not exploit exact pixel positions) and, now and then, blurred a little (so high-frequency noise does
not win). Several channels are grown at once as one batch, one image per channel."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import torch
import torchvision.transforms.v2.functional as TF

from core.imagenet.backbone import Backbone
from core.seeding import generator


@dataclass(frozen=True)
class AscentConfig:
    layer: str = "block6"
    channels: tuple[int, ...] = (0,)
    size: int = 128  # pixels per side; 224 on a GPU
    steps: int = 40
    learning_rate: float = 0.05
    jitter: int = 8  # largest shift in pixels
    blur_every: int = 4  # steps between blurs (0: never)
    blur_sigma: float = 0.6
    seed: int = 0

    def __post_init__(self):
        if not self.channels:
            raise ValueError("pick at least one channel")
        if not 32 <= self.size <= 512:
            raise ValueError("size must be 32 to 512 pixels")
        if not 1 <= self.steps <= 2000:
            raise ValueError("steps must be 1 to 2000")
        if self.learning_rate <= 0 or self.jitter < 0 or self.blur_every < 0 or self.blur_sigma <= 0:
            raise ValueError("learning rate and blur must be positive, jitter and blur interval not negative")


def channel_objective(backbone: Backbone, images: torch.Tensor, layer: str, channels: list[int]) -> torch.Tensor:
    """Mean response of channel channels[i] in image i, for every i (shape (N,))."""
    acts = backbone.features(images, [layer])[layer]
    index = torch.tensor(channels, device=acts.device)
    return acts[torch.arange(len(channels), device=acts.device), index].flatten(1).mean(1)


def ascend(backbone: Backbone, cfg: AscentConfig) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """Yields (steps done, images (N, S, S, 3) in [0, 1], objective per channel) after every step."""
    channels = list(cfg.channels)
    depth = backbone.channels(cfg.layer)
    if max(channels) >= depth or min(channels) < 0:
        raise ValueError(f"{cfg.layer} has channels 0 to {depth - 1}")
    g = generator(cfg.seed)
    noise = torch.randn(len(channels), 3, cfg.size, cfg.size, generator=g) * 0.02
    images = (0.5 + noise).clamp(0, 1).to(backbone.device)
    for step in range(1, cfg.steps + 1):
        dx, dy = (int(v) for v in torch.randint(-cfg.jitter, cfg.jitter + 1, (2,), generator=g))
        shifted = torch.roll(images, shifts=(dy, dx), dims=(2, 3)).requires_grad_(True)
        with torch.enable_grad():
            objective = channel_objective(backbone, shifted, cfg.layer, channels)
            (grad,) = torch.autograd.grad(objective.sum(), shifted)
        # Normalise each image's gradient so every channel climbs at the same pace, whatever its scale.
        grad = grad / (grad.abs().flatten(1).mean(1).view(-1, 1, 1, 1) + 1e-8)
        images = torch.roll(shifted.detach() + cfg.learning_rate * grad, shifts=(-dy, -dx), dims=(2, 3))
        if cfg.blur_every and step % cfg.blur_every == 0:
            images = TF.gaussian_blur(images, kernel_size=[3, 3], sigma=[cfg.blur_sigma, cfg.blur_sigma])
        images = images.clamp(0, 1)
        yield step, images.permute(0, 2, 3, 1).cpu().numpy(), objective.detach().cpu().numpy()


def grow(backbone: Backbone, cfg: AscentConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run every step; (final images, objective at the start, objective at the end)."""
    first = last = final = None
    for step, frame, objective in ascend(backbone, cfg):
        if step == 1:
            first = objective
        final, last = frame, objective
    return final, first, last
