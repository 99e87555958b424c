"""The page's current setup as a short standalone PyTorch script, to take home and run.

The script makes the same data (same generator calls and split), the same seeded weights and the same
batch order as core.boundaries.trainer, so on CPU it trains to the same test accuracy as the page."""
from __future__ import annotations

from core.boundaries.trainer import BoundaryConfig
from core.data.datasets2d import (BLOB_STD, CIRCLES_FACTOR, SPIRAL_RADIUS, SPIRAL_TURNS, TWO_BLOB_CENTRES, XOR_CENTRES,
                             blob_centres)

_ACTIVATION_CODE = {"relu": "nn.ReLU()", "tanh": "nn.Tanh()", "sigmoid": "nn.Sigmoid()", "leaky_relu": "nn.LeakyReLU()"}
_OPTIMISER_CODE = {"adam": "torch.optim.Adam", "sgd": "torch.optim.SGD"}


def _data_code(cfg: BoundaryConfig) -> tuple[str, str]:
    """(import line, body computing x, y) for the dataset kind."""
    d = cfg.data
    std = BLOB_STD + d.noise
    n, seed = d.n_points, d.seed
    if d.kind == "moons":
        return "make_moons", f"x, y = make_moons(n_samples={n}, noise={d.noise!r}, random_state={seed})"
    if d.kind == "circles":
        return "make_circles", (f"x, y = make_circles(n_samples={n}, noise={d.noise!r}, factor={CIRCLES_FACTOR!r}, "
                                f"random_state={seed})")
    if d.kind == "two_blobs":
        return "make_blobs", (f"x, y = make_blobs(n_samples={n}, centers=np.array({list(TWO_BLOB_CENTRES)!r}), "
                              f"cluster_std={std!r}, random_state={seed})")
    if d.kind == "xor":
        return "make_blobs", (f"x, corner = make_blobs(n_samples={n}, centers=np.array({list(XOR_CENTRES)!r}), "
                              f"cluster_std={std!r}, random_state={seed})\n"
                              "    y = (corner >= 2).astype(np.int64)  # corners 0, 1 are one class; 2, 3 the other")
    if d.kind == "blobs":
        centres = [[float(a), float(b)] for a, b in blob_centres(d.n_classes)]
        return "make_blobs", (f"x, y = make_blobs(n_samples={n}, centers=np.array({centres!r}), "
                              f"cluster_std={std!r}, random_state={seed})")
    return "", f"""rng = np.random.default_rng({seed})  # two interleaved spiral arms
    xs, ys = [], []
    for arm in range(2):
        m = {n} // 2 + (1 if arm < {n} % 2 else 0)
        t = np.sqrt(rng.uniform(0.0, 1.0, m))
        angle = 2 * np.pi * {SPIRAL_TURNS!r} * t + 2 * np.pi * arm / 2
        radius = {SPIRAL_RADIUS!r} * t + 0.1
        points = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
        xs.append(points + rng.normal(0.0, {d.noise!r}, (m, 2)))
        ys.append(np.full(m, arm))
    x, y = np.concatenate(xs), np.concatenate(ys)"""


def _model_code(cfg: BoundaryConfig, n_classes: int) -> str:
    parts, n_in = [], 2
    for _ in range(cfg.hidden_layers):
        parts += [f"nn.Linear({n_in}, {cfg.width})", _ACTIVATION_CODE[cfg.activation]]
        n_in = cfg.width
    parts.append(f"nn.Linear({n_in}, {n_classes})")
    return "nn.Sequential(\n        " + ",\n        ".join(parts) + ",\n    )"


def export_script(config: BoundaryConfig, extra_points: tuple[tuple[float, float, int], ...] | None = None) -> str:
    """A runnable script for `config`; `extra_points` (x, y, class) default to the config's own clicked points."""
    points = [(float(x), float(y), int(c)) for x, y, c in (config.extra_points if extra_points is None else extra_points)]
    n_classes = config.data.classes
    weights = list(config.class_weights) or [1.0] * n_classes
    generator, data_body = _data_code(config)
    sklearn_imports = ", ".join(g for g in (generator,) if g)
    layers = "no hidden layer: a single neuron" if config.hidden_layers == 0 else \
        f"{config.hidden_layers} hidden layer(s) of {config.width} {config.activation}"
    return f'''"""Classification boundaries, from "Deep Learning: A Crash Course, live".

Dataset: {config.data.kind}, {config.data.n_points} points, noise {config.data.noise}; network: {layers};
{config.optimiser} at learning rate {config.learning_rate}, batch {config.batch_size}, L2 {config.l2}.
Run:  python boundary_demo.py --steps {config.total_steps} --device cpu
"""
import argparse

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
{f"from sklearn.datasets import {sklearn_imports}" if sklearn_imports else ""}
from sklearn.model_selection import train_test_split

SEED = {config.seed}
ADDED_POINTS = {points!r}  # (x, y, class) clicked in on the page; they join the training set
CLASS_WEIGHTS = {weights!r}  # how much a mistake on each class costs


def make_data():
    {data_body}
    x, y = x.astype(np.float32), y.astype(np.int64)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size={config.data.test_fraction!r}, random_state={config.data.seed}, stratify=y)
    if ADDED_POINTS:
        x_train = np.concatenate([x_train, np.array([p[:2] for p in ADDED_POINTS], dtype=np.float32)])
        y_train = np.concatenate([y_train, np.array([p[2] for p in ADDED_POINTS], dtype=np.int64)])
    return x_train, y_train, x_test, y_test


def make_model():
    torch.manual_seed(SEED)
    return {_model_code(config, n_classes)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default={config.total_steps}, help="mini-batch updates")
    parser.add_argument("--device", default="cpu", help="cpu, cuda or mps")
    args = parser.parse_args()
    device = torch.device(args.device)

    x_train, y_train, x_test, y_test = (torch.from_numpy(a).to(device) for a in make_data())
    model = make_model().to(device)
    optimiser = {_OPTIMISER_CODE[config.optimiser]}(model.parameters(), lr={config.learning_rate!r}, weight_decay={config.l2!r})
    weights = torch.tensor(CLASS_WEIGHTS, device=device)
    generator = torch.Generator().manual_seed(SEED)  # the order the training points are visited in
    batch = min({config.batch_size}, len(y_train))
    order, pos = torch.randperm(len(y_train), generator=generator), 0

    for step in range(args.steps):
        if pos + batch > len(order):  # a new epoch: reshuffle
            order, pos = torch.randperm(len(y_train), generator=generator), 0
        idx = order[pos:pos + batch].to(device)
        pos += batch
        loss = F.cross_entropy(model(x_train[idx]), y_train[idx], weight=weights)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()

    model.eval()
    with torch.no_grad():
        accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
    print(f"steps: {{args.steps}}  final batch loss: {{loss.item() if args.steps else float('nan'):.4f}}")
    print(f"test accuracy: {{accuracy:.4f}}")


if __name__ == "__main__":
    main()
'''
