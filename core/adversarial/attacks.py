"""FGSM and PGD on pixels in [0, 1]; ε is a bound on every pixel's change (2/255 is invisible).

`logits_fn` maps (N, C, H, W) pixels to class scores, so the same code attacks the MNIST CNN and an ImageNet
backbone (whose normalisation lives inside its logits). Untargeted attacks climb the loss of the true class;
targeted ones descend the loss of the class the image should become."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from core.seeding import generator as make_generator

LogitsFn = Callable[[torch.Tensor], torch.Tensor]
METHODS = ("fgsm", "pgd")


@dataclass(frozen=True)
class AttackConfig:
    method: str = "fgsm"  # "fgsm" or "pgd"
    epsilon: float = 2 / 255
    steps: int = 10  # PGD only
    step_size: float | None = None  # PGD only; default 2.5 ε / steps (Madry et al.)
    target: int | None = None  # a class to become, or None to just leave the true one
    seed: int = 0  # PGD's random start

    def __post_init__(self):
        if self.method not in METHODS:
            raise ValueError("method must be fgsm or pgd")
        if not 0 <= self.epsilon <= 1:
            raise ValueError("epsilon must be between 0 and 1 (pixels are in [0, 1])")
        if self.steps < 1:
            raise ValueError("steps must be at least 1")


def _loss_gradient(logits_fn: LogitsFn, x: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    x = x.detach().requires_grad_(True)
    with torch.enable_grad():
        loss = F.cross_entropy(logits_fn(x), labels, reduction="sum")
        (grad,) = torch.autograd.grad(loss, x)
    return grad


def _direction(logits_fn: LogitsFn, x: torch.Tensor, labels: torch.Tensor, target: int | None) -> torch.Tensor:
    """The sign step that hurts the true class (untargeted) or helps the target (targeted)."""
    if target is None:
        return _loss_gradient(logits_fn, x, labels).sign()
    return -_loss_gradient(logits_fn, x, torch.full_like(labels, target)).sign()


def fgsm(logits_fn: LogitsFn, x: torch.Tensor, labels: torch.Tensor, epsilon: float,
         target: int | None = None) -> torch.Tensor:
    """One step of size ε along the gradient's sign (Goodfellow et al. 2015), kept inside [0, 1]."""
    return (x + epsilon * _direction(logits_fn, x, labels, target)).clamp(0, 1).detach()


def pgd(logits_fn: LogitsFn, x: torch.Tensor, labels: torch.Tensor, epsilon: float, steps: int = 10,
        step_size: float | None = None, target: int | None = None,
        generator: torch.Generator | None = None) -> torch.Tensor:
    """FGSM repeated with small steps, projected back into the ε-box around x after each (Madry et al. 2018).
    Starts from a random point in the box when a generator is given."""
    alpha = step_size if step_size is not None else 2.5 * epsilon / steps
    adv = x.detach().clone()
    if generator is not None:
        noise = torch.rand(x.shape, generator=generator, dtype=x.dtype).to(x.device) * 2 - 1
        adv = (adv + epsilon * noise).clamp(0, 1)
    for _ in range(steps):
        adv = adv + alpha * _direction(logits_fn, adv, labels, target)
        adv = torch.min(torch.max(adv, x - epsilon), x + epsilon).clamp(0, 1).detach()
    return adv


def attack(logits_fn: LogitsFn, x: torch.Tensor, labels: torch.Tensor, cfg: AttackConfig) -> torch.Tensor:
    if cfg.method == "fgsm":
        return fgsm(logits_fn, x, labels, cfg.epsilon, cfg.target)
    g = make_generator(cfg.seed)
    return pgd(logits_fn, x, labels, cfg.epsilon, cfg.steps, cfg.step_size, cfg.target, g)


def succeeded(logits: torch.Tensor, labels: torch.Tensor, target: int | None) -> torch.Tensor:
    """Per image: the answer left the true class (untargeted) or became the target (targeted)."""
    top = logits.argmax(1)
    return top == target if target is not None else top != labels


@torch.no_grad()
def smallest_fgsm_epsilon(logits_fn: LogitsFn, x: torch.Tensor, label: int, target: int | None = None,
                          max_units: float = 32.0, unit_step: float = 0.25, batch: int = 32) -> float | None:
    """The smallest ε (in units of 1/255, on a grid of `unit_step`) at which FGSM succeeds on one image, or None.

    FGSM's direction does not depend on ε, so every candidate is one image of a batch: an exact scan, not a
    bisection that could step over a non-monotone stretch."""
    labels = torch.tensor([label], device=x.device)
    direction = _direction(logits_fn, x, labels, target)
    units = torch.arange(unit_step, max_units + 1e-9, unit_step, dtype=x.dtype)
    for chunk in units.split(batch):
        candidates = (x + (chunk / 255).to(x.device).view(-1, 1, 1, 1) * direction).clamp(0, 1)
        hit = succeeded(logits_fn(candidates), labels.expand(len(chunk)), target)
        if hit.any():
            return float(chunk[int(hit.nonzero()[0])])
    return None


def smallest_pgd_epsilon(logits_fn: LogitsFn, x: torch.Tensor, label: int, target: int | None = None,
                         steps: int = 10, max_units: float = 32.0, tolerance_units: float = 0.25,
                         seed: int = 0) -> float | None:
    """The smallest ε (units of 1/255) at which PGD succeeds, by bisection (PGD's success grows with ε)."""
    labels = torch.tensor([label], device=x.device)

    def works(units: float) -> bool:
        adv = pgd(logits_fn, x, labels, units / 255, steps, target=target,
                  generator=make_generator(seed))
        with torch.no_grad():
            return bool(succeeded(logits_fn(adv), labels, target)[0])

    if not works(max_units):
        return None
    lo, hi = 0.0, max_units
    while hi - lo > tolerance_units:
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if works(mid) else (mid, hi)
    return hi
