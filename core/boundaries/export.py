"""The page's current setup as a short standalone PyTorch script, to take home and run.

Everything the script runs is copied from the app with core.export.build_script: the data generator and split
(core/data/datasets2d.py), the seeded weights (core/seeding.py), the network, the optimiser, the batch order
and the training step (core/boundaries/trainer.py). Only the settings are written out, so on CPU the script
trains to exactly the page's weights."""
from __future__ import annotations

from core import seeding
from core.boundaries import trainer
from core.boundaries.trainer import BoundaryConfig
from core.data import datasets2d
from core.export import build_script

_FUNCTIONS = (datasets2d.blob_centres, datasets2d.spiral, datasets2d.generate_points, datasets2d.split_points,
              seeding.generator, seeding._fan_in_uniform_, seeding.init_parameters_, seeding.seeded_model,
              trainer.build_mlp, trainer.optimiser_for, trainer.next_batch, trainer.train_step)

_MAIN = """
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--steps", type=int, default=TOTAL_STEPS, help="mini-batch updates")
parser.add_argument("--device", default="cpu", help="cpu, cuda or mps")
parser.add_argument("--save", default="", help="write the trained weights (a state_dict) to this file")
args = parser.parse_args()
device = torch.device(args.device)

data = split_points(*generate_points(KIND, N_POINTS, NOISE, N_CLASSES, DATA_SEED), TEST_FRACTION, DATA_SEED,
                    ADDED_POINTS)
x_train, y_train, x_test, y_test = (torch.from_numpy(a).to(device) for a in data)
model = seeded_model(lambda: build_mlp(N_CLASSES, HIDDEN_LAYERS, WIDTH, ACTIVATION), SEED).to(device)
optimiser = optimiser_for(model.parameters(), OPTIMISER, LEARNING_RATE, L2)
weights = torch.tensor(CLASS_WEIGHTS, dtype=torch.float32, device=device)
batches = generator(SEED)  # the order the training points are visited in
batch_size = min(BATCH_SIZE, len(y_train))
order, pos = torch.randperm(len(y_train), generator=batches), 0
loss = torch.tensor(float("nan"))
model.train()
for _ in range(args.steps):
    idx, order, pos = next_batch(order, pos, batch_size, batches)
    idx = idx.to(device)
    loss = train_step(model, optimiser, x_train[idx], y_train[idx], weights)

model.eval()
with torch.no_grad():
    accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
print(f"steps: {args.steps}  final batch loss: {loss.item():.6f}")
print(f"test accuracy: {accuracy:.4f}")
if args.save:
    torch.save({k: v.cpu() for k, v in model.state_dict().items()}, args.save)
"""


def export_script(config: BoundaryConfig, extra_points: tuple[tuple[float, float, int], ...] | None = None) -> str:
    """A runnable script for `config`; `extra_points` (x, y, class) default to the config's own clicked points."""
    points = [(float(x), float(y), int(c)) for x, y, c in (config.extra_points if extra_points is None
                                                           else extra_points)]
    d = config.data
    layers = ("no hidden layer: a single neuron" if config.hidden_layers == 0 else
              f"{config.hidden_layers} hidden layer(s) of {config.width} {config.activation}")
    doc = (f'Classification boundaries, from "Deep Learning: A Crash Course, live".\n\n'
           f"Dataset: {d.kind}, {d.n_points} points, noise {d.noise}; network: {layers};\n"
           f"{config.optimiser} at learning rate {config.learning_rate}, batch {config.batch_size}, L2 {config.l2}.\n"
           f"Run:  python boundary_demo.py --steps {config.total_steps} --device cpu [--save weights.pt]")
    imports = ["from __future__ import annotations", "", "import argparse", "import math", "",
               "import numpy as np", "import torch", "import torch.nn.functional as F",
               "from sklearn.datasets import make_blobs, make_circles, make_moons",
               "from sklearn.model_selection import train_test_split", "from torch import nn"]
    constants = {
        "KIND": d.kind, "N_POINTS": d.n_points, "NOISE": d.noise, "N_CLASSES": d.classes, "DATA_SEED": d.seed,
        "TEST_FRACTION": d.test_fraction,
        "ADDED_POINTS": points,  # (x, y, class) clicked in on the page; they join the training set
        "CLASS_WEIGHTS": list(config.class_weights) or [1.0] * d.classes,  # how much a mistake on each class costs
        "HIDDEN_LAYERS": config.hidden_layers, "WIDTH": config.width, "ACTIVATION": config.activation,
        "OPTIMISER": config.optimiser, "LEARNING_RATE": config.learning_rate, "L2": config.l2,
        "BATCH_SIZE": config.batch_size, "TOTAL_STEPS": config.total_steps, "SEED": config.seed,
        "ACTIVATION_CLASSES": trainer.ACTIVATION_CLASSES, "BLOB_STD": datasets2d.BLOB_STD,
        "TWO_BLOB_CENTRES": datasets2d.TWO_BLOB_CENTRES, "XOR_CENTRES": datasets2d.XOR_CENTRES,
        "CIRCLES_FACTOR": datasets2d.CIRCLES_FACTOR, "SPIRAL_TURNS": datasets2d.SPIRAL_TURNS,
        "SPIRAL_RADIUS": datasets2d.SPIRAL_RADIUS,
    }
    return build_script(doc, imports, _FUNCTIONS, constants, main=_MAIN)
