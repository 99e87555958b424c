"""The seed's small network on one labelled example: two inputs, a layer or two of neurons, softmax outputs.

Forward values, the softmax + cross-entropy error against a one-hot label, each weight's gradient from autograd,
and the update w <- w - eta * dE/dw (torch.optim.SGD). `snapshot()` only reads: it takes gradients with
torch.autograd.grad, so drawing the network never changes it."""
from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from core.boundaries.trainer import ACTIVATION_LAYERS, build_mlp
from core.seeding import seeded_model

CHECKPOINT_NAME = "backprop.tiny.v1"


@dataclass(frozen=True)
class TinyNetConfig:
    hidden_layers: int = 1
    width: int = 3
    activation: str = "sigmoid"
    x: tuple[float, float] = (1.0, -0.5)
    label: int = 1  # the right class (of two), as a one-hot vector [0, 1]
    learning_rate: float = 0.5
    total_steps: int = 50
    seed: int = 0

    def __post_init__(self):
        if not 1 <= self.hidden_layers <= 3 or not 1 <= self.width <= 6:
            raise ValueError("hidden_layers must be 1 to 3 and width 1 to 6")
        if self.activation not in ACTIVATION_LAYERS or self.label not in (0, 1) or not 0 < self.learning_rate <= 10:
            raise ValueError("unknown activation, a label other than 0 or 1, or a learning rate outside (0, 10]")


@dataclass
class Snapshot:
    values: list[list[float]]  # each layer's outputs, inputs first (after the activation; the last is softmax)
    logits: list[float]
    probs: list[float]
    one_hot: list[float]
    loss: float
    weights: list[torch.Tensor]  # per Linear layer: (out, in)
    biases: list[torch.Tensor]
    weight_grads: list[torch.Tensor]
    bias_grads: list[torch.Tensor]


def cross_entropy_one_hot(logits: torch.Tensor, one_hot: torch.Tensor) -> torch.Tensor:
    """-sum(label * log softmax(logits)): the error against a one-hot label, written out."""
    return -(one_hot * F.log_softmax(logits, dim=-1)).sum(-1).mean()


class TinyNet:
    """ui.live's Trainer protocol: step() takes SGD steps on the one example."""

    def __init__(self, config: TinyNetConfig, device: torch.device | str = "cpu"):
        self.config = config
        self.model = seeded_model(lambda: build_mlp(2, config.hidden_layers, config.width, config.activation),
                                  config.seed)
        self.optimiser = torch.optim.SGD(self.model.parameters(), lr=config.learning_rate)
        self.x = torch.tensor([config.x], dtype=torch.float32)
        self.one_hot = F.one_hot(torch.tensor([config.label]), 2).float()
        self.steps_done = 0
        self.losses = [self.loss().item()]

    def loss(self) -> torch.Tensor:
        return cross_entropy_one_hot(self.model(self.x), self.one_hot)

    def linears(self) -> list[nn.Linear]:
        return [m for m in self.model if isinstance(m, nn.Linear)]

    def step(self, n: int = 1) -> None:
        for _ in range(n):
            self.optimiser.zero_grad(set_to_none=True)
            self.loss().backward()
            self.optimiser.step()  # w <- w - eta * grad
            self.steps_done += 1
            with torch.no_grad():
                self.losses.append(self.loss().item())

    def snapshot(self) -> Snapshot:
        values, h = [self.x[0].tolist()], self.x
        for module in self.model:
            h = module(h)
            if not isinstance(module, nn.Linear) or module is self.linears()[-1]:
                values.append(h[0].tolist())
        logits = h
        probs = torch.softmax(logits, -1)
        values[-1] = probs[0].tolist()
        loss = cross_entropy_one_hot(logits, self.one_hot)
        layers = self.linears()
        params = [p for m in layers for p in (m.weight, m.bias)]
        grads = torch.autograd.grad(loss, params)
        return Snapshot(values=values, logits=logits[0].tolist(), probs=probs[0].tolist(),
                        one_hot=self.one_hot[0].tolist(), loss=loss.item(),
                        weights=[m.weight.detach().clone() for m in layers],
                        biases=[m.bias.detach().clone() for m in layers],
                        weight_grads=[g.detach() for g in grads[0::2]], bias_grads=[g.detach() for g in grads[1::2]])

    def payload(self) -> dict:
        return {"model": self.model.state_dict(), "steps_done": self.steps_done, "losses": list(self.losses)}

    def load_payload(self, payload: dict) -> None:
        self.model.load_state_dict(payload["model"])
        self.steps_done = int(payload["steps_done"])
        self.losses = list(payload["losses"])
