"""The hierarchy of filters as real layers: conv -> ReLU -> max pool, twice, then a 3x3 goal, on binary pictures.

Every filter is an exact detector built from a pattern: weight +1 where the pattern wants a 1, -1 where it wants a
0 (layer 1 only: pixels that must be off), 0 where it does not care, and bias 1 - (number of +1s). The sum is then 1
for a perfect match and at most 0 otherwise, so after ReLU each map is 0/1, as in the slides.

Where a 2x2 answer is written: layer 1 writes it at the window's top-left pixel (the slides: "every input pixel
the NW corner of T matches"), padding one row and column of zeros on the bottom and right so every pixel has an
answer and the 12x12 picture gives 12x12 maps, pooled 2x2 to 6x6. Layer 2 writes at the window's bottom-right
cell (zeros padded on the top and left): with the seed's face, whose nose and mouth sit at pixel columns 2-5, that
puts the nose and mouth in the middle column of the 3x3 result, as the slides show, and an eye in the top corners."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from core.filter_hierarchy.patterns import (
    DONT_CARE,
    FEATURE_NAMES,
    FEATURES,
    PART_LETTERS,
    PART_NAMES,
    PARTS,
    goal_grid,
)

DTYPE = torch.float32


def feature_weights() -> tuple[torch.Tensor, torch.Tensor]:
    """Layer 1: (4, 1, 2, 2) weights and (4,) biases, one exact detector per pixel pattern T, Q, L, R."""
    pats = torch.tensor(np.stack([FEATURES[n] for n in FEATURE_NAMES]), dtype=DTYPE)
    return (2 * pats - 1).unsqueeze(1), 1 - pats.sum(dim=(1, 2))


def part_weights() -> tuple[torch.Tensor, torch.Tensor]:
    """Layer 2: (3, 4, 2, 2) weights over the pooled T, Q, L, R maps; each part wants its four features present."""
    w = torch.zeros(len(PART_NAMES), len(FEATURE_NAMES), 2, 2, dtype=DTYPE)
    for p, name in enumerate(PART_NAMES):
        for r, row in enumerate(PARTS[name]):
            for c, feature in enumerate(row):
                w[p, FEATURE_NAMES.index(feature), r, c] = 1
    return w, 1 - w.sum(dim=(1, 2, 3))


def goal_weights(goals: dict[str, str]) -> tuple[torch.Tensor, torch.Tensor]:
    """The last layer: one (3, 3, 3) filter per goal over the pooled eye/nose/mouth maps; 'x' cells weigh 0."""
    w = torch.zeros(len(goals), len(PART_NAMES), 3, 3, dtype=DTYPE)
    for g, goal in enumerate(goals.values()):
        for r, row in enumerate(goal_grid(goal)):
            for c, cell in enumerate(row):
                if cell != DONT_CARE:
                    w[g, PART_NAMES.index(PART_LETTERS[cell]), r, c] = 1
    return w, 1 - w.sum(dim=(1, 2, 3))


def exact_match(image: torch.Tensor, template: np.ndarray) -> torch.Tensor:
    """Where a whole pixel template (a 4x4 eye, a 12x12 face mask) matches the picture exactly, pixel for pixel:
    the same +1/-1 detector as layer 1, one valid convolution. (H-h+1, W-w+1) of 0/1."""
    t = torch.tensor(np.asarray(template), dtype=DTYPE)
    out = F.conv2d(image.reshape(1, 1, *image.shape[-2:]), (2 * t - 1)[None, None], 1 - t.sum().reshape(1))
    return F.relu(out)[0, 0]


@dataclass
class HierarchyResult:
    image: np.ndarray  # (12, 12) 0/1
    features: np.ndarray  # (4, 12, 12) layer 1: T, Q, L, R where each matches (top-left pixel of the window)
    pooled_features: np.ndarray  # (4, 6, 6) after 2x2 max pooling
    parts: np.ndarray  # (3, 6, 6) layer 2: eye, nose, mouth (bottom-right cell of the window)
    pooled_parts: np.ndarray  # (3, 3, 3) after 2x2 max pooling
    goals: dict[str, bool]  # goal name -> does the 3x3 result match it
    goal_cells: dict[str, np.ndarray]  # goal name -> (3, 3) 1 met, 0 missing, -1 don't care

    def labels(self, pooled: np.ndarray, names) -> list[list[str]]:
        """Each cell named by the filters on there, e.g. 'TQ' (the slides' picture of a 6x6x4 tensor)."""
        return [["".join(n for k, n in enumerate(names) if pooled[k, r, c] > 0) for c in range(pooled.shape[2])]
                for r in range(pooled.shape[1])]

    def feature_labels(self) -> list[list[str]]:
        return self.labels(self.pooled_features, FEATURE_NAMES)

    def part_labels(self) -> list[list[str]]:
        return self.labels(self.pooled_parts, [n[0].upper() for n in PART_NAMES])


@torch.no_grad()
def run_hierarchy(image: np.ndarray, goals: dict[str, str]) -> HierarchyResult:
    """Push a binary picture (H, W divisible by 4) through both layers and test it against each goal."""
    img = np.asarray(image)
    if img.ndim != 2 or img.shape[0] % 4 or img.shape[1] % 4 or not np.isin(img, (0, 1)).all():
        raise ValueError("the picture must be a 2-D array of 0s and 1s with sides divisible by 4")
    x = torch.tensor(img, dtype=DTYPE)[None, None]
    w1, b1 = feature_weights()
    features = F.relu(F.conv2d(F.pad(x, (0, 1, 0, 1)), w1, b1))
    pooled_features = F.max_pool2d(features, 2)
    w2, b2 = part_weights()
    parts = F.relu(F.conv2d(F.pad(pooled_features, (1, 0, 1, 0)), w2, b2))
    pooled_parts = F.max_pool2d(parts, 2)
    matched, cells = {}, {}
    if goals:
        w3, b3 = goal_weights(goals)
        if pooled_parts.shape[-2:] != (3, 3):
            raise ValueError("a 3x3 goal needs a picture that pools down to 3x3 (12x12 pixels)")
        scores = F.relu(F.conv2d(pooled_parts, w3, b3))[0, :, 0, 0]
        for g, name in enumerate(goals):
            matched[name] = bool(scores[g] > 0)
            wanted = w3[g].sum(0) > 0
            met = (w3[g] * pooled_parts[0]).sum(0)
            cells[name] = torch.where(wanted, met, torch.full_like(met, -1)).numpy().astype(np.int8)
    return HierarchyResult(img.astype(np.uint8), features[0].numpy(), pooled_features[0].numpy(), parts[0].numpy(),
                           pooled_parts[0].numpy(), matched, cells)
