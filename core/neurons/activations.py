"""The activation-function menagerie, each with its derivative taken by autograd."""
from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F


def _step(x: torch.Tensor) -> torch.Tensor:
    # Written so autograd sees a function of x with zero slope (the true derivative away from 0).
    return (x > 0).to(x.dtype) + 0.0 * x


ACTIVATIONS: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "step": _step,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "ReLU": F.relu,
    "leaky ReLU": lambda x: F.leaky_relu(x, 0.1),
    "ELU": F.elu,
    "softplus": F.softplus,
    "swish (SiLU)": F.silu,
    "GELU": F.gelu,
    "identity": lambda x: x,
}

DEFAULT_SHOWN = ("step", "sigmoid", "tanh", "ReLU")


def curve(name: str, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(f(x), f'(x)) for the named activation; the derivative comes from autograd, not a formula."""
    if name not in ACTIVATIONS:
        raise KeyError(f"unknown activation {name!r}; known: {', '.join(ACTIVATIONS)}")
    x = x.detach().clone().requires_grad_(True)
    y = ACTIVATIONS[name](x)
    (grad,) = torch.autograd.grad(y.sum(), x)
    return y.detach(), grad.detach()
