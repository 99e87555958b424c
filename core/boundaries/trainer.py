"""A small network learning to separate 2-D classes: the decision regions it draws, and how they move.

Hidden layers = 0 is a single linear layer: with two classes its softmax is a sigmoid of one weighted
sum, i.e. one neuron, so it can only draw a straight line (fine for separable blobs, hopeless on XOR).
Class weights scale each class's share of the loss: the "policy" of which mistakes cost more.
Everything is seeded (weights, batch order), so a config always trains to the same network."""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from core.data.datasets2d import Dataset2D, Dataset2DConfig, make_dataset
from core.seeding import generator, seeded_model

CHECKPOINT_NAME = "boundary.v2"  # .v2: weights from a local generator (core/seeding.py)
ACTIVATION_CLASSES = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid", "leaky_relu": "LeakyReLU"}  # in torch.nn
ACTIVATION_LAYERS = {name: getattr(nn, cls) for name, cls in ACTIVATION_CLASSES.items()}
OPTIMISERS = ("adam", "sgd")
MAX_HIDDEN_LAYERS = 4
MAX_GRID = 100


@dataclass(frozen=True)
class BoundaryConfig:
    data: Dataset2DConfig = field(default_factory=Dataset2DConfig)
    hidden_layers: int = 2
    width: int = 16
    activation: str = "relu"
    learning_rate: float = 0.01
    optimiser: str = "adam"
    batch_size: int = 32
    l2: float = 0.0
    class_weights: tuple[float, ...] = ()  # one per class; () means all 1
    extra_points: tuple[tuple[float, float, int], ...] = ()  # (x, y, class) clicked in by the user
    total_steps: int = 1500
    log_every: int = 25
    seed: int = 0

    def __post_init__(self):
        problems = []
        if not 0 <= self.hidden_layers <= MAX_HIDDEN_LAYERS:
            problems.append(f"hidden_layers must be 0 to {MAX_HIDDEN_LAYERS}")
        if not 1 <= self.width <= 512:
            problems.append("width must be 1 to 512")
        if self.activation not in ACTIVATION_LAYERS:
            problems.append(f"activation must be one of {', '.join(ACTIVATION_LAYERS)}")
        if self.optimiser not in OPTIMISERS:
            problems.append(f"optimiser must be one of {', '.join(OPTIMISERS)}")
        if not 0 < self.learning_rate <= 10:
            problems.append("learning_rate must be in (0, 10]")
        if self.batch_size < 1 or self.total_steps < 1 or self.log_every < 1:
            problems.append("batch_size, total_steps and log_every must be positive")
        if self.l2 < 0:
            problems.append("l2 must not be negative")
        if self.class_weights and (len(self.class_weights) != self.data.classes or min(self.class_weights) <= 0):
            problems.append(f"class_weights needs {self.data.classes} positive numbers")
        if problems:
            raise ValueError("; ".join(problems))


def default_config() -> BoundaryConfig:
    """What the page shows before anyone touches a control (and what `prepare` trains ahead)."""
    return BoundaryConfig()


def policy_weights(n_classes: int, favoured: int, cost: float) -> tuple[float, ...]:
    """A mistake on class `favoured` costs `cost` times one on any other class; () when that is no change."""
    if cost == 1.0 or not 0 <= favoured < n_classes:
        return ()
    return tuple(float(cost) if c == favoured else 1.0 for c in range(n_classes))


def build_mlp(n_classes: int, hidden_layers: int, width: int, activation: str) -> nn.Sequential:
    layers: list[nn.Module] = []
    n_in = 2
    for _ in range(hidden_layers):
        layers += [nn.Linear(n_in, width), getattr(nn, ACTIVATION_CLASSES[activation])()]
        n_in = width
    layers.append(nn.Linear(n_in, n_classes))
    return nn.Sequential(*layers)


def optimiser_for(params, optimiser: str, learning_rate: float, l2: float) -> torch.optim.Optimizer:
    # weight_decay is the gradient of (l2/2)*|w|^2: plain L2, also for Adam (not AdamW).
    if optimiser == "adam":
        return torch.optim.Adam(params, lr=learning_rate, weight_decay=l2)
    return torch.optim.SGD(params, lr=learning_rate, weight_decay=l2)


