"""One GAN run's settings: the network pair, the recipe that trains it, and the seed."""
from __future__ import annotations

from dataclasses import dataclass, replace

MODELS = ("dense", "dcgan")  # the talk's fully connected pair; a small convolutional (DCGAN-style) pair
LOSSES = ("bce", "hinge")  # non-saturating cross-entropy; hinge
SOURCES = ("mnist", "sklearn-digits")
VERSION = 1
COLLAPSE_LR_FACTOR = 20.0  # "provoke collapse": the generator's learning rate this many times too large


@dataclass(frozen=True)
class GanConfig:
    model: str = "dense"
    source: str = "mnist"
    total_steps: int = 3000
    batch_size: int = 64
    z_dim: int = 100
    lr_g: float = 5e-4
    lr_d: float = 5e-4
    beta1: float = 0.5
    loss: str = "hinge"
    spectral_norm: bool = True  # on the discriminator's layers: keeps its gradients tame
    ema: float = 0.999  # decay of the moving average of the generator's weights (0: none)
    collapse: bool = False  # provoke mode collapse: a far too strong generator learning rate
    snapshot_every: int = 250  # steps between saved fixed-noise grids (the epoch scrubber)
    log_every: int = 25
    seed: int = 0

    def __post_init__(self):
        problems = []
        if self.model not in MODELS or self.loss not in LOSSES or self.source not in SOURCES:
            problems.append(f"model in {MODELS}, loss in {LOSSES}, source in {SOURCES}")
        if min(self.total_steps, self.batch_size, self.z_dim, self.snapshot_every, self.log_every) < 1:
            problems.append("total_steps, batch_size, z_dim, snapshot_every and log_every must be positive")
        if not (0 < self.lr_g <= 1 and 0 < self.lr_d <= 1 and 0 <= self.beta1 < 1 and 0 <= self.ema < 1):
            problems.append("learning rates in (0, 1], beta1 and ema in [0, 1)")
        if problems:
            raise ValueError("; ".join(problems))

    @property
    def generator_lr(self) -> float:
        """The generator's learning rate actually used (too large when collapse is provoked)."""
        return min(1.0, self.lr_g * COLLAPSE_LR_FACTOR) if self.collapse else self.lr_g


def checkpoint_name(model: str) -> str:
    return f"gan.{model}.v{VERSION}"


def default_config(model: str = "dense", source: str = "mnist", **changes) -> GanConfig:
    """The recipe that trains `model` well on `source` (the page's and prepare's default)."""
    return replace(GanConfig(model=model, source=source), **changes)
