"""Softmax, one-hot labels and cross-entropy: how a classifier's scores become probabilities and a loss."""
from __future__ import annotations

import torch

# The eight colours of the very first box of Crayola crayons (1903): the course's one-hot example.
CRAYONS: dict[str, str] = {
    "red": "#d62728",
    "orange": "#ff7f0e",
    "yellow": "#f2c80f",
    "green": "#2ca02c",
    "blue": "#1f77b4",
    "violet": "#7b4ea3",
    "brown": "#8c564b",
    "black": "#222222",
}


def log_softmax(scores: torch.Tensor, temperature: float = 1.0) -> torch.Tensor:
    """log softmax(s/T) = z - logsumexp(z), z = s/T: exact where softmax itself rounds to 0 (log 0 = -inf)."""
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    z = scores / temperature
    return z - torch.logsumexp(z, dim=-1, keepdim=True)


def softmax(scores: torch.Tensor, temperature: float = 1.0) -> torch.Tensor:
    """exp(s/T) / sum exp(s/T), shifted by the max first so large scores cannot overflow."""
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    z = scores / temperature
    e = torch.exp(z - z.max(dim=-1, keepdim=True).values)
    return e / e.sum(dim=-1, keepdim=True)


def one_hot(index: int, n: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    if not 0 <= index < n:
        raise ValueError(f"label {index} is outside 0..{n - 1}")
    out = torch.zeros(n, dtype=dtype)
    out[index] = 1
    return out


def cross_entropy_from_scores(scores: torch.Tensor, label: torch.Tensor, temperature: float = 1.0) -> torch.Tensor:
    """-sum label * log softmax(scores/T), from log-softmax: scores 1000, 0, ... at T = 5 with the true class at 0
    give 200, where -log of the rounded probability (0) would be infinite or capped. Use this on the page."""
    return -(label * log_softmax(scores, temperature)).sum(dim=-1)


def cross_entropy(probs: torch.Tensor, label: torch.Tensor) -> torch.Tensor:
    """-sum label * log(probs) for probabilities already computed. A probability that rounded to 0 makes the loss
    infinite; when the scores are at hand, use cross_entropy_from_scores, which never rounds them away."""
    log_p = torch.log(probs)
    return -torch.where(label > 0, label * log_p, torch.zeros_like(log_p)).sum(dim=-1)


def parse_scores(text: str, n: int) -> torch.Tensor:
    """`n` comma-separated finite numbers, or ValueError saying what is wrong."""
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    if len(parts) != n:
        raise ValueError(f"expected {n} numbers separated by commas, got {len(parts)}")
    try:
        values = torch.tensor([float(p) for p in parts], dtype=torch.float64)
    except ValueError:
        raise ValueError("every score must be a number, like 1.5 or -0.3") from None
    if not torch.isfinite(values).all() or values.abs().max() > 1e3:
        raise ValueError("scores must be finite numbers between -1000 and 1000")
    return values
