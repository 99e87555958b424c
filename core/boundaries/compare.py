"""Small and smooth against big and trained long, on the same few noisy points: the overfitting question.

Both networks see identical data and steps. The large one has the capacity (and no L2) to thread its
boundary around every noisy training point; the small one, with a little L2, cannot, and draws a
smoother line. Which does better on the test points is what the page asks."""
from __future__ import annotations

from dataclasses import dataclass, field

import torch

from core.boundaries.trainer import BoundaryConfig, BoundaryTrainer
from core.data.datasets2d import Dataset2DConfig

COMPARE_CHECKPOINT_NAME = "boundary_compare.v2"  # .v2: per-dataset settings, local seeding


@dataclass(frozen=True)
class CompareConfig:
    data: Dataset2DConfig = field(default_factory=lambda: Dataset2DConfig(
        kind="moons", n_points=100, noise=0.3, test_fraction=0.5))
    total_steps: int = 3000
    seed: int = 0

    def small(self) -> BoundaryConfig:
        return BoundaryConfig(data=self.data, hidden_layers=1, width=8, activation="tanh", learning_rate=0.03,
                              batch_size=64, l2=1e-3, total_steps=self.total_steps, log_every=50, seed=self.seed)

    def large(self) -> BoundaryConfig:
        return BoundaryConfig(data=self.data, hidden_layers=4, width=128, activation="relu", learning_rate=0.003,
                              batch_size=64, l2=0.0, total_steps=self.total_steps, log_every=50, seed=self.seed)


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
