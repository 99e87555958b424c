"""Small and smooth against big and trained long, on the same few noisy points: the overfitting question.

Both networks see identical data and steps. The large one has the capacity (and no L2) to thread its
boundary around every noisy training point; the small one, sized for the dataset's shape and held back by
L2, cannot, and draws a smoother line. Each dataset gets its own comparison (COMPARE_SETTINGS): enough noise
and few enough training points that memorising them costs test accuracy, and a small network just big
enough for the shape (a spiral needs more than a straight-ish line). tests/core/boundaries/test_compare.py
checks that on every dataset the small one scores higher on the test points with a smaller train-test gap."""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

import torch

from core.boundaries.trainer import BoundaryConfig, BoundaryTrainer
from core.data.datasets2d import KINDS, Dataset2DConfig

COMPARE_CHECKPOINT_NAME = "boundary_compare.v2"  # .v2: per-dataset settings, local seeding


@dataclass(frozen=True)
class SmallNetwork:
    hidden_layers: int
    width: int
    learning_rate: float
    l2: float
    activation: str = "tanh"


@dataclass(frozen=True)
class CompareSettings:
    n_points: int  # before the split
    test_fraction: float  # most points are held out: few to learn from, many to judge by
    noise: float
    small: SmallNetwork


COMPARE_SETTINGS = {
    "two_blobs": CompareSettings(200, 0.75, 1.2, SmallNetwork(1, 4, 0.03, 0.01)),
    "moons": CompareSettings(200, 0.75, 0.35, SmallNetwork(1, 16, 0.03, 0.003)),
    "circles": CompareSettings(400, 0.8, 0.2, SmallNetwork(2, 16, 0.03, 0.003)),
    "xor": CompareSettings(400, 0.8, 0.5, SmallNetwork(1, 8, 0.03, 0.03)),
    "spiral": CompareSettings(400, 0.5, 0.25, SmallNetwork(2, 16, 0.03, 0.001)),
    "blobs": CompareSettings(200, 0.75, 1.0, SmallNetwork(1, 8, 0.03, 0.01)),
}
assert set(COMPARE_SETTINGS) == set(KINDS), "every dataset the page offers needs its comparison settings"
LARGE = dict(hidden_layers=4, width=128, activation="relu", learning_rate=0.003, l2=0.0)


def compare_noise(kind: str) -> float:
    """The noise this dataset's comparison uses by default."""
    return COMPARE_SETTINGS[kind].noise


@dataclass(frozen=True)
class CompareConfig:
    data: Dataset2DConfig = field(default_factory=lambda: CompareConfig.dataset("moons"))
    total_steps: int = 2000
    seed: int = 0

    @staticmethod
    def dataset(kind: str, n_classes: int = 3, seed: int = 0, noise: float | None = None) -> Dataset2DConfig:
        """The comparison's data for `kind`: its own size, split and (unless given) noise."""
        s = COMPARE_SETTINGS[kind]
        return Dataset2DConfig(kind=kind, n_points=s.n_points, noise=s.noise if noise is None else noise,
                               test_fraction=s.test_fraction, n_classes=n_classes, seed=seed)

    @classmethod
    def for_dataset(cls, kind: str, n_classes: int = 3, seed: int = 0, noise: float | None = None) -> CompareConfig:
        """The comparison the page shows for a dataset kind (noise: None for the kind's own)."""
        return cls(data=cls.dataset(kind, n_classes, seed, noise), seed=seed)

    def small(self) -> BoundaryConfig:
        net = COMPARE_SETTINGS[self.data.kind].small
        return BoundaryConfig(data=self.data, hidden_layers=net.hidden_layers, width=net.width,
                              activation=net.activation, learning_rate=net.learning_rate, batch_size=64, l2=net.l2,
                              total_steps=self.total_steps, log_every=50, seed=self.seed)

    def large(self) -> BoundaryConfig:
        return BoundaryConfig(data=self.data, **LARGE, batch_size=64, total_steps=self.total_steps, log_every=50,
                              seed=self.seed)


class CompareTrainer:
    """Two BoundaryTrainers stepped together; one Trainer (ui.live protocol) to the page."""

    def __init__(self, config: CompareConfig, device: torch.device | str = "cpu"):
        self.config = config
        self.small = BoundaryTrainer(config.small(), device)
        self.large = BoundaryTrainer(config.large(), device)

    @property
    def steps_done(self) -> int:
        return self.small.steps_done

    def step(self, n: int = 1) -> None:
        self.small.step(n)
        self.large.step(n)

    def snapshot(self) -> CompareTrainer:
        snap = copy.copy(self)
        snap.small, snap.large = self.small.snapshot(), self.large.snapshot()
        return snap

    def gaps(self) -> tuple[float, float]:
        """Train minus test accuracy of (small, large): how much each learned the noise."""
        return tuple(t.accuracy("train") - t.accuracy("test") for t in (self.small, self.large))

    def payload(self) -> dict:
        return {"small": self.small.payload(), "large": self.large.payload()}

    def load_payload(self, payload: dict) -> None:
        self.small.load_payload(payload["small"])
        self.large.load_payload(payload["large"])


def default_config() -> CompareConfig:
    """The comparison the page shows first (what `prepare` can train ahead)."""
    return CompareConfig()


def train_to_completion(config: CompareConfig, device: torch.device | str = "cpu") -> CompareTrainer:
    pair = CompareTrainer(config, device)
    pair.step(config.total_steps - pair.steps_done)
    return pair


def prepare_jobs():
    """The small-vs-big pair, for `python -m core.prepare`."""
    from core.checkpoints import prepare_job

    return [prepare_job("Classification boundaries: small vs big networks", COMPARE_CHECKPOINT_NAME,
                        default_config(), train_to_completion)]
