"""The too-large network: `depth` hidden layers of `width` ReLUs, each optionally followed by batch norm and
dropout. Dropout draws its masks from a generator the trainer hands it (nn.Dropout would use torch's global one,
which every session thread shares)."""
from __future__ import annotations

import torch
from torch import nn


class SeededDropout(nn.Module):
    """Inverted dropout: in training, zero each unit with probability p and scale the rest by 1 / (1 - p)."""

    def __init__(self, p: float):
        super().__init__()
        self.p = p
        self.generator: torch.Generator | None = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0:
            return x
        # drawn where the generator lives (the CPU: the same masks on every device), then moved to the data
        where = self.generator.device if self.generator is not None else x.device
        keep = torch.rand(x.shape, generator=self.generator, device=where).to(x.device) >= self.p
        return x * keep / (1.0 - self.p)


def build_net(n_in: int, n_out: int, width: int, depth: int, dropout: float = 0.0, batchnorm: bool = False):
    layers = []
    for i in range(depth):
        layers.append(nn.Linear(n_in if i == 0 else width, width))
        if batchnorm:
            layers.append(nn.BatchNorm1d(width))
        layers.append(nn.ReLU())
        if dropout:
            layers.append(SeededDropout(dropout))
    layers.append(nn.Linear(width if depth else n_in, n_out))
    return nn.Sequential(*layers)


def give_generator(model: nn.Module, generator: torch.Generator) -> None:
    for module in model.modules():
        if isinstance(module, SeededDropout):
            module.generator = generator
