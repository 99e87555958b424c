"""Train the Part 1 boundaries network (small and wide), keeping a trail of its weights, then map its loss
landscape: one ui.live trainer, with a checkpoint and a prepare job, so the page opens with the landscape ready."""
from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch.nn.utils import parameters_to_vector

from core.boundaries.trainer import BoundaryConfig, BoundaryTrainer
from core.data.datasets2d import Dataset2DConfig
from core.descent.landscape import DIRECTIONS, MAX_RESOLUTION, landscape

CHECKPOINT_NAME = "descent.landscape.v1"
WIDTHS = {"small": 4, "wide": 64}


@dataclass(frozen=True)
class LandscapeConfig:
    data: Dataset2DConfig = field(default_factory=lambda: Dataset2DConfig(kind="moons", n_points=200, noise=0.2))
    hidden_layers: int = 2
    activation: str = "relu"
    learning_rate: float = 0.01
    total_steps: int = 1500
    record_every: int = 25  # a trail point every this many steps
    directions: str = "random"
    resolution: int = 51
    span: float = 1.0  # the grid runs from -span to +span along each direction (random directions)
    seed: int = 0

    def __post_init__(self):
        if self.directions not in DIRECTIONS:
            raise ValueError(f"directions must be one of {', '.join(DIRECTIONS)}")
        if not 3 <= self.resolution <= MAX_RESOLUTION or self.resolution % 2 == 0:
            raise ValueError(f"resolution must be odd, 3 to {MAX_RESOLUTION}")
        if not 0 < self.span <= 10 or self.total_steps < 1 or self.record_every < 1:
            raise ValueError("span must be in (0, 10]; total_steps and record_every positive")

    def network(self, which: str) -> BoundaryConfig:
        return BoundaryConfig(data=self.data, hidden_layers=self.hidden_layers, width=WIDTHS[which],
                              activation=self.activation, learning_rate=self.learning_rate, optimiser="adam",
                              batch_size=32, total_steps=self.total_steps, log_every=self.record_every,
                              seed=self.seed)


class NetworkLandscape:
    """One BoundaryTrainer (reused, not copied), its weight trail, and its landscape once trained."""

    def __init__(self, config: LandscapeConfig, which: str, device: torch.device | str = "cpu"):
        self.config, self.which = config, which
        self.net = BoundaryTrainer(config.network(which), device)
        self.trail = [self._weights()]
        self.trail_steps = [0]
        self.surface: dict | None = None

    def _weights(self) -> torch.Tensor:
        return parameters_to_vector(self.net.model.parameters()).detach().cpu().clone()

    @property
    def steps_done(self) -> int:
        return self.net.steps_done

    @property
    def n_params(self) -> int:
        return sum(p.numel() for p in self.net.model.parameters())

    def step(self, n: int) -> None:
        every = self.config.record_every
        while n > 0 and self.steps_done < self.config.total_steps:
            k = min(n, every - self.steps_done % every, self.config.total_steps - self.steps_done)
            self.net.step(k)
            n -= k
            if self.steps_done % every == 0 or self.steps_done == self.config.total_steps:
                self.trail.append(self._weights())
                self.trail_steps.append(self.steps_done)
        if self.steps_done >= self.config.total_steps and self.surface is None:
            self.compute()

    def compute(self) -> dict:
        c = self.config
        self.net.model.eval()
        self.surface = landscape(self.net.model, self.net.train_x, self.net.train_y, torch.stack(self.trail),
                                 directions=c.directions, resolution=c.resolution, span=c.span, seed=c.seed)
        return self.surface

    def payload(self) -> dict:
        return {"net": self.net.payload(), "trail": torch.stack(self.trail), "trail_steps": list(self.trail_steps),
                "surface": self.surface}

    def load_payload(self, payload: dict) -> None:
        self.net.load_payload(payload["net"])
        self.trail = list(payload["trail"].unbind(0))
        self.trail_steps = list(payload["trail_steps"])
        self.surface = payload["surface"]


class LandscapePair:
    """The small and the wide network, stepped together: one Trainer for ui.live."""

    def __init__(self, config: LandscapeConfig, device: torch.device | str = "cpu"):
        self.config = config
        self.nets = {which: NetworkLandscape(config, which, device) for which in WIDTHS}

    @property
    def steps_done(self) -> int:
        return min(n.steps_done for n in self.nets.values())

    def step(self, n: int = 1) -> None:
        for net in self.nets.values():
            net.step(n)

    def payload(self) -> dict:
        return {which: net.payload() for which, net in self.nets.items()}

    def load_payload(self, payload: dict) -> None:
        for which, net in self.nets.items():
            net.load_payload(payload[which])


def default_config() -> LandscapeConfig:
    return LandscapeConfig()


def train_to_completion(config: LandscapeConfig, device: torch.device | str = "cpu") -> LandscapePair:
    pair = LandscapePair(config, device)
    pair.step(config.total_steps)
    return pair


def prepare_jobs():
    """The page's default landscapes (small and wide), for `python -m core.prepare`."""
    from core.checkpoints import prepare_job

    return [prepare_job("Error surfaces: loss landscapes of a small and a wide network", CHECKPOINT_NAME,
                        default_config(), train_to_completion)]
