"""One MNIST network trained live: mini-batches over shuffled epochs, curves per logged step, a full test-set
evaluation at the end of every epoch. Follows ui.live's Trainer protocol (config, steps_done, step, payload,
load_payload). Weights come from core.seeding and batches from a local generator: a config trains the same on
every run."""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from core.device import bf16_native
from core.mnist.data import SOURCES, get_digits
from core.mnist.models import MODELS, Dropout
from core.seeding import generator, seeded_model

VERSION = 3  # 2: the fast CNN without label smoothing; 3: its strided, pool-first layout, bf16
EVAL_SAMPLE = 1000  # test images measured at each logged step (the whole test set at each epoch's end)
EVAL_BATCH = 1000
# scikit-learn's digits are 1,437 training images: smaller batches and more epochs give the same number of steps
SMALL_DATA_RECIPE = {"dense": dict(epochs=20, batch_size=64), "talk_cnn": dict(epochs=8, batch_size=64),
                     "fast_cnn": dict(epochs=10, batch_size=64, learning_rate=0.1)}


def checkpoint_name(model: str) -> str:
    return f"mnist.{model}.v{VERSION}"


OPTIMISERS = ("adam", "sgd")
SCHEDULES = ("constant", "onecycle")


@dataclass(frozen=True)
class MnistConfig:
    model: str = "fast_cnn"
    source: str = "mnist"  # or "sklearn-digits" when MNIST is absent
    epochs: int = 2
    batch_size: int = 512
    optimiser: str = "sgd"  # "adam" or "sgd" (Nesterov momentum 0.9)
    learning_rate: float = 0.4
    schedule: str = "onecycle"  # or "constant"
    label_smoothing: float = 0.1
    weight_decay: float = 5e-4
    train_size: int = 0  # 0: every training image; fewer for quick tests
    log_every: int = 20
    seed: int = 0

    def __post_init__(self):
        problems = []
        if self.model not in MODELS:
            problems.append(f"model must be one of {', '.join(MODELS)}")
        if self.source not in SOURCES:
            problems.append(f"source must be one of {', '.join(SOURCES)}")
        if self.optimiser not in OPTIMISERS or self.schedule not in SCHEDULES:
            problems.append("optimiser must be adam or sgd, schedule constant or onecycle")
        if min(self.epochs, self.batch_size, self.log_every) < 1 or self.train_size < 0:
            problems.append("epochs, batch_size and log_every must be positive, train_size not negative")
        if not 0 < self.learning_rate <= 10 or not 0 <= self.label_smoothing < 1 or self.weight_decay < 0:
            problems.append("learning_rate must be in (0, 10], label_smoothing in [0, 1), weight_decay >= 0")
        if problems:
            raise ValueError("; ".join(problems))


def default_config(model: str, source: str = "mnist", **changes) -> MnistConfig:
    """The recipe that trains `model` well (models.MODELS), adapted to the small embedded data set."""
    spec = MODELS[model]
    recipe = dict(epochs=spec.epochs, batch_size=spec.batch_size, optimiser=spec.optimiser,
                  learning_rate=spec.learning_rate, schedule=spec.schedule, label_smoothing=spec.label_smoothing,
                  weight_decay=spec.weight_decay, log_every=20 if model == "fast_cnn" else 50)
    if source != "mnist":
        recipe.update(SMALL_DATA_RECIPE[model], log_every=10)
    return replace(MnistConfig(model=model, source=source, **recipe), **changes)


def build_model(config: MnistConfig) -> nn.Module:
    """The untrained network of `config`: the same weights for the same seed, on the CPU."""
    return seeded_model(MODELS[config.model].build, config.seed)


@dataclass
class Evaluation:
    """The whole test set through the network after `steps` steps: loss, accuracy, every probability."""
    steps: int
    epoch: float
    loss: float
    accuracy: float
    probs: np.ndarray  # (N, 10) float32

    def as_dict(self) -> dict:
        return {"steps": self.steps, "epoch": self.epoch, "loss": self.loss, "accuracy": self.accuracy,
                "probs": torch.from_numpy(self.probs.astype(np.float16))}

    @staticmethod
    def from_dict(d: dict) -> Evaluation:
        return Evaluation(int(d["steps"]), float(d["epoch"]), float(d["loss"]), float(d["accuracy"]),
                          d["probs"].float().numpy())


