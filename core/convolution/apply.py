"""A photo through a filter with torch.nn.functional.conv2d, and what the output's numbers span.

k // 2 rings of padding keep the output the size of the photo. The rings copy the photo's edge pixels
("replicate"), so a white background meeting the zeros of plain zero padding does not draw a false frame of
edges; the numeric grid view shows zero padding, as the slides do. The output is a single channel of real
numbers (the yellow finder's lie in 0..2, an edge filter's are signed); the page shows its range and draws it
stretched from its minimum (black) to its maximum (white), as the slides do ("scaled to 0=black, 1=white")."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from core.convolution.filters import Filter
from core.data.images import ImageProblem, read_image, resize_max_side

PHOTO_SIDE = 224  # the photo is shrunk to this longer side: every map stays small enough to send to the browser


def photo_tensor(pixels: np.ndarray, device: torch.device | str = "cpu") -> torch.Tensor:
    """(H, W, 3) floats in 0..1 -> (1, 3, H, W) float32."""
    arr = np.ascontiguousarray(np.asarray(pixels, dtype=np.float32).transpose(2, 0, 1))
    return torch.from_numpy(arr)[None].to(device)


@dataclass(frozen=True)
class FilterOutput:
    values: np.ndarray  # (H, W) float32, the raw filter response
    lo: float
    hi: float

    def stretched(self) -> np.ndarray:
        """0..1 from the minimum (black) to the maximum (white); all 0.5 when the output is flat."""
        if self.hi - self.lo < 1e-12:
            return np.full_like(self.values, 0.5)
        return (self.values - self.lo) / (self.hi - self.lo)


@torch.no_grad()
def apply_filters(pixels: np.ndarray, weights: np.ndarray, relu: bool = False,
                  device: torch.device | str = "cpu", padding_mode: str = "replicate") -> np.ndarray:
    """One conv2d with a stack of (C, 3, k, k) filters: (C, H, W) outputs, same size as the photo.
    padding_mode: "replicate" (the default, see above) or "zeros"."""
    w = torch.as_tensor(np.asarray(weights), dtype=torch.float32, device=device)
    if w.ndim != 4 or w.shape[1] != 3 or w.shape[2] != w.shape[3] or w.shape[2] % 2 == 0:
        raise ValueError("filters must be (C, 3, k, k) with an odd k")
    x, rings = photo_tensor(pixels, device), w.shape[-1] // 2
    if rings and padding_mode == "replicate":
        x = F.pad(x, (rings,) * 4, mode="replicate")
    elif rings and padding_mode != "zeros":
        raise ValueError(f"unknown padding mode {padding_mode!r}")
    out = F.conv2d(x, w, padding=rings if padding_mode == "zeros" else 0)
    if relu:
        out = F.relu(out)
    return out[0].cpu().numpy()


def apply_filter(pixels: np.ndarray, filt: Filter, relu: bool = False,
                 device: torch.device | str = "cpu") -> FilterOutput:
    values = apply_filters(pixels, filt.weights[None], relu, device)[0]
    return FilterOutput(values, float(values.min()), float(values.max()))


def photo_from_upload(data: bytes, max_side: int = PHOTO_SIDE) -> tuple[np.ndarray, list[str]]:
    """An uploaded file's bytes -> (H, W, 3) pixels at most `max_side` on the longer side, and notes on what was
    converted (grayscale, 16-bit, RGBA, ...). Raises ImageProblem with the message for the page (corrupt, empty,
    huge, not an image)."""
    loaded = read_image(data)
    pixels = resize_max_side(loaded.pixels, max_side)
    if min(pixels.shape[:2]) < 3:
        raise ImageProblem("The image is too thin once scaled down: it needs at least 3 pixels on its shorter side.")
    return pixels, list(loaded.notes)
