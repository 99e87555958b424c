"""Dense autoencoders and VAEs on MNIST, trained live: mini-batches over shuffled epochs, the test error logged.
Follows ui.live's Trainer protocol (config, steps_done, step, payload, load_payload); weights from core.seeding,
batches and the VAE's sampling noise from local generators, so a config trains the same on every run."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.autoencoders.losses import training_loss, vae_terms
from core.autoencoders.models import DenseAutoencoder, VariationalAutoencoder, weights_digest
from core.mnist.data import SOURCES, get_digits
from core.seeding import generator, seeded_model

VERSION = 1
KINDS = ("ae", "vae")
EVAL_SIZE = 1000  # test images behind each logged point


def checkpoint_name(kind: str, latents: int) -> str:
    return f"autoencoders.{kind}_{latents}.v{VERSION}"


@dataclass(frozen=True)
class DigitsConfig:
    kind: str = "ae"  # "ae": a plain autoencoder; "vae": variational
    latents: int = 2
    source: str = "mnist"  # or "sklearn-digits" when MNIST is absent
    total_steps: int = 1500
    batch_size: int = 128
    learning_rate: float = 0.002
    train_size: int = 0  # 0: every training image; fewer for quick tests
    log_every: int = 50
    seed: int = 0

    def __post_init__(self):
        if self.kind not in KINDS or self.source not in SOURCES:
            raise ValueError(f"kind must be one of {', '.join(KINDS)} and source one of {', '.join(SOURCES)}")
        if not 1 <= self.latents <= 256 or min(self.total_steps, self.batch_size, self.log_every) < 1:
            raise ValueError("latents must be 1..256; total_steps, batch_size and log_every positive")


def build_model(config: DigitsConfig) -> DenseAutoencoder:
    cls = VariationalAutoencoder if config.kind == "vae" else DenseAutoencoder
    return seeded_model(lambda: cls(config.latents), config.seed)


class DigitsTrainer:
    def __init__(self, config: DigitsConfig, device: torch.device | str = "cpu"):
        self.config = config
        self.device = torch.device(device)
        self.data = get_digits(config.source, self.device)
        n = len(self.data.train_y)
        self.n_train = min(n, config.train_size) if config.train_size else n
        self.batch_size = min(config.batch_size, self.n_train)
        self.model = build_model(config).to(self.device)
        self.optimiser = torch.optim.Adam(self.model.parameters(), lr=config.learning_rate)
        self.generator = generator(config.seed)  # batch order
        self.noise = generator(config.seed + 1)  # the VAE's samples
        self._order, self._pos = torch.randperm(self.n_train, generator=self.generator), 0
        self.steps_done = 0
        self.history: dict[str, list] = {"step": [], "train_loss": [], "test_mse": []}
        self._loss_sum, self._count = 0.0, 0

    def _next_batch(self) -> torch.Tensor:
        if self._pos + self.batch_size > self.n_train:
            self._order, self._pos = torch.randperm(self.n_train, generator=self.generator), 0
        idx = self._order[self._pos:self._pos + self.batch_size]
        self._pos += self.batch_size
        return self.data.train_x[idx.to(self.device)]

    def step(self, n: int = 1) -> None:
        for _ in range(max(0, min(n, self.config.total_steps - self.steps_done))):
            self.model.train()
            loss = training_loss(self.model, self._next_batch(), self.noise)
            self.optimiser.zero_grad(set_to_none=True)
            loss.backward()
            self.optimiser.step()
            self._loss_sum += float(loss.detach())
            self._count += 1
            self.steps_done += 1
            if self.steps_done % self.config.log_every == 0 or self.steps_done == self.config.total_steps:
                self._log()

    def _log(self) -> None:
        self.history["step"].append(self.steps_done)
        self.history["train_loss"].append(self._loss_sum / max(1, self._count))
        self.history["test_mse"].append(self.test_mse(EVAL_SIZE))
        self._loss_sum, self._count = 0.0, 0

    @torch.no_grad()
    def test_mse(self, limit: int | None = None) -> float:
        """Mean squared error per pixel on the test set (the first `limit` images), decoding each code's mean."""
        x = self.data.test_x[:limit]
        return float(torch.mean((self.decode(self.encode(x)) - x) ** 2))

    def fingerprint(self) -> str:
        """What the network computes, as a cache key: its weights' digest (its data are the config's source)."""
        return f"{self.config.kind}{self.config.latents}.{self.config.source}.{weights_digest(self.model)}"

    @torch.no_grad()
    def neg_elbo(self) -> float:
        """The VAE's negative ELBO on the test set, nats per image (one sample of z per image)."""
        return float(vae_terms(self.model.eval(), self.data.test_x, generator(self.config.seed + 2))["neg_elbo"])

    @torch.no_grad()
    def encode(self, images: torch.Tensor) -> torch.Tensor:
        """Codes (N, latents) of images (N, 1, 28, 28): the VAE's mean."""
        self.model.eval()
        return torch.cat([self.model.encode(images[i:i + 2000]) for i in range(0, len(images), 2000)])

    @torch.no_grad()
    def decode(self, codes) -> torch.Tensor:
        """Images (N, 1, 28, 28) from codes (N, latents): a tensor on any device (the encoder's own output, on the
        GPU when it trains there) or anything numpy reads."""
        self.model.eval()
        if not isinstance(codes, torch.Tensor):
            codes = torch.as_tensor(np.asarray(codes, dtype=np.float32))
        return self.model.decode(codes.to(self.device, torch.float32))

    @torch.no_grad()
    def resample(self, image: torch.Tensor, times: int, seed: int) -> torch.Tensor:
        """The VAE fed the same image `times` times: each decode draws its own z from q(z|x)."""
        self.model.eval()
        x = image.reshape(1, 1, 28, 28).expand(times, 1, 28, 28)
        return self.model(x, generator(seed)) if self.config.kind == "vae" else self.model(x)

    def payload(self) -> dict:
        return {"model": {k: v.detach().cpu() for k, v in self.model.state_dict().items()},
                "optimiser": self.optimiser.state_dict(), "generator": self.generator.get_state(),
                "noise": self.noise.get_state(), "order": self._order.clone(), "pos": self._pos,
                "steps_done": self.steps_done, "history": {k: list(v) for k, v in self.history.items()},
                "loss_sum": self._loss_sum, "count": self._count}

    def load_payload(self, payload: dict) -> None:
        self.model.load_state_dict(payload["model"])
        self.optimiser.load_state_dict(payload["optimiser"])
        self.generator.set_state(payload["generator"])
        self.noise.set_state(payload["noise"])
        self._order, self._pos = payload["order"].clone(), int(payload["pos"])
        self.steps_done = int(payload["steps_done"])
        self.history = {k: list(v) for k, v in payload["history"].items()}
        self._loss_sum, self._count = float(payload["loss_sum"]), int(payload["count"])