class MnistTrainer:
    def __init__(self, config: MnistConfig, device: torch.device | str = "cpu"):
        self.config = config
        self.device = torch.device(device)
        self.spec = MODELS[config.model]
        self.data = get_digits(config.source, self.device)
        n = len(self.data.train_y)
        self.n_train = min(n, config.train_size) if config.train_size else n
        self.batch_size = min(config.batch_size, self.n_train)
        self.steps_per_epoch = self.n_train // self.batch_size  # the ragged tail is dropped: every batch is full
        self.total_steps = config.epochs * self.steps_per_epoch
        self.model = build_model(config).to(self.device)
        self.memory_format = torch.channels_last if self.spec.channels_last else torch.contiguous_format
        self.model = self.model.to(memory_format=self.memory_format)
        self.autocast = self.spec.bf16 and bf16_native(self.device)  # weights stay float32; evaluation is float32
        params = self.model.parameters()
        if config.optimiser == "adam":
            self.optimiser = torch.optim.Adam(params, lr=config.learning_rate, weight_decay=config.weight_decay)
        else:
            self.optimiser = torch.optim.SGD(params, lr=config.learning_rate, momentum=0.9, nesterov=True,
                                             weight_decay=config.weight_decay)
        self.scheduler = None
        if config.schedule == "onecycle":
            self.scheduler = torch.optim.lr_scheduler.LambdaLR(self.optimiser, lambda i: one_cycle(i, self.total_steps))
        self.generator = generator(config.seed)
        self.dropout_generator = generator(config.seed + 2)
        for m in self.model.modules():
            if isinstance(m, Dropout):
                m.generator = self.dropout_generator
        self._order = torch.randperm(self.n_train, generator=self.generator)
        self._pos = 0
        self.steps_done = 0
        self.evaluate_epochs = True  # the benchmark turns this off to time training alone
        sample = torch.randperm(len(self.data.test_y), generator=generator(config.seed + 1))[:EVAL_SAMPLE]
        self._sample = sample.to(self.device)
        self._sums, self._count = torch.zeros(2, device=self.device), 0  # loss, correct; images since the last log
        self.history: dict[str, list] = {k: [] for k in ("step", "epoch", "train_loss", "train_acc", "test_loss",
                                                         "test_acc")}
        self.epochs: dict[str, list] = {k: [] for k in ("epoch", "step", "test_loss", "test_acc")}
        self.report: Evaluation | None = None  # the last whole-test-set evaluation

    @property
    def epoch(self) -> float:
        return self.steps_done / self.steps_per_epoch

    def _next_batch(self) -> torch.Tensor:
        if self._pos + self.batch_size > self.n_train:
            self._order = torch.randperm(self.n_train, generator=self.generator)
            self._pos = 0
        idx = self._order[self._pos:self._pos + self.batch_size]
        self._pos += self.batch_size
        return idx.to(self.device)

    def step(self, n: int = 1) -> None:
        """`n` mini-batch updates (never past the last step of the last epoch)."""
        n = min(n, self.total_steps - self.steps_done)
        for _ in range(n):
            self.model.train()
            idx = self._next_batch()
            x = self.data.train_x[idx].contiguous(memory_format=self.memory_format)
            y = self.data.train_y[idx]
            with torch.autocast(self.device.type, dtype=torch.bfloat16, enabled=self.autocast):
                logits = self.model(x)
                loss = F.cross_entropy(logits, y, label_smoothing=self.config.label_smoothing)
            self.optimiser.zero_grad(set_to_none=True)
            loss.backward()
            self.optimiser.step()
            if self.scheduler is not None:
                self.scheduler.step()
            with torch.no_grad():  # summed on the device: no sync per step
                self._sums += torch.stack([loss.detach() * len(y), (logits.argmax(1) == y).sum().float()])
            self._count += len(y)
            self.steps_done += 1
            if self.steps_done % self.config.log_every == 0 or self.steps_done == self.total_steps:
                self._log()
            if self.evaluate_epochs and self.steps_done % self.steps_per_epoch == 0:
                self._end_epoch()

    def _log(self) -> None:
        (loss_sum, correct), count = self._sums.tolist(), self._count
        self._sums.zero_()
        self._count = 0
        if count == 0:
            return
        x, y = self.data.test_x[self._sample], self.data.test_y[self._sample]
        probs = self.predict(x)
        test_loss, test_acc = _loss_acc(probs, y)
        for k, v in (("step", self.steps_done), ("epoch", round(self.epoch, 4)), ("train_loss", loss_sum / count),
                     ("train_acc", correct / count), ("test_loss", test_loss), ("test_acc", test_acc)):
            self.history[k].append(v)

    def _end_epoch(self) -> None:
        self.report = self.evaluate()
        for k, v in (("epoch", round(self.epoch)), ("step", self.steps_done), ("test_loss", self.report.loss),
                     ("test_acc", self.report.accuracy)):
            self.epochs[k].append(v)

    @torch.no_grad()
    def predict(self, images: torch.Tensor) -> torch.Tensor:
        """Softmax probabilities (N, 10) for images (N, 1, 28, 28) in [0, 1], in batches, on the device."""
        return predict_proba(self.model, images, self.memory_format)

    def evaluate(self) -> Evaluation:
        probs = self.predict(self.data.test_x)
        loss, acc = _loss_acc(probs, self.data.test_y)
        return Evaluation(self.steps_done, round(self.epoch, 4), loss, acc, probs.cpu().numpy())

    def payload(self) -> dict:
        return {
            "model": {k: v.detach().cpu() for k, v in self.model.state_dict().items()},
            "optimiser": self.optimiser.state_dict(),
            "scheduler": self.scheduler.state_dict() if self.scheduler is not None else None,
            "generator": self.generator.get_state(), "dropout": self.dropout_generator.get_state(),
            "order": self._order.clone(), "pos": self._pos,
            "steps_done": self.steps_done, "sums": self._sums.clone(), "count": self._count,
            "history": {k: list(v) for k, v in self.history.items()},
            "epochs": {k: list(v) for k, v in self.epochs.items()},
            "report": self.report.as_dict() if self.report is not None else None,
        }

    def load_payload(self, payload: dict) -> None:
        self.model.load_state_dict(payload["model"])
        self.optimiser.load_state_dict(payload["optimiser"])
        if self.scheduler is not None:
            self.scheduler.load_state_dict(payload["scheduler"])
        self.generator.set_state(payload["generator"])
        self.dropout_generator.set_state(payload["dropout"])
        self._order, self._pos = payload["order"].clone(), int(payload["pos"])
        self.steps_done = int(payload["steps_done"])
        self._sums, self._count = payload["sums"].to(self.device), int(payload["count"])
        self.history = {k: list(v) for k, v in payload["history"].items()}
        self.epochs = {k: list(v) for k, v in payload["epochs"].items()}
        self.report = Evaluation.from_dict(payload["report"]) if payload["report"] is not None else None


