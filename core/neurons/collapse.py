"""Why networks need non-linearities: a stack of linear layers collapses into one linear neuron."""
from __future__ import annotations

from dataclasses import dataclass

import torch

from core.neurons.activations import ACTIVATIONS


@dataclass(frozen=True)
class CollapseConfig:
    seed: int = 0
    widths: tuple[int, ...] = (2, 4, 4, 1)  # input, hidden..., output
    activation: str = "identity"  # "identity" means no non-linearity: the stack collapses


def random_stack(cfg: CollapseConfig) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """One (W, b) per layer, W of shape (out, in), drawn from a seeded normal."""
    g = torch.Generator().manual_seed(cfg.seed)
    layers = []
    for n_in, n_out in zip(cfg.widths[:-1], cfg.widths[1:], strict=True):
        w = torch.randn(n_out, n_in, generator=g, dtype=torch.float64) / n_in**0.5
        b = torch.randn(n_out, generator=g, dtype=torch.float64) * 0.5
        layers.append((w, b))
    return layers


def stack_forward(layers: list[tuple[torch.Tensor, torch.Tensor]], x: torch.Tensor, activation: str) -> torch.Tensor:
    """Run x (N, in) through the stack, applying `activation` between layers (not after the last)."""
    act = ACTIVATIONS[activation]
    for i, (w, b) in enumerate(layers):
        x = x @ w.T + b
        if i < len(layers) - 1:
            x = act(x)
    return x


def collapse(layers: list[tuple[torch.Tensor, torch.Tensor]]) -> tuple[torch.Tensor, torch.Tensor]:
    """The single (W, b) with W x + b equal to the whole stack when nothing non-linear sits between layers:
    W = W_n ... W_1, b = W_n(...(W_2 b_1 + b_2)...) + b_n."""
    w_total, b_total = layers[0]
    for w, b in layers[1:]:
        w_total = w @ w_total
        b_total = w @ b_total + b
    return w_total, b_total


def best_linear_fit(x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Least-squares (W, b) for y ~ W x + b: the closest a single linear neuron can get to a map."""
    design = torch.cat([x, torch.ones(len(x), 1, dtype=x.dtype)], dim=1)
    coef = torch.linalg.lstsq(design, y).solution
    return coef[:-1].T, coef[-1]


def plane_maps(cfg: CollapseConfig, extent: float = 2.0, resolution: int = 61):
    """The stack's output and the single best linear neuron's output over a 2-D input plane.

    Returns (axis, network_map, linear_map, max_abs_difference). With no activation the maps agree to
    rounding error; with one, no single linear neuron can reproduce the network."""
    if cfg.widths[0] != 2 or cfg.widths[-1] != 1:
        raise ValueError("plane maps need 2 inputs and 1 output")
    layers = random_stack(cfg)
    axis = torch.linspace(-extent, extent, resolution, dtype=torch.float64)
    gy, gx = torch.meshgrid(axis, axis, indexing="ij")
    points = torch.stack([gx.reshape(-1), gy.reshape(-1)], dim=1)
    net = stack_forward(layers, points, cfg.activation)
    if cfg.activation == "identity":
        w, b = collapse(layers)
    else:
        w, b = best_linear_fit(points, net)
    lin = points @ w.T + b
    diff = (net - lin).abs().max().item()
    shape = (resolution, resolution)
    return axis, net.reshape(shape), lin.reshape(shape), diff
