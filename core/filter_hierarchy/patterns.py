"""The course's filters for finding a face, as data: four 2x2 pixel filters, three parts built from them, goals.

Layer 1 looks at pixels through 2x2 filters named for the pixels they want on:
T (top row), Q (quad: all four), L (lower-left only), R (lower-right only).
Layer 2 looks at the pooled layer-1 maps through 2x2 arrangements of those names:
an eye is T T over Q Q, a nose is R L over T T, a mouth is L R over T T (the nose with L and R swapped).
A goal is a 3x3 grid of parts, E(ye) N(ose) M(outh) or x (don't care), read against the pooled part maps."""
from __future__ import annotations

import numpy as np

FEATURES: dict[str, np.ndarray] = {
    "T": np.array([[1, 1], [0, 0]]),
    "Q": np.array([[1, 1], [1, 1]]),
    "L": np.array([[0, 0], [1, 0]]),
    "R": np.array([[0, 0], [0, 1]]),
}
FEATURE_NAMES = tuple(FEATURES)

PARTS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "eye": (("T", "T"), ("Q", "Q")),
    "nose": (("R", "L"), ("T", "T")),
    "mouth": (("L", "R"), ("T", "T")),
}
PART_NAMES = tuple(PARTS)
PART_LETTERS = {"E": "eye", "N": "nose", "M": "mouth"}
DONT_CARE = "x"
GOAL_CELLS = (DONT_CARE, "E", "N", "M")

GOALS: dict[str, str] = {  # 9 cells, row by row
    "front": "ExExNxxMx",
    "profile": "xxExxNxxM",
}


def part_pixels(part: str) -> np.ndarray:
    """The 4x4 pixel picture of a part: its four 2x2 feature pictures side by side (the slides' eye filter)."""
    (a, b), (c, d) = PARTS[part]
    return np.block([[FEATURES[a], FEATURES[b]], [FEATURES[c], FEATURES[d]]])


def parse_goal(text: str) -> str:
    """A goal as 9 cells of E, N, M or x (spaces and slashes between rows allowed), or ValueError saying why."""
    cells = "".join(ch for ch in str(text)[:40] if not ch.isspace() and ch != "/")
    cells = cells.replace("×", DONT_CARE).replace("X", DONT_CARE).replace(".", DONT_CARE)
    if len(cells) != 9:
        raise ValueError(f"a goal has 9 cells (3 rows of 3), not {len(cells)}")
    bad = sorted({ch for ch in cells.upper() if ch not in ("E", "N", "M", "X")})
    if bad:
        raise ValueError("each cell is E (eye), N (nose), M (mouth) or x (don't care)")
    return "".join(DONT_CARE if ch in "xX" else ch.upper() for ch in cells)


def goal_grid(goal: str) -> list[list[str]]:
    return [list(goal[r * 3:r * 3 + 3]) for r in range(3)]