def make_optimiser(cfg: BoundaryConfig, params) -> torch.optim.Optimizer:
    return optimiser_for(params, cfg.optimiser, cfg.learning_rate, cfg.l2)


def next_batch(order: torch.Tensor, pos: int, batch_size: int, generator: torch.Generator):
    """(indices of the next mini-batch, order, pos): a fresh shuffle when the epoch's full batches run out
    (the ragged tail is dropped, so every batch is full)."""
    if pos + batch_size > len(order):
        order, pos = torch.randperm(len(order), generator=generator), 0
    return order[pos:pos + batch_size], order, pos + batch_size


def train_step(model: nn.Module, optimiser: torch.optim.Optimizer, x: torch.Tensor, y: torch.Tensor,
               class_weights: torch.Tensor) -> torch.Tensor:
    """One update on a mini-batch: class-weighted cross-entropy, backward, step. Returns the (detached) loss."""
    loss = F.cross_entropy(model(x), y, weight=class_weights)
    optimiser.zero_grad(set_to_none=True)
    loss.backward()
    optimiser.step()
    return loss.detach()


class BoundaryTrainer:
    """Mini-batch training over shuffled epochs. Follows ui.live's Trainer protocol."""

    def __init__(self, config: BoundaryConfig, device: torch.device | str = "cpu"):
        self.config = config
        self.device = torch.device(device)
        self.data: Dataset2D = make_dataset(config.data, config.extra_points)
        self.n_classes = self.data.n_classes
        # Weights from a local generator: sessions run in threads, and a global seed would race between them.
        self.model = seeded_model(lambda: build_mlp(self.n_classes, config.hidden_layers, config.width,
                                                    config.activation), config.seed)
        self.model.to(self.device)
        self.optimiser = make_optimiser(config, self.model.parameters())
        self.generator = generator(config.seed)  # CPU: same batches on every device
        to = dict(device=self.device)
        self.train_x = torch.from_numpy(self.data.train_x).to(**to)
        self.train_y = torch.from_numpy(self.data.train_y).to(**to)
        self.test_x = torch.from_numpy(self.data.test_x).to(**to)
        self.test_y = torch.from_numpy(self.data.test_y).to(**to)
        weights = config.class_weights or (1.0,) * self.n_classes
        self.class_weights = torch.tensor(weights, dtype=torch.float32, device=self.device)
        self.batch_size = min(config.batch_size, len(self.train_y))
        self._order = torch.randperm(len(self.train_y), generator=self.generator)
        self._pos = 0
        self.steps_done = 0
        self.last_loss: torch.Tensor | None = None  # the last mini-batch's (weighted) loss
        self.history: dict[str, list] = {k: [] for k in ("step", "train_loss", "test_loss", "train_acc", "test_acc")}
        self._log()

    def snapshot(self) -> BoundaryTrainer:
        """A still copy to draw from while this one trains on: its own weights and history, the data shared."""
        snap = copy.copy(self)
        snap.model, snap.optimiser = copy.deepcopy(self.model), None
        snap.history = {k: list(v) for k, v in self.history.items()}
        return snap

    def step(self, n: int = 1) -> None:
        self.model.train()
        for _ in range(n):
            idx, self._order, self._pos = next_batch(self._order, self._pos, self.batch_size, self.generator)
            idx = idx.to(self.device)
            self.last_loss = train_step(self.model, self.optimiser, self.train_x[idx], self.train_y[idx],
                                        self.class_weights)
            self.steps_done += 1
            if self.steps_done % self.config.log_every == 0:
                self._log()

    @torch.no_grad()
    def _measure(self, x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
        """Plain (unweighted) cross-entropy and accuracy, so curves compare across policies."""
        self.model.eval()
        logits = self.model(x)
        return F.cross_entropy(logits, y).item(), (logits.argmax(1) == y).float().mean().item()

    def _log(self) -> None:
        train_loss, train_acc = self._measure(self.train_x, self.train_y)
        test_loss, test_acc = self._measure(self.test_x, self.test_y)
        for k, v in (("step", self.steps_done), ("train_loss", train_loss), ("test_loss", test_loss),
                     ("train_acc", train_acc), ("test_acc", test_acc)):
            self.history[k].append(v)

    @torch.no_grad()
    def predict(self, x: np.ndarray | torch.Tensor) -> np.ndarray:
        """Class probabilities (N, K) for points (N, 2)."""
        self.model.eval()
        if isinstance(x, torch.Tensor):  # already on some device: np.asarray would fail for CUDA tensors
            x = x.to(self.device, torch.float32)
        else:
            x = torch.as_tensor(np.asarray(x, dtype=np.float32), device=self.device)
        return torch.softmax(self.model(x), dim=1).cpu().numpy()

    def predict_grid(self, resolution: int = 80, extent: tuple[float, float, float, float] | None = None):
        """Probabilities over the plot area: (xs (R,), ys (R,), probs (R, R, K)); probs[i, j] is at (xs[j], ys[i])."""
        if not 2 <= resolution <= MAX_GRID:
            raise ValueError(f"resolution must be 2 to {MAX_GRID}, got {resolution}")
        x0, x1, y0, y1 = extent or self.data.extent
        xs = np.linspace(x0, x1, resolution, dtype=np.float32)
        ys = np.linspace(y0, y1, resolution, dtype=np.float32)
        gx, gy = np.meshgrid(xs, ys)
        probs = self.predict(np.stack([gx.ravel(), gy.ravel()], axis=1))
        return xs, ys, probs.reshape(resolution, resolution, self.n_classes)

    def confusion(self, split: str = "test") -> np.ndarray:
        """Counts[true, predicted] on the train or test set."""
        x, y = (self.train_x, self.train_y) if split == "train" else (self.test_x, self.test_y)
        predicted = self.predict(x).argmax(1)
        return np.bincount(y.cpu().numpy() * self.n_classes + predicted,
                           minlength=self.n_classes ** 2).reshape(self.n_classes, self.n_classes)

    def class_errors(self, split: str = "test") -> np.ndarray:
        """How many points of each class are classified wrongly."""
        counts = self.confusion(split)
        return counts.sum(1) - np.diag(counts)

    def accuracy(self, split: str = "test") -> float:
        counts = self.confusion(split)
        return float(np.trace(counts) / max(1, counts.sum()))

    def start_from(self, other: BoundaryTrainer) -> None:
        """Carry on from `other`'s weights and optimiser state (same network, e.g. after a clicked-in point
        changed only the data): the boundary keeps what it learned. Steps and history restart at 0."""
        self.model.load_state_dict(other.model.state_dict())
        self.optimiser.load_state_dict(other.optimiser.state_dict())
        self.history = {k: [] for k in self.history}
        self._log()

    def payload(self) -> dict:
        return {
            "model": {k: v.detach().cpu() for k, v in self.model.state_dict().items()},
            "optimiser": self.optimiser.state_dict(),
            "generator": self.generator.get_state(),
            "order": self._order.clone(), "pos": self._pos,
            "steps_done": self.steps_done,
            "history": {k: list(v) for k, v in self.history.items()},
        }

    def load_payload(self, payload: dict) -> None:
        self.model.load_state_dict(payload["model"])
        self.optimiser.load_state_dict(payload["optimiser"])
        self.generator.set_state(payload["generator"])
        self._order, self._pos = payload["order"].clone(), int(payload["pos"])
        self.steps_done = int(payload["steps_done"])
        self.history = {k: list(v) for k, v in payload["history"].items()}


def train_to_completion(config: BoundaryConfig, device: torch.device | str = "cpu") -> BoundaryTrainer:
    trainer = BoundaryTrainer(config, device)
    trainer.step(config.total_steps - trainer.steps_done)
    return trainer



def prepare_jobs():
    """The page's default network, for `python -m core.prepare`."""
    from core.checkpoints import prepare_job

    return [prepare_job("Classification boundaries: default network", CHECKPOINT_NAME, default_config(),
                        train_to_completion)]
