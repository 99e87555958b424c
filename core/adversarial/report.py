"""One attack on one image, summed up for a page or a benchmark: the three pictures, top-5 before and after."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.adversarial.attacks import AttackConfig, LogitsFn, attack


@dataclass
class AttackReport:
    original: np.ndarray  # (H, W, C) in [0, 1]
    adversarial: np.ndarray
    perturbation: np.ndarray  # adversarial - original, signed
    before: list[tuple[int, float]]  # top-5 (class index, probability)
    after: list[tuple[int, float]]
    label: int  # the class attacked: the true one, or the model's own answer when the truth is unknown
    flipped: bool  # untargeted: the top answer changed; targeted: it became the target
    max_change_units: float  # the largest change of any pixel, in units of 1/255
    target: int | None = None  # the class a targeted attack aimed at


def _top5(logits: torch.Tensor) -> list[tuple[int, float]]:
    values, indices = logits.softmax(1)[0].topk(min(5, logits.shape[1]))
    return list(zip(indices.tolist(), values.tolist(), strict=True))


def _hwc(x: torch.Tensor) -> np.ndarray:
    return x[0].permute(1, 2, 0).detach().cpu().numpy()


def attack_report(logits_fn: LogitsFn, x: torch.Tensor, cfg: AttackConfig, label: int | None = None) -> AttackReport:
    """Attack the one image x (1, C, H, W). Without a label the model's own answer is the class attacked."""
    with torch.no_grad():
        clean = logits_fn(x)
    label = int(clean.argmax(1)) if label is None else int(label)
    adv = attack(logits_fn, x, torch.tensor([label], device=x.device), cfg)
    with torch.no_grad():
        dirty = logits_fn(adv)
    top = int(dirty.argmax(1))
    flipped = top == cfg.target if cfg.target is not None else top != label
    delta = adv - x
    return AttackReport(_hwc(x), _hwc(adv), _hwc(delta), _top5(clean), _top5(dirty), label, flipped,
                        float(delta.abs().max()) * 255, cfg.target)
