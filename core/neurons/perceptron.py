"""The artificial neuron: weighted sum of inputs plus a bias, then a threshold."""
from __future__ import annotations

import torch


def with_bias_input(x: torch.Tensor) -> torch.Tensor:
    """The bias trick: prepend a constant 1 to every input, so the bias becomes one more weight."""
    ones = torch.ones(*x.shape[:-1], 1, dtype=x.dtype, device=x.device)
    return torch.cat([ones, x], dim=-1)


def weighted_sum(x: torch.Tensor, weights: torch.Tensor, bias: float | torch.Tensor) -> torch.Tensor:
    """w . x + b, written with the bias trick (one dot product with [b, w] against [1, x])."""
    bias = torch.as_tensor(bias, dtype=weights.dtype, device=weights.device).reshape(1)
    return with_bias_input(x) @ torch.cat([bias, weights])


def threshold(z: torch.Tensor, low: float = -1.0) -> torch.Tensor:
    """1 where z > 0, else `low` (-1 in the classic perceptron; some people use 0)."""
    return torch.where(z > 0, torch.ones_like(z), torch.full_like(z, low))


def perceptron(x: torch.Tensor, weights: torch.Tensor, bias: float,
               low: float = -1.0) -> tuple[torch.Tensor, torch.Tensor]:
    """(weighted sum, thresholded output) for one input vector or a batch of them."""
    z = weighted_sum(x, weights, bias)
    return z, threshold(z, low)


def decision_grid(weights: torch.Tensor, bias: float, extent: float = 2.0, resolution: int = 81, low: float = -1.0):
    """A 2-input perceptron's output over the square [-extent, extent]^2: (xs, ys, outputs[res, res])."""
    axis = torch.linspace(-extent, extent, resolution, dtype=weights.dtype)
    gy, gx = torch.meshgrid(axis, axis, indexing="ij")
    points = torch.stack([gx.reshape(-1), gy.reshape(-1)], dim=1)
    _, out = perceptron(points, weights, bias, low)
    return axis, axis, out.reshape(resolution, resolution)
