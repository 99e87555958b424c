"""The error surface of a real network: its loss over a plane through the trained weights (Li et al. 2018,
"Visualizing the Loss Landscape of Neural Nets"), with the training trajectory projected onto that plane.

The plane is theta(a, b) = theta* + a d1 + b d2. With "random" directions each d is Gaussian, then
filter-normalised: every row of a weight matrix (one neuron's incoming weights, the "filter" of a dense layer)
is rescaled to the norm of the same row of theta*, so a = 1 means "as far again as the trained weights", whatever
a layer's scale; biases get no direction (as Li et al. do by default). With "pca" directions d1, d2 are the two
principal directions of the trajectory itself, the plane in which training moved most. The whole grid is
evaluated at once: torch.func.functional_call under vmap, in chunks, on the trainer's device."""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn
from torch.func import functional_call, vmap

from core.seeding import generator

DIRECTIONS = ("random", "pca")
MAX_RESOLUTION = 101


def filter_normalise(direction: dict[str, torch.Tensor], params: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Each row of each weight matrix rescaled to the norm of the same row of `params`; biases set to zero."""
    out = {}
    for name, d in direction.items():
        p = params[name]
        if d.dim() <= 1:
            out[name] = torch.zeros_like(d)
            continue
        rows_d = d.reshape(d.shape[0], -1)
        rows_p = p.reshape(p.shape[0], -1)
        scale = rows_p.norm(dim=1, keepdim=True) / rows_d.norm(dim=1, keepdim=True).clamp_min(1e-12)
        out[name] = (rows_d * scale).reshape(d.shape)
    return out


def random_directions(params: dict[str, torch.Tensor], seed: int) -> tuple[dict, dict]:
    """Two filter-normalised Gaussian directions, drawn on the CPU from a local generator (same on every device)."""
    g = generator(seed)
    pair = []
    for _ in range(2):
        d = {k: torch.randn(v.shape, generator=g, dtype=v.dtype).to(v.device) for k, v in params.items()}
        pair.append(filter_normalise(d, params))
    return pair[0], pair[1]


def flatten(params: dict[str, torch.Tensor]) -> torch.Tensor:
    return torch.cat([v.reshape(-1) for v in params.values()])


def unflatten(vector: torch.Tensor, like: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    out, i = {}, 0
    for k, v in like.items():
        out[k] = vector[i:i + v.numel()].reshape(v.shape)
        i += v.numel()
    return out


def pca_directions(trajectory: torch.Tensor, final: torch.Tensor, like: dict) -> tuple[dict, dict]:
    """The top two principal directions of (theta_t - theta*) over the trajectory (unit vectors)."""
    diffs = (trajectory - final).double()
    _, _, vh = torch.linalg.svd(diffs, full_matrices=False)
    v1, v2 = (vh[i] if i < len(vh) else torch.zeros_like(final, dtype=torch.float64) for i in range(2))
    return unflatten(v1.to(final.dtype), like), unflatten(v2.to(final.dtype), like)


def project(trajectory: torch.Tensor, final: torch.Tensor, d1: dict, d2: dict) -> torch.Tensor:
    """(T, 2) plane coordinates of each theta_t: least squares, since random d1 and d2 need not be orthogonal."""
    basis = torch.stack([flatten(d1), flatten(d2)], dim=1).double()  # (P, 2)
    coords = torch.linalg.lstsq(basis, (trajectory - final).double().T).solution  # (2, T)
    return coords.T.float()


def loss_grid(model: nn.Module, params: dict, d1: dict, d2: dict, alphas: torch.Tensor, betas: torch.Tensor,
              x: torch.Tensor, y: torch.Tensor, chunk: int = 512) -> torch.Tensor:
    """Cross-entropy on (x, y) at theta* + a d1 + b d2 for every (a, b) on the grid: (len(betas), len(alphas)),
    row i is betas[i]. The model's own weights are untouched."""

    def loss_at(a, b):
        moved = {k: params[k] + a * d1[k] + b * d2[k] for k in params}
        return F.cross_entropy(functional_call(model, moved, (x,)), y)

    gb, ga = torch.meshgrid(betas, alphas, indexing="ij")
    a_flat, b_flat = ga.reshape(-1), gb.reshape(-1)
    with torch.no_grad():
        parts = [vmap(loss_at)(a_flat[i:i + chunk], b_flat[i:i + chunk]) for i in range(0, len(a_flat), chunk)]
    return torch.cat(parts).reshape(len(betas), len(alphas))


def landscape(model: nn.Module, x: torch.Tensor, y: torch.Tensor, trajectory: torch.Tensor, *, directions: str,
              resolution: int, span: float, seed: int) -> dict:
    """The plane's loss grid and the projected trajectory, as CPU tensors (for the checkpoint and the figure)."""
    if directions not in DIRECTIONS:
        raise ValueError(f"directions must be one of {', '.join(DIRECTIONS)}")
    if not 3 <= resolution <= MAX_RESOLUTION or resolution % 2 == 0:
        raise ValueError(f"resolution must be odd, 3 to {MAX_RESOLUTION}: the trained weights sit at the centre")
    params = {k: v.detach() for k, v in model.named_parameters()}
    final = flatten(params)
    trajectory = trajectory.to(final.device, final.dtype)
    if directions == "random":
        d1, d2 = random_directions(params, seed)
        path = project(trajectory, final, d1, d2)
    else:
        d1, d2 = pca_directions(trajectory, final, params)
        path = project(trajectory, final, d1, d2)
        span = 1.25 * max(float(path.abs().max()), 1e-3)  # PCA units are weight-space lengths: fit the path
    axis = torch.linspace(-span, span, resolution, device=final.device, dtype=final.dtype)
    axis[resolution // 2] = 0.0  # exactly theta* at the centre
    loss = loss_grid(model, params, d1, d2, axis, axis, x, y)
    with torch.no_grad():
        centre = F.cross_entropy(model(x), y)
    return {"alphas": axis.cpu(), "betas": axis.cpu(), "loss": loss.cpu(), "path": path.cpu(),
            "centre_loss": float(centre), "span": float(span), "directions": directions}
