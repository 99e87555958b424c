"""The generator's input: seeded noise, the truncation trick, and paths between two noise vectors."""
from __future__ import annotations

import torch


def sample_noise(n: int, z_dim: int, g: torch.Generator, truncation: float = 0.0) -> torch.Tensor:
    """(n, z_dim) standard normal noise from `g`; with `truncation` t > 0, every value is redrawn until it lies in
    [-t, t] (the truncation trick: typical inputs only, sharper samples, a little less variety)."""
    z = torch.empty(n, z_dim)
    if truncation > 0:
        return torch.nn.init.trunc_normal_(z, 0.0, 1.0, -truncation, truncation, generator=g)
    return z.normal_(generator=g)


def interpolate(z0: torch.Tensor, z1: torch.Tensor, steps: int, spherical: bool = True) -> torch.Tensor:
    """`steps` noise vectors from z0 to z1 (both included). Spherical (slerp) keeps the vectors' length typical
    of Gaussian noise; the straight line passes through shorter vectors than the generator ever saw."""
    t = torch.linspace(0, 1, steps)[:, None]
    if not spherical:
        return (1 - t) * z0 + t * z1
    cos = torch.dot(z0, z1) / (z0.norm() * z1.norm()).clamp_min(1e-12)
    omega = torch.arccos(cos.clamp(-1 + 1e-7, 1 - 1e-7))
    if omega < 1e-4:  # (nearly) the same direction: the straight line is the arc
        return (1 - t) * z0 + t * z1
    return (torch.sin((1 - t) * omega) * z0 + torch.sin(t * omega) * z1) / torch.sin(omega)


@torch.no_grad()
def generate(gen: torch.nn.Module, z: torch.Tensor, batch: int = 500) -> torch.Tensor:
    """Images (N, 1, 28, 28) in [0, 1] from noise `z`, the generator in eval mode (batch norm's running
    statistics, so one sample does not depend on the others in its batch)."""
    was = gen.training
    gen.eval()
    device = next(gen.parameters()).device
    out = torch.cat([gen(z[i:i + batch].to(device)) for i in range(0, len(z), batch)]) if len(z) else z
    gen.train(was)
    return (out.float() + 1) / 2
