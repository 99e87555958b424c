"""Latent sizes side by side: the same autoencoder with 2, 10, 20 and 50 latents trained step for step, so their
test errors can share one chart. One trainer for ui.live that holds four DigitsTrainers."""
from __future__ import annotations

from dataclasses import dataclass, replace

import torch

from core.autoencoders.digits import VERSION, DigitsConfig, DigitsTrainer

SWEEP_NAME = f"autoencoders.sweep.v{VERSION}"
SIZES = (2, 10, 20, 50)
STEPS = 600  # each; four networks, so about as long as one of the page's 2-latent networks


@dataclass(frozen=True)
class SweepConfig:
    base: DigitsConfig = DigitsConfig(total_steps=STEPS)
    sizes: tuple = SIZES

    @property
    def total_steps(self) -> int:
        return self.base.total_steps

    def configs(self) -> list[DigitsConfig]:
        return [replace(self.base, latents=k) for k in self.sizes]


class SweepTrainer:
    def __init__(self, config: SweepConfig, device: torch.device | str = "cpu"):
        self.config = config
        self.trainers = [DigitsTrainer(c, device) for c in config.configs()]

    @property
    def steps_done(self) -> int:
        return min(t.steps_done for t in self.trainers)

    def step(self, n: int = 1) -> None:
        for t in self.trainers:
            t.step(n)

    def errors(self) -> dict[int, dict]:
        """{latents: that network's history} for the chart."""
        return {t.config.latents: t.history for t in self.trainers}

    def payload(self) -> dict:
        return {str(t.config.latents): t.payload() for t in self.trainers}

    def load_payload(self, payload: dict) -> None:
        for t in self.trainers:
            t.load_payload(payload[str(t.config.latents)])


def sweep_config(source: str, seed: int = 0) -> SweepConfig:
    """The page's sweep (and what core.prepare trains)."""
    return SweepConfig(base=DigitsConfig(source=source, total_steps=STEPS, seed=seed))


def train_sweep(config: SweepConfig, device: torch.device | str = "cpu") -> SweepTrainer:
    trainer = SweepTrainer(config, device)
    trainer.step(config.total_steps)
    return trainer
