"""The networks: the tiny photo autoencoder, a dense MNIST autoencoder, its variational twin, and the seed's
convolutional denoiser (32x7x7 = 1,568 latents). Plain nn.Modules, built by core.seeding.seeded_model."""
from __future__ import annotations

import hashlib

import torch
from torch import nn

PIXELS = 28 * 28
HIDDEN = (256, 64)  # the dense autoencoders' hidden widths, mirrored in the decoder


def tiny_autoencoder(pixels: int = 100 * 100, latents: int = 20) -> nn.Sequential:
    """One dense layer down to `latents` (ReLU), one dense layer back up (sigmoid): the network that memorises a
    photo."""
    return nn.Sequential(nn.Linear(pixels, latents), nn.ReLU(), nn.Linear(latents, pixels), nn.Sigmoid())


def weights_digest(model: nn.Module) -> str:
    """A digest of every weight: equal digests encode and decode alike, so what a model computes from fixed inputs
    (the test set's codes, a decoded grid) can be cached under it across reruns and sessions."""
    h = hashlib.blake2b(digest_size=16)
    for name, value in model.state_dict().items():
        h.update(name.encode())
        h.update(value.detach().cpu().contiguous().numpy().tobytes())
    return h.hexdigest()


def _mlp(sizes: list[int]) -> list[nn.Module]:
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        layers.append(nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return layers


class DenseAutoencoder(nn.Module):
    """784 -> 256 -> 64 -> latents -> 64 -> 256 -> 784 (sigmoid): pixels in [0, 1] in and out."""

    def __init__(self, latents: int = 2, hidden: tuple = HIDDEN):
        super().__init__()
        self.latents = latents
        self.encoder = nn.Sequential(nn.Flatten(), *_mlp([PIXELS, *hidden, latents]))
        self.decoder = nn.Sequential(*_mlp([latents, *hidden[::-1], PIXELS]), nn.Sigmoid(),
                                     nn.Unflatten(1, (1, 28, 28)))

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        return self.encoder(x)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        return self.decoder(z)

    def forward(self, x: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        return self.decode(self.encode(x))


class VariationalAutoencoder(DenseAutoencoder):
    """The same layers, but the encoder gives a mean and a log-variance per latent; decoding samples in between."""

    def __init__(self, latents: int = 2, hidden: tuple = HIDDEN):
        super().__init__(latents, hidden)
        self.encoder = nn.Sequential(nn.Flatten(), *_mlp([PIXELS, *hidden, 2 * latents]))

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """The mean of q(z|x): where the plane puts this digit."""
        return self.encode_both(x)[0]

    def encode_both(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        mu, logvar = self.encoder(x).chunk(2, dim=1)
        return mu, logvar

    def sample(self, mu: torch.Tensor, logvar: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        """z = mu + sigma * eps (the reparameterisation trick: the randomness is outside the gradient's path)."""
        eps = torch.randn(mu.shape, generator=generator, device="cpu").to(mu.device)
        return mu + torch.exp(0.5 * logvar) * eps

    def forward(self, x: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        mu, logvar = self.encode_both(x)
        return self.decode(self.sample(mu, logvar, generator))


class ConvDenoiser(nn.Module):
    """The seed's denoiser: two 3x3 convolutions with pooling down to 32x7x7, two transposed convolutions back."""

    def __init__(self, channels: int = 32):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, channels, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(channels, channels, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(channels, channels, 2, stride=2), nn.ReLU(),
            nn.ConvTranspose2d(channels, channels, 2, stride=2), nn.ReLU(),
            nn.Conv2d(channels, 1, 3, padding=1), nn.Sigmoid())

    def forward(self, x: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        return self.decoder(self.encoder(x))
