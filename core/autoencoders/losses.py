"""Loss terms: the autoencoder's reconstruction error and the VAE's negative ELBO = reconstruction + KL."""
from __future__ import annotations

import torch
import torch.nn.functional as F


def kl_to_standard_normal(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """KL(N(mu, exp(logvar)) || N(0, I)) per row, in closed form: -1/2 sum(1 + logvar - mu^2 - exp(logvar))."""
    return -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=1)


def reconstruction_nats(recon: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """-log p(x|z) per image under independent Bernoulli pixels (binary cross-entropy summed over pixels)."""
    return F.binary_cross_entropy(recon, x, reduction="none").flatten(1).sum(1)


def vae_terms(model, x: torch.Tensor, generator: torch.Generator | None = None) -> dict[str, torch.Tensor]:
    """Per-batch means of the two ELBO terms and their sum (nats per image); minimise `neg_elbo`."""
    mu, logvar = model.encode_both(x)
    recon = model.decode(model.sample(mu, logvar, generator))
    rec = reconstruction_nats(recon, x).mean()
    kl = kl_to_standard_normal(mu, logvar).mean()
    return {"reconstruction": rec, "kl": kl, "neg_elbo": rec + kl}


def autoencoder_loss(model, x: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
    """What the dense autoencoder minimises: binary cross-entropy per pixel (trains faster than MSE on digits)."""
    return F.binary_cross_entropy(model(x), x)


def training_loss(model, x: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
    """The loss for either kind: the VAE's negative ELBO, or the autoencoder's cross-entropy."""
    if hasattr(model, "encode_both"):
        return vae_terms(model, x, generator)["neg_elbo"]
    return autoencoder_loss(model, x, generator)