def blend(za, zb, steps: int) -> np.ndarray:
    """`steps` evenly spaced codes from za to zb, both ends included."""
    t = np.linspace(0.0, 1.0, steps)[:, None]
    return (1 - t) * np.asarray(za, float)[None] + t * np.asarray(zb, float)[None]


def plane_grid(codes: np.ndarray, n: int, low: float = 2.0, high: float = 98.0) -> tuple[np.ndarray, np.ndarray]:
    """An n x n grid over the plane the codes fill (their 2nd to 98th percentiles): (xs, ys), each length n."""
    lo, hi = np.percentile(codes[:, :2], [low, high], axis=0)
    return np.linspace(lo[0], hi[0], n), np.linspace(lo[1], hi[1], n)


def grid_codes(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Codes for every grid point, row by row from the top (largest y) down, as an image grid is read."""
    gx, gy = np.meshgrid(xs, ys[::-1])
    return np.stack([gx.ravel(), gy.ravel()], axis=1)


def parse_point(text: str) -> tuple[float, float] | None:
    """A point of the plane from a link's "x,y"; None for anything else (not two finite numbers below 10,000)."""
    try:
        x, y = (float(v) for v in text.split(","))
    except ValueError:
        return None
    return (x, y) if np.isfinite([x, y]).all() and max(abs(x), abs(y)) < 1e4 else None


def random_codes(latents: int, n: int, seed: int) -> torch.Tensor:
    """n codes from the VAE's prior N(0, I)."""
    return torch.randn((n, latents), generator=generator(seed))


def train_to_completion(config: DigitsConfig, device: torch.device | str = "cpu") -> DigitsTrainer:
    trainer = DigitsTrainer(config, device)
    trainer.step(config.total_steps)
    return trainer
