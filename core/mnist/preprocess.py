"""A digit drawn on a canvas, made to look like an MNIST digit, as MNIST itself was made (LeCun et al.):
crop to the ink, scale the longer side to 20 pixels keeping the aspect ratio (anti-aliased, so grey edges),
then place it in a 28x28 field so that its centre of mass sits at the centre."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

FIELD, BOX = 28, 20
INK = 0.1  # ink below this (of full black) counts as paper when cropping
MIN_INK_PIXELS = 4  # fewer inked canvas pixels than this is an empty canvas, not a digit


@dataclass
class Prepared:
    """Every stage, for the page to show: the canvas ink, the crop, the 20-pixel box, the 28x28 field."""
    ink: np.ndarray  # (H, W) in [0, 1], 1 = black ink
    box: tuple[int, int, int, int]  # top, bottom, left, right (exclusive) of the ink on the canvas
    cropped: np.ndarray
    scaled: np.ndarray  # longer side BOX
    image: np.ndarray  # (FIELD, FIELD) float32 in [0, 1]: what the model sees
    centre_of_mass: tuple[float, float]  # (row, col) in `image`


def ink_of(pixels: np.ndarray) -> np.ndarray:
    """Ink in [0, 1] from a canvas: RGBA/RGB/grey uint8 (dark strokes on light or transparent paper) or floats
    already in [0, 1] as ink. A transparent pixel is paper, whatever its colour."""
    a = np.asarray(pixels)
    if a.dtype != np.uint8:
        return np.clip(a.astype(np.float32), 0, 1)
    a = a.astype(np.float32) / 255.0
    if a.ndim == 2:
        return 1.0 - a
    darkness = 1.0 - a[..., :3].mean(-1)
    return darkness * a[..., 3] if a.shape[-1] == 4 else darkness


def centre_of_mass(image: np.ndarray) -> tuple[float, float]:
    total = image.sum()
    rows, cols = np.indices(image.shape)
    return float((rows * image).sum() / total), float((cols * image).sum() / total)


def prepare_drawing(pixels: np.ndarray) -> Prepared | None:
    """The MNIST-style 28x28 image of a drawing, with its intermediate stages; None for an empty canvas."""
    ink = ink_of(pixels)
    inked = ink > INK
    if inked.sum() < MIN_INK_PIXELS:
        return None
    rows, cols = np.flatnonzero(inked.any(1)), np.flatnonzero(inked.any(0))
    top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    cropped = ink[top:bottom, left:right]
    h, w = cropped.shape
    scale = BOX / max(h, w)
    size = (max(1, round(h * scale)), max(1, round(w * scale)))
    scaled = F.interpolate(torch.from_numpy(np.ascontiguousarray(cropped))[None, None], size=size, mode="bilinear",
                           antialias=True, align_corners=False)[0, 0].clamp(0, 1).numpy()
    # shift so the centre of mass lands on pixel (14, 14) (whole pixels, where MNIST puts it), staying inside
    cy, cx = centre_of_mass(scaled)
    y0 = int(np.clip(round(FIELD / 2 - cy), 0, FIELD - size[0]))
    x0 = int(np.clip(round(FIELD / 2 - cx), 0, FIELD - size[1]))
    image = np.zeros((FIELD, FIELD), dtype=np.float32)
    image[y0:y0 + size[0], x0:x0 + size[1]] = scaled
    return Prepared(ink, (int(top), int(bottom), int(left), int(right)), cropped, scaled, image,
                    centre_of_mass(image))


def confidence(probs: np.ndarray) -> tuple[int, float, str]:
    """(top class, its probability, a word for it): a scribble should read as unsure, not as a confident guess."""
    top = int(np.argmax(probs))
    p = float(probs[top])
    word = "confident" if p >= 0.9 else "fairly sure" if p >= 0.6 else "unsure"
    return top, p, word
