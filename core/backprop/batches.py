"""One sample at a time, mini-batches, or the whole batch: the same network, data, starting weights and learning
rate, trained each way for the same number of epochs. The loss on the whole training set is logged against the
samples seen and against the wall-clock seconds spent training (evaluation is not timed)."""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F

from core.boundaries.trainer import build_mlp
from core.data.datasets2d import Dataset2DConfig, make_dataset
from core.device import synchronize
from core.seeding import generator, seeded_model

CHECKPOINT_NAME = "backprop.batches.v1"
FULL = 0  # batch size 0 stands for "the whole training set"
BATCH_SIZES = (1, 8, 32, 128, FULL)
LOGS_PER_EPOCH = 8


@dataclass(frozen=True)
class BatchesConfig:
    data: Dataset2DConfig = field(default_factory=lambda: Dataset2DConfig(kind="moons", n_points=400, noise=0.2))
    batch_sizes: tuple[int, ...] = BATCH_SIZES
    hidden_layers: int = 2
    width: int = 16
    activation: str = "tanh"
    learning_rate: float = 0.1
    epochs: int = 12
    seed: int = 0

    def __post_init__(self):
        if not self.batch_sizes or any(b < 0 for b in self.batch_sizes) or len(set(self.batch_sizes)) != len(
                self.batch_sizes):
            raise ValueError("batch_sizes must be distinct sizes >= 1, or 0 for the full batch")
        if self.epochs < 1 or not 0 < self.learning_rate <= 10:
            raise ValueError("epochs must be positive and the learning rate in (0, 10]")


def label(batch: int) -> str:
    return "full batch" if batch == FULL else ("one sample" if batch == 1 else f"batch {batch}")


def train_epoch(model, optimiser, x, y, batch: int, gen: torch.Generator, on_step=None) -> None:
    """One pass over (x, y) in a shuffled order, one SGD step per `batch` samples (the last batch may be short)."""
    order = torch.randperm(len(y), generator=gen).to(x.device)
    for i in range(0, len(y), batch):
        idx = order[i:i + batch]
        loss = F.cross_entropy(model(x[idx]), y[idx])
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        optimiser.step()
        if on_step is not None:
            on_step(len(idx))


class Run:
    """One batch size: its model, optimiser, shuffling generator and log."""

    def __init__(self, config: BatchesConfig, batch: int, x, y):
        self.batch = batch
        self.size = batch if batch != FULL else len(y)
        self.model = seeded_model(lambda: build_mlp(int(y.max()) + 1, config.hidden_layers, config.width,
                                                    config.activation), config.seed).to(x.device)
        self.optimiser = torch.optim.SGD(self.model.parameters(), lr=config.learning_rate)
        self.gen = generator(config.seed)
        self.samples, self.seconds, self.updates = 0, 0.0, 0
        self.log = {"samples": [], "seconds": [], "loss": []}


class BatchRace:
    """Every batch size trained side by side, an epoch at a time (ui.live's Trainer protocol; a step = an epoch)."""

    def __init__(self, config: BatchesConfig, device: torch.device | str = "cpu"):
        self.config, self.device = config, torch.device(device)
        data = make_dataset(config.data)
        self.x = torch.from_numpy(data.train_x).to(self.device)
        self.y = torch.from_numpy(data.train_y).to(self.device)
        self.runs = {b: Run(config, b, self.x, self.y) for b in config.batch_sizes}
        self.steps_done = 0
        self._warm_up()
        for run in self.runs.values():
            self._record(run)

    def _warm_up(self) -> None:
        """A throwaway step at each size on a scratch model: the first calls' set-up is not training time."""
        scratch = Run(self.config, FULL, self.x, self.y)
        for b in self.config.batch_sizes:
            train_epoch(scratch.model, scratch.optimiser, self.x[:max(b, 1) * 2], self.y[:max(b, 1) * 2],
                        max(b, 1), generator(0))

    @torch.no_grad()
    def _record(self, run: Run) -> None:
        run.log["samples"].append(run.samples)
        run.log["seconds"].append(run.seconds)
        run.log["loss"].append(F.cross_entropy(run.model(self.x), self.y).item())

    def _epoch(self, run: Run) -> None:
        every = max(run.size, len(self.y) // LOGS_PER_EPOCH)
        mark = [time.perf_counter()]

        def on_step(n: int) -> None:
            run.samples += n
            run.updates += 1
            if run.samples % every < n or run.samples % len(self.y) == 0:  # crossed a logging point
                synchronize(self.device)
                run.seconds += time.perf_counter() - mark[0]
                self._record(run)
                mark[0] = time.perf_counter()  # the evaluation itself is not training time

        train_epoch(run.model, run.optimiser, self.x, self.y, run.size, run.gen, on_step)
        synchronize(self.device)
        run.seconds += time.perf_counter() - mark[0]

    def step(self, n: int = 1) -> None:
        for _ in range(n):
            for run in self.runs.values():
                self._epoch(run)
            self.steps_done += 1

    def payload(self) -> dict:
        return {"steps_done": self.steps_done, "device": str(self.device),
                "runs": {str(b): {"model": r.model.state_dict(), "optimiser": r.optimiser.state_dict(),
                                  "gen": r.gen.get_state(), "samples": r.samples, "seconds": r.seconds,
                                  "updates": r.updates, "log": {k: list(v) for k, v in r.log.items()}}
                         for b, r in self.runs.items()}}

    def load_payload(self, payload: dict) -> None:
        self.steps_done = int(payload["steps_done"])
        self.timed_on = payload.get("device", "?")
        for b, r in self.runs.items():
            saved = payload["runs"][str(b)]
            r.model.load_state_dict(saved["model"])
            r.optimiser.load_state_dict(saved["optimiser"])
            r.gen.set_state(saved["gen"])
            r.samples, r.seconds, r.updates = int(saved["samples"]), float(saved["seconds"]), int(saved["updates"])
            r.log = {k: list(v) for k, v in saved["log"].items()}


def default_config() -> BatchesConfig:
    return BatchesConfig()


def train_to_completion(config: BatchesConfig, device: torch.device | str = "cpu") -> BatchRace:
    race = BatchRace(config, device)
    race.step(config.epochs)
    return race


def prepare_jobs():
    """The batch-size comparison (its timings are this machine's), for `python -m core.prepare`."""
    from core.checkpoints import prepare_job

    return [prepare_job("Backprop and batches: one sample vs mini-batches vs full batch", CHECKPOINT_NAME,
                        default_config(), train_to_completion)]
