"""A GAN trained live (ui.live's Trainer protocol: config, steps_done, step, payload, load_payload).

Each step: the discriminator sees a real batch and a generated one and learns to tell them apart; then the
generator learns to make the discriminator call its batch real. A moving average of the generator's weights
(EMA) is what the page shows and the benchmark judges: it averages away the generator's step-to-step wobble.
The same 64 noise vectors are drawn at every snapshot, so the audience watches the same samples sharpen."""
from __future__ import annotations

import copy

import numpy as np
import torch

from core.gan.config import GanConfig
from core.gan.losses import discriminator_accuracy, discriminator_loss, generator_loss
from core.gan.models import build_pair
from core.gan.noise import generate, sample_noise
from core.mnist.data import get_digits
from core.seeding import generator

GRID = 64  # fixed-noise samples shown and saved at every snapshot


def to_uint8(images: torch.Tensor) -> torch.Tensor:
    """(N, 1, 28, 28) in [0, 1] -> (N, 28, 28) uint8 on the CPU: a snapshot costs 50 kB."""
    return (images[:, 0].clamp(0, 1) * 255).round().to(torch.uint8).cpu()


@torch.no_grad()
def ema_update(ema: torch.nn.Module, model: torch.nn.Module, decay: float) -> None:
    """ema <- decay * ema + (1 - decay) * model for parameters; buffers (batch-norm statistics) copied."""
    for e, p in zip(ema.parameters(), model.parameters(), strict=True):
        e.lerp_(p.detach(), 1 - decay)
    for e, b in zip(ema.buffers(), model.buffers(), strict=True):
        e.copy_(b)


