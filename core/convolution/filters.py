"""Hand-set filters for a photo, and a visitor's own 3x3 kernel read safely from text.

A filter is a (3, k, k) weight over the photo's red, green and blue (a "3x3x3 filter over RGB"). The 1x1 yellow
finder is the slides' perceptron: red 1, green 1, blue 0, so a pure yellow pixel gives 2 and blue gives 0. Spatial
kernels (edges, blur, ...) are the kernel times the luminance weights in each channel: the same as running the
kernel over the grey picture, written as one real RGB filter."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

LUMA = np.array([0.299, 0.587, 0.114])  # ITU-R BT.601 weights, what a grey photo keeps of R, G, B
MAX_KERNEL_TEXT = 200
MAX_ABS_WEIGHT = 1000.0


class KernelProblem(ValueError):
    """Text that is not a 3x3 kernel; str() is the message for the page."""


@dataclass(frozen=True)
class Filter:
    name: str
    label: str
    weights: np.ndarray  # (3, k, k) over R, G, B
    blurb: str
    kernel: np.ndarray | None = None  # the k x k spatial kernel shown to the visitor (None for the 1x1 RGB filter)

    @property
    def size(self) -> int:
        return int(self.weights.shape[-1])


def spatial(kernel) -> np.ndarray:
    """A k x k kernel as a (3, k, k) RGB filter acting on luminance."""
    k = np.asarray(kernel, dtype=np.float64)
    return LUMA[:, None, None] * k[None]


KERNELS: dict[str, tuple[str, np.ndarray, str]] = {
    "horizontal_edges": ("horizontal edges", np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]]),
                         "Sobel: bright below dark is positive, dark below bright negative; flat areas give 0."),
    "vertical_edges": ("vertical edges", np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]),
                       "Sobel turned a quarter: bright right of dark is positive."),
    "blur": ("blur", np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16,
             "A small Gaussian: each output is a weighted average of its neighbourhood; the weights sum to 1."),
    "sharpen": ("sharpen", np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
                "The pixel minus its neighbours, added back to itself: edges get crisper; the weights sum to 1."),
    "emboss": ("emboss", np.array([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]]),
               "Differences along the diagonal: the picture looks lit from the lower right."),
}

YELLOW = Filter("yellow", "yellow finder (1x1 RGB)", np.array([1.0, 1.0, 0.0]).reshape(3, 1, 1),
                "The slides' 1x1 filter: red 1, green 1, blue 0. Pure yellow gives 2, blue 0. White also has "
                "red and green, so a white background lights up too.")

FILTERS: dict[str, Filter] = {"yellow": YELLOW} | {
    name: Filter(name, label, spatial(kernel), blurb, np.asarray(kernel, dtype=np.float64))
    for name, (label, kernel, blurb) in KERNELS.items()}
CUSTOM = "custom"
FILTER_CHOICES = (*FILTERS, CUSTOM)
DEFAULT_CUSTOM_TEXT = "0 -1 0; -1 5 -1; 0 -1 0"


def _number(token: str, where: str) -> float:
    """One weight: an int, a decimal ('0.5', '-1e-1') or a fraction ('1/9'). Never eval. Messages name the
    position, never echo the text (it may come from a link)."""
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(/\d+)?", token):
        raise KernelProblem(f"{where} is not a number: use digits, a decimal point, a minus sign, or a fraction a/b.")
    try:
        value = float(Fraction(token)) if "/" in token else float(token)
    except (ZeroDivisionError, ValueError, OverflowError):
        raise KernelProblem(f"{where} cannot be used (a division by zero, or too large).") from None
    if not math.isfinite(value) or abs(value) > MAX_ABS_WEIGHT:
        raise KernelProblem(f"{where} is too large: weights must lie between -{MAX_ABS_WEIGHT:g} and "
                            f"{MAX_ABS_WEIGHT:g}.")
    return value


def parse_kernel(text: str) -> np.ndarray:
    """'a b c; d e f; g h i' (rows split by ';' or new lines, numbers by spaces or commas) -> a 3x3 float array.

    Raises KernelProblem with a sentence a visitor can act on for anything else."""
    text = str(text if text is not None else "")
    if len(text) > MAX_KERNEL_TEXT:
        raise KernelProblem(f"The kernel text is too long ({len(text)} characters; at most {MAX_KERNEL_TEXT}).")
    rows = [r for r in re.split(r"[;\n]", text.strip()) if r.strip()]
    if not rows:
        raise KernelProblem("The kernel is empty: type 3 rows of 3 numbers, e.g. 0 -1 0; -1 5 -1; 0 -1 0.")
    if len(rows) != 3:
        raise KernelProblem(f"A 3x3 kernel has 3 rows separated by ';', not {len(rows)}.")
    grid = []
    for i, row in enumerate(rows, 1):
        tokens = [t for t in re.split(r"[,\s]+", row.strip()) if t]
        if len(tokens) != 3:
            raise KernelProblem(f"Row {i} has {len(tokens)} number(s); each row needs exactly 3.")
        grid.append([_number(t, f"Row {i}, number {j}") for j, t in enumerate(tokens, 1)])
    return np.array(grid, dtype=np.float64)


def format_kernel(kernel: np.ndarray) -> str:
    """The text parse_kernel reads back to the same numbers (as written in the URL)."""
    return "; ".join(" ".join(f"{v:g}" for v in row) for row in np.asarray(kernel))


def custom_filter(kernel: np.ndarray) -> Filter:
    return Filter(CUSTOM, "your 3x3 kernel", spatial(kernel), "Your own weights, applied to the grey picture.",
                  np.asarray(kernel, dtype=np.float64))


def get_filter(name: str, custom_kernel: np.ndarray | None = None) -> Filter:
    if name == CUSTOM:
        return custom_filter(custom_kernel if custom_kernel is not None else parse_kernel(DEFAULT_CUSTOM_TEXT))
    return FILTERS[name]
