"""Export as code: train one of the page's boundaries networks, keeping its trail, then map the loss over the
filter-normalised random plane, in a standalone script built from the same functions the page runs."""
from __future__ import annotations

from core.boundaries.trainer import build_mlp
from core.descent.landscape import filter_normalise, flatten, loss_grid, project, random_directions, unflatten
from core.descent.landscape_trainer import WIDTHS, LandscapeConfig
from core.export import build_script
from core.seeding import generator

MAIN = '''
parser = argparse.ArgumentParser(description="Loss landscape of a trained network, with its training trail.")
parser.add_argument("--steps", type=int, default=STEPS)
parser.add_argument("--resolution", type=int, default=RESOLUTION, help="odd: the trained weights sit at the centre")
parser.add_argument("--device", default="cpu")
args = parser.parse_args()
device = torch.device(args.device)
x, y = make_moons(n_samples=N_POINTS, noise=NOISE, random_state=DATA_SEED)
x, y = x.astype(np.float32), y.astype(np.int64)
x_train, _, y_train, _ = train_test_split(x, y, test_size=TEST_FRACTION, random_state=DATA_SEED, stratify=y)
x, y = torch.from_numpy(x_train).to(device), torch.from_numpy(y_train).to(device)
torch.manual_seed(SEED)  # the page's starting weights
model = build_mlp(2, HIDDEN_LAYERS, WIDTH, ACTIVATION).to(device)
optimiser = torch.optim.Adam(model.parameters(), lr=LR)
gen = torch.Generator().manual_seed(SEED)  # the page's batch order
order, pos, batch = torch.randperm(len(y), generator=gen), 0, min(BATCH, len(y))
trail = [parameters_to_vector(model.parameters()).detach().clone()]
for step in range(1, args.steps + 1):
    if pos + batch > len(order):  # a new epoch: reshuffle (the ragged tail is dropped)
        order, pos = torch.randperm(len(y), generator=gen), 0
    idx = order[pos:pos + batch].to(device)
    pos += batch
    loss = F.cross_entropy(model(x[idx]), y[idx])
    optimiser.zero_grad()
    loss.backward()
    optimiser.step()
    if step % RECORD_EVERY == 0 or step == args.steps:
        trail.append(parameters_to_vector(model.parameters()).detach().clone())
model.eval()
params = {k: v.detach() for k, v in model.named_parameters()}
d1, d2 = random_directions(params, SEED)
axis = torch.linspace(-SPAN, SPAN, args.resolution, device=device)
axis[args.resolution // 2] = 0.0
grid = loss_grid(model, params, d1, d2, axis, axis, x, y)
path = project(torch.stack(trail), flatten(params), d1, d2)
centre = grid[args.resolution // 2, args.resolution // 2].item()
with torch.no_grad():
    print(f"trained loss {F.cross_entropy(model(x), y).item():.6f}  plane centre {centre:.6f}")
print(f"loss on the plane: min {grid.min().item():.4f}  max {grid.max().item():.4f}")
print(f"trail start on the plane: ({path[0, 0].item():+.4f}, {path[0, 1].item():+.4f})")
np.savez("landscape.npz", alphas=axis.cpu().numpy(), loss=grid.cpu().numpy(), path=path.numpy())
'''


def export_script(config: LandscapeConfig, which: str = "wide") -> str:
    if config.data.kind != "moons" or config.directions != "random":
        raise ValueError("the export writes the moons data and random directions only")
    net = config.network(which)
    d = config.data
    doc = (f"The loss landscape of the {which} boundaries network ({net.hidden_layers} hidden layers of {net.width} "
           f"{net.activation}) on {d.n_points} moons points, after {config.total_steps} Adam steps: a plane through "
           "the trained weights along two filter-normalised random directions (Li et al. 2018).\n\n"
           "Exported from \"Deep Learning: A Crash Course, live\". Writes landscape.npz. "
           f"Run: python landscape.py --steps {config.total_steps} --resolution {config.resolution}")
    constants = dict(N_POINTS=d.n_points, NOISE=d.noise, DATA_SEED=d.seed, TEST_FRACTION=d.test_fraction,
                     HIDDEN_LAYERS=net.hidden_layers, WIDTH=WIDTHS[which], ACTIVATION=net.activation,
                     LR=net.learning_rate, BATCH=net.batch_size, STEPS=config.total_steps,
                     RECORD_EVERY=config.record_every, RESOLUTION=config.resolution, SPAN=config.span, SEED=config.seed)
    imports = ["import argparse", "", "import numpy as np", "import torch", "import torch.nn.functional as F",
               "from sklearn.datasets import make_moons", "from sklearn.model_selection import train_test_split",
               "from torch import nn", "from torch.func import functional_call, vmap",
               "from torch.nn.utils import parameters_to_vector", "",
               "ACTIVATION_LAYERS = {'relu': nn.ReLU, 'tanh': nn.Tanh, 'sigmoid': nn.Sigmoid, "
               "'leaky_relu': nn.LeakyReLU}"]
    objects = [build_mlp, generator, filter_normalise, random_directions, flatten, unflatten, project, loss_grid]
    return build_script(doc, imports, objects, constants, MAIN)
