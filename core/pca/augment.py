"""Six photos are not a training set; small random rotations, flips, shifts and scales make thousands of similar
but different ones (the seed's huskies). Then grayscale, small and normalised, ready for PCA.

The transforms are torchvision.transforms.v2's functional ops with their parameters drawn from a local generator:
the v2 transform classes draw from torch's global generator, which every session thread shares."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from torchvision.transforms.v2 import functional as TF

SIZES = (32, 48, 64)
MAX_IMAGES = 5000


@dataclass(frozen=True)
class AugmentConfig:
    n_images: int = 1000
    size: int = 48  # pixels per side of each small grayscale image
    rotation: float = 10.0  # degrees, either way
    shift: float = 0.08  # fraction of the side, either way
    scale: float = 0.1  # zoom between 1 - scale and 1 + scale
    flip: bool = True  # mirror left-right half the time
    seed: int = 0

    def __post_init__(self):
        if not 2 <= self.n_images <= MAX_IMAGES or not 8 <= self.size <= 128:
            raise ValueError(f"n_images must be 2 to {MAX_IMAGES} and size 8 to 128")
        if not 0 <= self.rotation <= 45 or not 0 <= self.shift <= 0.3 or not 0 <= self.scale <= 0.5:
            raise ValueError("rotation must be 0 to 45 degrees, shift 0 to 0.3, scale 0 to 0.5")


def to_small_gray(pixels: np.ndarray, size: int) -> torch.Tensor:
    """An RGB photo (H, W, 3) in [0, 1] as a (1, size', size') grayscale square, a little larger than `size` so
    that shifts and rotations bring in real picture, not empty corners: centre-cropped, then resized."""
    image = torch.as_tensor(np.ascontiguousarray(pixels), dtype=torch.float32).permute(2, 0, 1)
    gray = TF.rgb_to_grayscale(image)
    side = min(gray.shape[-2:])
    gray = TF.center_crop(gray, [side, side])
    return TF.resize(gray, [math.ceil(size * 1.25)] * 2, antialias=True)


def augment(bases: list[torch.Tensor], cfg: AugmentConfig) -> torch.Tensor:
    """cfg.n_images small images (n, size, size): image i is base i mod len(bases) (so every base appears, in
    turn), rotated, shifted, scaled and maybe flipped at random, then centre-cropped to cfg.size."""
    if not bases:
        raise ValueError("no photos to augment")
    g = torch.Generator().manual_seed(cfg.seed)
    u = torch.rand(cfg.n_images, 5, generator=g, dtype=torch.float64) * 2 - 1  # five draws in [-1, 1] per image
    out = torch.empty(cfg.n_images, cfg.size, cfg.size)
    for i in range(cfg.n_images):
        base = bases[i % len(bases)]
        side = base.shape[-1]
        angle, dx, dy, zoom, flip = u[i].tolist()
        image = TF.affine(base, angle=angle * cfg.rotation, translate=[dx * cfg.shift * side, dy * cfg.shift * side],
                          scale=1.0 + zoom * cfg.scale, shear=[0.0, 0.0],
                          interpolation=TF.InterpolationMode.BILINEAR, fill=[float(base.mean())])
        if i >= len(bases) and cfg.flip and flip > 0:  # the first pass shows each photo as it is
            image = TF.horizontal_flip(image)
        out[i] = TF.center_crop(image, [cfg.size, cfg.size])[0]
    return out


def originals(bases: list[torch.Tensor], size: int) -> torch.Tensor:
    """The photos themselves at the augmented images' size (n_bases, size, size)."""
    return torch.stack([TF.center_crop(b, [size, size])[0] for b in bases])


def normalise(images: torch.Tensor) -> torch.Tensor:
    """Each image to mean 0 and standard deviation 1: brightness and contrast no longer tell images apart."""
    flat = images.reshape(len(images), -1)
    std = flat.std(1, keepdim=True).clamp_min(1e-6)
    return ((flat - flat.mean(1, keepdim=True)) / std).reshape(images.shape)