def one_cycle(step: int, total: int, warmup: float = 0.25) -> float:
    """Learning-rate factor: up from 0.1 to 1 over the first quarter, then straight down to 0.01 at the end."""
    peak = max(1.0, warmup * total)
    if step < peak:
        return 0.1 + 0.9 * step / peak
    return max(0.01, 1.0 - 0.99 * (step - peak) / max(1.0, total - peak))


@torch.no_grad()
def predict_proba(model: nn.Module, images: torch.Tensor,
                  memory_format: torch.memory_format = torch.contiguous_format) -> torch.Tensor:
    was_training = model.training
    model.eval()
    out = [torch.softmax(model(images[i:i + EVAL_BATCH].contiguous(memory_format=memory_format)).float(), 1)
           for i in range(0, len(images), EVAL_BATCH)]
    model.train(was_training)
    return torch.cat(out) if out else torch.zeros(0, 10, device=images.device)


def _loss_acc(probs: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    """Cross-entropy (from probabilities) and accuracy, as Python floats."""
    loss = -torch.log(probs.gather(1, y[:, None]).clamp_min(1e-12)).mean()
    acc = (probs.argmax(1) == y).float().mean()
    return float(loss), float(acc)


def train_to_completion(config: MnistConfig, device: torch.device | str = "cpu") -> MnistTrainer:
    trainer = MnistTrainer(config, device)
    trainer.step(trainer.total_steps)
    if trainer.report is None or trainer.report.steps != trainer.steps_done:
        trainer._end_epoch()
    return trainer
