"""The generator and discriminator pairs. Generators map noise (N, z_dim) to images (N, 1, 28, 28) in [-1, 1]
(tanh output); discriminators map such images to one score (logit) each.

"dense" is the talk's pair: fully connected, batch norm between each layer's sum and its activation, tanh at the
end. "dcgan" is a small convolutional pair in the DCGAN style (transposed convolutions up, strided convolutions
down, batch norm in the generator only)."""
from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils import parametrize

from core.seeding import generator, seeded_model

DCGAN_WIDTH = 32  # channels of the generator's last hidden layer; narrow enough to train on a laptop CPU


def dense_generator(z_dim: int = 100) -> nn.Sequential:
    """The talk's generator: 100 -> 256 -> 512 -> 784, each sum batch-normed before its activation, tanh out."""
    return nn.Sequential(
        nn.Linear(z_dim, 256, bias=False), nn.BatchNorm1d(256), nn.LeakyReLU(0.2),
        nn.Linear(256, 512, bias=False), nn.BatchNorm1d(512), nn.LeakyReLU(0.2),
        nn.Linear(512, 784), nn.Tanh(), nn.Unflatten(1, (1, 28, 28)),
    )


def dense_discriminator() -> nn.Sequential:
    """784 -> 512 -> 256 -> 1 with leaky ReLUs: a score, not a probability (the loss applies the sigmoid)."""
    return nn.Sequential(
        nn.Flatten(), nn.Linear(784, 512), nn.LeakyReLU(0.2), nn.Linear(512, 256), nn.LeakyReLU(0.2),
        nn.Linear(256, 1), nn.Flatten(0),
    )


def dcgan_generator(z_dim: int = 100, width: int = DCGAN_WIDTH) -> nn.Sequential:
    """Noise -> 7x7 maps -> 14x14 -> 28x28 by transposed convolutions, batch norm before each ReLU, tanh out."""
    w = width
    return nn.Sequential(
        nn.Linear(z_dim, 4 * w * 7 * 7, bias=False), nn.BatchNorm1d(4 * w * 7 * 7), nn.ReLU(),
        nn.Unflatten(1, (4 * w, 7, 7)),
        nn.ConvTranspose2d(4 * w, 2 * w, 4, 2, 1, bias=False), nn.BatchNorm2d(2 * w), nn.ReLU(),  # 14x14
        nn.ConvTranspose2d(2 * w, w, 4, 2, 1, bias=False), nn.BatchNorm2d(w), nn.ReLU(),  # 28x28
        nn.Conv2d(w, 1, 3, 1, 1), nn.Tanh(),
    )


def dcgan_discriminator(width: int = DCGAN_WIDTH) -> nn.Sequential:
    """28x28 -> 14x14 -> 7x7 by strided convolutions with leaky ReLUs, then one linear score."""
    w = width
    return nn.Sequential(
        nn.Conv2d(1, w, 4, 2, 1), nn.LeakyReLU(0.2),  # 14x14
        nn.Conv2d(w, 2 * w, 4, 2, 1), nn.LeakyReLU(0.2),  # 7x7
        nn.Flatten(), nn.Linear(2 * w * 7 * 7, 1), nn.Flatten(0),
    )


BUILDERS = {"dense": (dense_generator, dense_discriminator), "dcgan": (dcgan_generator, dcgan_discriminator)}


class SpectralNorm(nn.Module):
    """A weight divided by its largest singular value, estimated by one power iteration per training forward
    pass (Miyato et al. 2018; as torch's spectral_norm, whose vectors come from the global generator, which
    sessions share: these come from `g`)."""

    def __init__(self, weight: torch.Tensor, g: torch.Generator, eps: float = 1e-12):
        super().__init__()
        rows = weight.shape[0]
        cols = weight.numel() // rows
        self.eps = eps
        self.register_buffer("u", nn.functional.normalize(torch.randn(rows, generator=g), dim=0, eps=eps))
        self.register_buffer("v", nn.functional.normalize(torch.randn(cols, generator=g), dim=0, eps=eps))
        with torch.no_grad():
            for _ in range(15):
                self._power_iteration(weight.reshape(rows, -1))

    @torch.no_grad()
    def _power_iteration(self, w: torch.Tensor) -> None:
        self.u.copy_(nn.functional.normalize(w @ self.v, dim=0, eps=self.eps))
        self.v.copy_(nn.functional.normalize(w.t() @ self.u, dim=0, eps=self.eps))

    def forward(self, weight: torch.Tensor) -> torch.Tensor:
        w = weight.reshape(weight.shape[0], -1)
        if self.training:
            self._power_iteration(w)
        # copies: the next forward pass updates u and v in place while this one's graph still needs them
        sigma = torch.dot(self.u.clone(), w @ self.v.clone())
        return weight / sigma


def add_spectral_norm(model: nn.Module, g: torch.Generator) -> nn.Module:
    """Spectral norm on every linear and convolution layer: no layer can stretch its input by more than 1, which
    keeps the discriminator's gradients, the generator's only teacher, tame."""
    for module in list(model.modules()):
        if isinstance(module, (nn.Linear, nn.Conv2d)):
            parametrize.register_parametrization(module, "weight", SpectralNorm(module.weight.detach(), g))
    return model


def build_pair(model: str, z_dim: int, seed: int, spectral_norm: bool = True) -> tuple[nn.Module, nn.Module]:
    """(generator, discriminator) of `model` on the CPU, the same weights for the same seed."""
    make_g, make_d = BUILDERS[model]
    gen = seeded_model(lambda: make_g(z_dim), seed)
    disc = seeded_model(make_d, seed + 1)
    if spectral_norm:
        add_spectral_norm(disc, generator(seed + 2))
    return gen, disc


def parameter_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
