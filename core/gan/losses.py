"""The adversarial losses on discriminator scores (logits). Each returns (discriminator loss, generator loss)
pieces; `d_real`/`d_fake` are the scores of a real and a generated batch.

Non-saturating cross-entropy ("bce"): the discriminator is a logistic classifier, real = 1 and fake = 0; the
generator maximises log D(fake) rather than minimising log(1 - D(fake)), whose gradient vanishes early on when
the discriminator easily spots every fake. Hinge: the discriminator only pushes scores past a margin of 1."""
from __future__ import annotations

import torch
import torch.nn.functional as F


def discriminator_loss(d_real: torch.Tensor, d_fake: torch.Tensor, kind: str = "bce") -> torch.Tensor:
    if kind == "hinge":
        return F.relu(1 - d_real).mean() + F.relu(1 + d_fake).mean()
    # -log sigmoid(real) - log(1 - sigmoid(fake)), written with softplus for numerical safety
    return F.softplus(-d_real).mean() + F.softplus(d_fake).mean()


def generator_loss(d_fake: torch.Tensor, kind: str = "bce") -> torch.Tensor:
    if kind == "hinge":
        return -d_fake.mean()
    return F.softplus(-d_fake).mean()  # -log sigmoid(fake): non-saturating


def discriminator_accuracy(d_real: torch.Tensor, d_fake: torch.Tensor) -> tuple[float, float]:
    """Share of real images scored real (> 0) and of fakes scored fake (< 0)."""
    return float((d_real > 0).float().mean()), float((d_fake < 0).float().mean())
