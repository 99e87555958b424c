"""The three MNIST networks. Each takes images (N, 1, 28, 28) in [0, 1] and returns logits (N, 10).

Standardising is the model's first layer, so callers (the drawing pad, adversarial examples, the GAN's judge)
all feed plain [0, 1] pixels. Layers are named, so a page can show what each one outputs."""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import torch
from torch import nn

MEAN, STD = 0.1307, 0.3081  # MNIST's pixel mean and standard deviation


class Standardise(nn.Module):
    """(x - MEAN) / STD: no parameters, no buffers."""

    def forward(self, x):
        return (x - MEAN) / STD


class Dropout(nn.Dropout):
    """nn.Dropout whose masks come from `generator` when one is set (sessions run in threads: no global RNG)."""
    generator: torch.Generator | None = None

    def forward(self, x):
        g = self.generator
        if not self.training or self.p == 0 or g is None:
            return super().forward(x)
        keep = torch.rand(x.shape, generator=g, device=g.device).to(x.device) >= self.p
        return x * keep / (1 - self.p)


def dense_net() -> nn.Sequential:
    """The talk's first network: the image as a 784-long row, one hidden layer of 128 ReLUs, 10 outputs."""
    return nn.Sequential(OrderedDict([
        ("standardise", Standardise()), ("flatten", nn.Flatten()),
        ("dense1", nn.Linear(784, 128)), ("relu1", nn.ReLU()),
        ("dense2", nn.Linear(128, 10)),
    ]))


def talk_cnn() -> nn.Sequential:
    """The talk's CNN: two 3x3 convolutions (32, 64), 2x2 max pool, dropout .25, flatten, dense 128 + ReLU,
    dropout .5, dense 10 (softmax is in the loss)."""
    return nn.Sequential(OrderedDict([
        ("standardise", Standardise()),
        ("conv1", nn.Conv2d(1, 32, 3)), ("relu1", nn.ReLU()),  # 26x26
        ("conv2", nn.Conv2d(32, 64, 3)), ("relu2", nn.ReLU()),  # 24x24
        ("pool", nn.MaxPool2d(2)), ("dropout1", Dropout(0.25)),  # 12x12
        ("flatten", nn.Flatten()),
        ("dense1", nn.Linear(64 * 12 * 12, 128)), ("relu3", nn.ReLU()), ("dropout2", Dropout(0.5)),
        ("dense2", nn.Linear(128, 10)),
    ]))


def fast_cnn(widths: tuple[int, int, int] = (16, 16, 32)) -> nn.Sequential:
    """Small and quick on a CPU: a 5x5 convolution with stride 2 (28 -> 14), then two 3x3 conv-pool blocks
    (14 -> 7 -> 3), each followed by batch norm and ReLU, and one linear layer. Pooling before batch norm and ReLU
    runs them on a quarter of the pixels, and the strided first layer never makes a full-size feature map: on a
    2-core CPU a step costs a third of conv-BN-ReLU-pool at full size, for the same accuracy. Batch norm lets a
    one-cycle schedule use a large learning rate from the first step."""
    a, b, c = widths
    layers = [("standardise", Standardise()),
              ("conv1", nn.Conv2d(1, a, 5, stride=2, padding=2, bias=False)), ("bn1", nn.BatchNorm2d(a)),
              ("relu1", nn.ReLU())]
    for n, (c_in, c_out) in ((2, (a, b)), (3, (b, c))):
        layers += [(f"conv{n}", nn.Conv2d(c_in, c_out, 3, padding=1, bias=False)), (f"pool{n}", nn.MaxPool2d(2)),
                   (f"bn{n}", nn.BatchNorm2d(c_out)), (f"relu{n}", nn.ReLU())]
    return nn.Sequential(OrderedDict([*layers, ("flatten", nn.Flatten()), ("dense", nn.Linear(c * 3 * 3, 10))]))


@dataclass(frozen=True)
class ModelSpec:
    """A network and the recipe that trains it well (defaults for MnistConfig)."""
    label: str
    build: object  # () -> nn.Module
    optimiser: str  # "adam" or "sgd" (Nesterov momentum)
    learning_rate: float
    batch_size: int
    epochs: int
    schedule: str  # "constant" or "onecycle"
    label_smoothing: float = 0.0
    weight_decay: float = 0.0
    channels_last: bool = False
    bf16: bool = False  # train under bfloat16 autocast where the device computes it natively (core.device.bf16_native)


MODELS: dict[str, ModelSpec] = {
    "dense": ModelSpec("Dense net (784-128-10)", dense_net, "adam", 1e-3, 128, 3, "constant"),
    "talk_cnn": ModelSpec("The talk's CNN", talk_cnn, "adam", 1e-3, 128, 1, "constant"),
    # On a CPU an image costs the same in any batch, so batches of 128 buy 4x the updates of 512 for about the same
    # time: measured here (2 epochs, seed 0, the earlier layout) 99.36% at 128 against 98.79% at 512. bf16: on this
    # 2-core AVX512-BF16 CPU, 5.9 s against 7.4 s in float32 for the same 99.23% mean of 5 seeds.
    # No label smoothing: it is also the judge of the GAN page, whose "p >= 0.9" needs confidence smoothing caps
    # (measured: 63.5% of real test digits at p >= 0.9 with smoothing 0.1, 97.3% without; accuracy 99.3% both).
    "fast_cnn": ModelSpec("Fast CNN", fast_cnn, "sgd", 0.2, 128, 2, "onecycle", label_smoothing=0.0,
                          weight_decay=5e-4, channels_last=True, bf16=True),
}


def conv_layers(model: nn.Module) -> list[str]:
    """Names of the model's convolution layers, in order (empty for the dense net)."""
    return [name for name, m in model.named_children() if isinstance(m, nn.Conv2d)]


def parameter_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
