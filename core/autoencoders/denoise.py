"""The seed's convolutional denoiser trained live: noisy digits in, clean digits as the target. Each training
image gets its own noise level, drawn up to `max_noise`, so one network cleans every level of the page's slider."""
from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from core.autoencoders.metrics import add_noise, psnr
from core.autoencoders.models import ConvDenoiser
from core.mnist.data import SOURCES, get_digits
from core.seeding import generator, seeded_model

VERSION = 1
DENOISE_NAME = f"autoencoders.denoise.v{VERSION}"


@dataclass(frozen=True)
class DenoiseConfig:
    source: str = "mnist"
    total_steps: int = 400
    batch_size: int = 64
    learning_rate: float = 0.003
    max_noise: float = 0.8  # training noise levels are drawn from [0, max_noise]
    log_every: int = 25
    seed: int = 0

    def __post_init__(self):
        if self.source not in SOURCES or min(self.total_steps, self.batch_size, self.log_every) < 1:
            raise ValueError("unknown source, or a step count or batch size below 1")
        if not 0 < self.max_noise <= 2:
            raise ValueError("max_noise must be in (0, 2]")


class DenoiseTrainer:
    def __init__(self, config: DenoiseConfig, device: torch.device | str = "cpu"):
        self.config = config
        self.device = torch.device(device)
        self.data = get_digits(config.source, self.device)
        self.model = seeded_model(ConvDenoiser, config.seed).to(self.device)
        self.optimiser = torch.optim.Adam(self.model.parameters(), lr=config.learning_rate)
        self.generator = generator(config.seed)  # batches and noise
        self.steps_done = 0
        self.history: dict[str, list] = {"step": [], "train_loss": []}

    def step(self, n: int = 1) -> None:
        c = self.config
        for _ in range(max(0, min(n, c.total_steps - self.steps_done))):
            idx = torch.randint(len(self.data.train_y), (c.batch_size,), generator=self.generator)
            clean = self.data.train_x[idx.to(self.device)]
            levels = torch.rand(c.batch_size, generator=self.generator) * c.max_noise
            noisy = add_noise(clean, levels, self.generator)
            loss = F.binary_cross_entropy(self.model(noisy), clean)
            self.optimiser.zero_grad(set_to_none=True)
            loss.backward()
            self.optimiser.step()
            self.steps_done += 1
            if self.steps_done % c.log_every == 0 or self.steps_done == c.total_steps:
                self.history["step"].append(self.steps_done)
                self.history["train_loss"].append(float(loss.detach()))

    @torch.no_grad()
    def clean(self, noisy: torch.Tensor) -> torch.Tensor:
        self.model.eval()
        out = self.model(noisy)
        self.model.train()
        return out

    def payload(self) -> dict:
        return {"model": {k: v.detach().cpu() for k, v in self.model.state_dict().items()},
                "optimiser": self.optimiser.state_dict(), "generator": self.generator.get_state(),
                "steps_done": self.steps_done, "history": {k: list(v) for k, v in self.history.items()}}

    def load_payload(self, payload: dict) -> None:
        self.model.load_state_dict(payload["model"])
        self.optimiser.load_state_dict(payload["optimiser"])
        self.generator.set_state(payload["generator"])
        self.steps_done = int(payload["steps_done"])
        self.history = {k: list(v) for k, v in payload["history"].items()}


def denoise_report(trainer: DenoiseTrainer, images: torch.Tensor, level: float, seed: int) -> dict:
    """Noisy copies of `images` at `level`, the network's cleaned ones, and PSNR (dB) of each against the clean."""
    noisy = add_noise(images, level, generator(seed))
    cleaned = trainer.clean(noisy)
    return {"noisy": noisy, "cleaned": cleaned, "psnr_noisy": psnr(images, noisy),
            "psnr_cleaned": psnr(images, cleaned)}


def train_denoiser(config: DenoiseConfig, device: torch.device | str = "cpu") -> DenoiseTrainer:
    trainer = DenoiseTrainer(config, device)
    trainer.step(config.total_steps)
    return trainer
