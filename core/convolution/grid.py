"""The numbers under the kernel: a small grid of input numbers, the window at each position, and the output.

Every number shown comes from torch.nn.functional: the output from conv2d, conv_transpose2d, max_pool2d or
avg_pool2d; the padded (or, for the transposed case, spread) field from pad and conv_transpose2d; the window at
each position from unfold. The view's own per-window sums (products added up, or the window's max / mean) are there
to be shown step by step, and must equal the output exactly: the tests and the `conv` benchmark check that.

Output sizes (n input, k window, p padding, s stride):
  convolution and pooling   o = floor((n + 2p - k) / s) + 1
  transposed convolution    o = (n - 1) * s - 2p + k   (s - 1 zeros between inputs, k - 1 - p rings around them)"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

MODES = ("conv", "transposed", "max_pool", "avg_pool")
MODE_LABELS = {"conv": "convolution", "transposed": "transposed convolution", "max_pool": "max pooling",
               "avg_pool": "average pooling"}
GRID_KERNELS = {
    "vertical_edge": ("vertical edge", ((1, 0, -1), (1, 0, -1), (1, 0, -1))),
    "horizontal_edge": ("horizontal edge", ((1, 1, 1), (0, 0, 0), (-1, -1, -1))),
    "sharpen": ("sharpen", ((0, -1, 0), (-1, 5, -1), (0, -1, 0))),
    "box": ("all ones (a sum)", ((1, 1, 1), (1, 1, 1), (1, 1, 1))),
    "identity": ("identity (copy the centre)", ((0, 0, 0), (0, 1, 0), (0, 0, 0))),
}
DTYPE = torch.float64  # small integers: every product and sum is exact


def output_size(n: int, k: int, p: int, s: int, transposed: bool = False) -> int:
    """The formula above (PyTorch's, with dilation 1, no output padding, floor rounding)."""
    return (n - 1) * s - 2 * p + k if transposed else (n + 2 * p - k) // s + 1


def formula_text(n: int, k: int, p: int, s: int, transposed: bool = False) -> str:
    """The formula with the current numbers filled in, e.g. '⌊(7 + 2·1 − 3) / 2⌋ + 1 = 4'."""
    o = output_size(n, k, p, s, transposed)
    if transposed:
        return f"({n} − 1)·{s} − 2·{p} + {k} = {o}"
    return f"⌊({n} + 2·{p} − {k}) / {s}⌋ + 1 = {o}"


@dataclass(frozen=True)
class GridConfig:
    size: int = 7
    mode: str = "conv"
    kernel: tuple[tuple[float, ...], ...] = GRID_KERNELS["vertical_edge"][1]
    pool: int = 2
    padding: int = 0
    stride: int = 1
    seed: int = 0

    @property
    def window(self) -> int:
        return self.pool if self.mode in ("max_pool", "avg_pool") else len(self.kernel)

    def problem(self) -> str | None:
        """Why these settings make no grid (a sentence for the page), or None."""
        n, k, p, s = self.size, self.window, self.padding, self.stride
        if self.mode not in MODES:
            return f"Unknown operation {self.mode!r}."
        if not (1 <= n <= 12 and 1 <= s <= 4 and 0 <= p <= 3):
            return "The input is 1 to 12 numbers a side, the stride 1 to 4 and the padding 0 to 3 rings."
        if self.mode in ("max_pool", "avg_pool") and 2 * p > k:
            return (f"Pooling pads at most half its window: a {k}x{k} window allows {k // 2} ring(s) "
                    f"of padding, not {p}.")
        if self.mode == "transposed" and p > k - 1:
            return f"A transposed convolution with a {k}x{k} kernel takes at most {k - 1} ring(s) of padding."
        if output_size(n, k, p, s, self.mode == "transposed") < 1:
            return f"A {k}x{k} window does not fit in a {n}x{n} input with {p} ring(s) of padding: no output."
        return None


@dataclass
class GridView:
    config: GridConfig
    inputs: np.ndarray  # (n, n) the input numbers
    field: np.ndarray  # (f, f) what the window slides over (padding as 0, or -inf for max pooling)
    is_input: np.ndarray  # (f, f) bool: which field cells hold one of the input numbers
    weights: np.ndarray | None  # (k, k) what the window multiplies by (the kernel turned 180° when transposed)
    step: int  # how far the window moves over the field (1 for the transposed case: the stride spread the input)
    output: np.ndarray  # (o, o) from torch.nn.functional
    windows: np.ndarray  # (o*o, k, k) the field under the window at each position, from F.unfold
    reduced: np.ndarray  # (o*o,) each window's products summed, or its max / mean: equals output.ravel()

    @property
    def positions(self) -> int:
        return int(self.output.size)

    def window_origin(self, position: int) -> tuple[int, int]:
        """Top-left field cell of the window at a position (row-major over the output)."""
        i, j = divmod(int(position), self.output.shape[1])
        return i * self.step, j * self.step

    def products(self, position: int) -> np.ndarray | None:
        """The window's numbers times the weights, cell by cell (None for pooling)."""
        return None if self.weights is None else self.windows[position] * self.weights


def grid_inputs(size: int, seed: int) -> np.ndarray:
    """Small whole numbers 0..9, from a local generator, so every sum can be checked by eye."""
    return np.random.default_rng(seed).integers(0, 10, (size, size)).astype(np.float64)


@torch.no_grad()
def grid_view(config: GridConfig) -> GridView:
    problem = config.problem()
    if problem:
        raise ValueError(problem)
    n, k, p, s, mode = config.size, config.window, config.padding, config.stride, config.mode
    x = torch.tensor(grid_inputs(n, config.seed), dtype=DTYPE)[None, None]
    mark = torch.ones_like(x)  # pushed through the same padding / spreading, to know which cells are inputs
    weights = None
    if mode in ("conv", "transposed"):
        w = torch.tensor(config.kernel, dtype=DTYPE)[None, None]
    if mode == "transposed":
        one = torch.ones(1, 1, 1, 1, dtype=DTYPE)
        rings = k - 1 - p
        field = F.pad(F.conv_transpose2d(x, one, stride=s), (rings,) * 4)
        mark = F.pad(F.conv_transpose2d(mark, one, stride=s), (rings,) * 4)
        output = F.conv_transpose2d(x, w, stride=s, padding=p)
        weights = torch.flip(w, dims=(-2, -1))
        step = 1
    else:
        pad_value = float("-inf") if mode == "max_pool" else 0.0
        field = F.pad(x, (p,) * 4, value=pad_value)
        mark = F.pad(mark, (p,) * 4)
        step = s
        if mode == "conv":
            output = F.conv2d(x, w, stride=s, padding=p)
            weights = w
        elif mode == "max_pool":
            output = F.max_pool2d(x, k, stride=s, padding=p)
        else:
            output = F.avg_pool2d(x, k, stride=s, padding=p)
    windows = F.unfold(field, kernel_size=k, stride=step)[0].T.reshape(-1, k, k)
    if weights is not None:
        reduced = (windows * weights[0, 0]).sum(dim=(1, 2))
    elif mode == "max_pool":
        reduced = windows.amax(dim=(1, 2))
    else:
        reduced = windows.mean(dim=(1, 2))
    return GridView(config, x[0, 0].numpy(), field[0, 0].numpy(), mark[0, 0].numpy() > 0,
                    None if weights is None else weights[0, 0].numpy(), step, output[0, 0].numpy(),
                    windows.numpy(), reduced.numpy())


@torch.no_grad()
def reference_output(config: GridConfig) -> np.ndarray:
    """The output straight from torch.nn.functional, built without the view (what the benchmark compares to)."""
    x = torch.tensor(grid_inputs(config.size, config.seed), dtype=DTYPE)[None, None]
    p, s, k = config.padding, config.stride, config.window
    if config.mode == "max_pool":
        return F.max_pool2d(x, k, stride=s, padding=p)[0, 0].numpy()
    if config.mode == "avg_pool":
        return F.avg_pool2d(x, k, stride=s, padding=p)[0, 0].numpy()
    w = torch.tensor(config.kernel, dtype=DTYPE)[None, None]
    op = F.conv_transpose2d if config.mode == "transposed" else F.conv2d
    return op(x, w, stride=s, padding=p)[0, 0].numpy()


def max_view_error(config: GridConfig) -> float:
    """The largest difference between what the grid view shows (output and per-window results) and
    torch.nn.functional's own output: 0 when the view is right."""
    view, ref = grid_view(config), reference_output(config)
    if view.output.shape != ref.shape:
        return float("inf")
    return float(max(np.abs(view.output - ref).max(), np.abs(view.reduced - ref.ravel()).max()))