class GanTrainer:
    def __init__(self, config: GanConfig, device: torch.device | str = "cpu"):
        self.config = config
        self.device = torch.device(device)
        data = get_digits(config.source, self.device)
        self.images = data.train_x  # [0, 1]; scaled to [-1, 1] per batch, like the generator's tanh
        self.n_train = len(self.images)
        self.batch_size = min(config.batch_size, self.n_train)
        self.steps_per_epoch = max(1, self.n_train // self.batch_size)
        gen, disc = build_pair(config.model, config.z_dim, config.seed, config.spectral_norm)
        self.gen, self.disc = gen.to(self.device), disc.to(self.device)
        self.ema = copy.deepcopy(self.gen) if config.ema > 0 else None
        betas = (config.beta1, 0.999)
        self.opt_g = torch.optim.Adam(self.gen.parameters(), lr=config.generator_lr, betas=betas)
        self.opt_d = torch.optim.Adam(self.disc.parameters(), lr=config.lr_d, betas=betas)
        self.noise = generator(config.seed + 3)  # training noise and batch order
        self.fixed_z = sample_noise(GRID, config.z_dim, generator(config.seed + 4))
        self._order = torch.randperm(self.n_train, generator=self.noise)
        self._pos = 0
        self.steps_done = 0
        self._sums, self._count = np.zeros(4), 0  # loss_d, loss_g, acc_real, acc_fake since the last log
        self.history: dict[str, list] = {k: [] for k in ("step", "epoch", "loss_d", "loss_g", "acc_real",
                                                         "acc_fake")}
        self.snapshot_steps: list[int] = []
        self.snapshots: list[torch.Tensor] = []
        self._snapshot()

    @property
    def sampler(self) -> torch.nn.Module:
        """The generator the page shows: the moving average when there is one."""
        return self.ema if self.ema is not None else self.gen

    @property
    def epoch(self) -> float:
        return self.steps_done / self.steps_per_epoch

    def _next_batch(self) -> torch.Tensor:
        if self._pos + self.batch_size > self.n_train:
            self._order, self._pos = torch.randperm(self.n_train, generator=self.noise), 0
        idx = self._order[self._pos:self._pos + self.batch_size]
        self._pos += self.batch_size
        return self.images[idx.to(self.device)] * 2 - 1

    def step(self, n: int = 1) -> None:
        """`n` rounds of one discriminator and one generator update (never past total_steps)."""
        c = self.config
        for _ in range(min(n, c.total_steps - self.steps_done)):
            real = self._next_batch()
            z = sample_noise(self.batch_size, c.z_dim, self.noise).to(self.device)
            fake = self.gen(z)
            d_real, d_fake = self.disc(real), self.disc(fake.detach())
            loss_d = discriminator_loss(d_real, d_fake, c.loss)
            self.opt_d.zero_grad(set_to_none=True)
            loss_d.backward()
            self.opt_d.step()
            loss_g = generator_loss(self.disc(fake), c.loss)
            self.opt_g.zero_grad(set_to_none=True)
            loss_g.backward()
            self.opt_g.step()
            self.steps_done += 1
            if self.ema is not None:  # warm-up: a young average must not cling to the random start
                ema_update(self.ema, self.gen, min(c.ema, (1 + self.steps_done) / (10 + self.steps_done)))
            self._sums += [loss_d.item(), loss_g.item(), *discriminator_accuracy(d_real, d_fake)]
            self._count += 1
            if self.steps_done % c.log_every == 0 or self.steps_done == c.total_steps:
                self._log()
            if self.steps_done % c.snapshot_every == 0 or self.steps_done == c.total_steps:
                self._snapshot()

    def _log(self) -> None:
        means = self._sums / max(1, self._count)
        self._sums, self._count = np.zeros(4), 0
        for k, v in zip(("step", "epoch", "loss_d", "loss_g", "acc_real", "acc_fake"),
                        (self.steps_done, round(self.epoch, 4), *means.tolist()), strict=True):
            self.history[k].append(v)

    def _snapshot(self) -> None:
        if self.snapshot_steps and self.snapshot_steps[-1] == self.steps_done:
            return
        self.snapshot_steps.append(self.steps_done)
        self.snapshots.append(to_uint8(self.sample(self.fixed_z)))

    def sample(self, z: torch.Tensor) -> torch.Tensor:
        """Images (N, 1, 28, 28) in [0, 1] from the shown generator, for noise `z`."""
        return generate(self.sampler, z)

    def payload(self) -> dict:
        return {
            "gen": self.gen.state_dict(), "disc": self.disc.state_dict(),
            "ema": self.ema.state_dict() if self.ema is not None else None,
            "opt_g": self.opt_g.state_dict(), "opt_d": self.opt_d.state_dict(),
            "noise": self.noise.get_state(), "order": self._order.clone(), "pos": self._pos,
            "steps_done": self.steps_done, "sums": torch.from_numpy(self._sums.copy()), "count": self._count,
            "history": {k: list(v) for k, v in self.history.items()},
            "snapshot_steps": list(self.snapshot_steps), "snapshots": torch.stack(self.snapshots),
        }

    def load_payload(self, payload: dict) -> None:
        self.gen.load_state_dict(payload["gen"])
        self.disc.load_state_dict(payload["disc"])
        if self.ema is not None:
            self.ema.load_state_dict(payload["ema"])
        self.opt_g.load_state_dict(payload["opt_g"])
        self.opt_d.load_state_dict(payload["opt_d"])
        self.noise.set_state(payload["noise"])
        self._order, self._pos = payload["order"].clone(), int(payload["pos"])
        self.steps_done = int(payload["steps_done"])
        self._sums, self._count = payload["sums"].numpy().copy(), int(payload["count"])
        self.history = {k: list(v) for k, v in payload["history"].items()}
        self.snapshot_steps = [int(s) for s in payload["snapshot_steps"]]
        self.snapshots = list(payload["snapshots"].clone())


def train_to_completion(config: GanConfig, device: torch.device | str = "cpu") -> GanTrainer:
    trainer = GanTrainer(config, device)
    trainer.step(config.total_steps)
    return trainer


def prepare_jobs():
    """The page's default GAN, on MNIST when `core.prepare` found or fetched it (looked up when the job runs)."""
    from core import checkpoints
    from core.gan.config import checkpoint_name, default_config
    from core.mnist.data import available_source

    def run(device: torch.device) -> str:
        config = default_config(source=available_source())
        return checkpoints.train_once(checkpoint_name(config.model), config, train_to_completion, device)

    return [("GAN: the default generator", run)]
