"""The page's "your settings" run as a standalone PyTorch script: the same points (the data functions are copied
from core with inspect), the same network and seeded weights, the same dropout masks, the same early stopping.
On CPU it prints the validation losses the page's run draws."""
from __future__ import annotations

from core.data import datasets2d
from core.export import build_script
from core.overfitting import data as overfit_data
from core.overfitting.model import SeededDropout, build_net, give_generator
from core.overfitting.trainer import OverfitConfig

_MAIN = '''
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--epochs", type=int, default=EPOCHS)
parser.add_argument("--device", default="cpu", help="cpu, cuda or mps")
args = parser.parse_args()
device = torch.device(args.device)
data = make_overfit_data(OverfitDataConfig(**DATA))
x, y = torch.from_numpy(data.train_x).to(device), torch.from_numpy(data.train_y).to(device)
vx, vy = torch.from_numpy(data.val_x).to(device), torch.from_numpy(data.val_y).to(device)
torch.manual_seed(SEED)  # the weights the page draws from its own generator for this seed
model = build_net(x.shape[1], data.n_classes, WIDTH, DEPTH, DROPOUT, BATCHNORM).to(device)
give_generator(model, torch.Generator().manual_seed(SEED))  # the dropout masks, drawn on the CPU as on the page
optimiser = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, weight_decay=L2)


def validation_loss():
    model.eval()
    with torch.no_grad():
        return F.cross_entropy(model(vx), vy).item()


best_loss, best_epoch, best_state = validation_loss(), 0, copy.deepcopy(model.state_dict())
for epoch in range(1, args.epochs + 1):
    model.train()  # one epoch = one full-batch step: the training set is small
    loss = F.cross_entropy(model(x), y)
    optimiser.zero_grad()
    loss.backward()
    optimiser.step()
    val_loss = validation_loss()
    if val_loss < best_loss:
        best_loss, best_epoch, best_state = val_loss, epoch, copy.deepcopy(model.state_dict())
    elif PATIENCE and epoch - best_epoch >= PATIENCE:
        print(f"early stopping at epoch {epoch}: no better validation loss for {PATIENCE} epochs")
        model.load_state_dict(best_state)
        break
    if epoch % 25 == 0 or epoch == args.epochs:
        print(f"epoch {epoch}: training loss {loss.item():.4f}  validation loss {val_loss:.4f}")
print(f"best epoch: {best_epoch}  best validation loss: {best_loss:.6f}")
print(f"final validation loss: {val_loss if args.epochs else best_loss:.6f}")
'''


def export_script(config: OverfitConfig) -> str:
    reg = config.yours
    d = config.data
    constants = {
        "DATA": dict(kind=d.kind, n_train=d.n_train, n_val=d.n_val, noise=d.noise, seed=d.seed),
        "WIDTH": config.width, "DEPTH": config.depth, "DROPOUT": reg.dropout, "BATCHNORM": reg.batchnorm,
        "L2": reg.l2, "PATIENCE": reg.patience, "LEARNING_RATE": config.learning_rate, "EPOCHS": config.epochs,
        "SEED": config.seed,
        **{name: getattr(datasets2d, name) for name in ("KINDS", "CLASS_NAMES", "BLOB_STD", "TWO_BLOB_CENTRES",
                                                        "XOR_CENTRES", "CIRCLES_FACTOR", "SPIRAL_TURNS",
                                                        "SPIRAL_RADIUS", "MIN_POINTS", "MAX_POINTS")},
        "DATA_KINDS": overfit_data.DATA_KINDS,
    }
    doc = (f"A too-large MLP ({config.depth} x {config.width}) on {d.n_train} noisy '{d.kind}' points, judged on "
           f"{d.n_val} more; regularisation: {reg.label()}.\n\nExported from \"Deep Learning: A Crash Course, live\".\n"
           f"Run: python overfit_demo.py --epochs {config.epochs} --device cpu")
    imports = ["import argparse", "import copy", "import math", "from dataclasses import dataclass", "",
               "import numpy as np", "import torch", "import torch.nn.functional as F",
               "from sklearn.datasets import make_blobs, make_circles, make_moons",
               "from sklearn.model_selection import train_test_split", "from torch import nn"]
    objects = [datasets2d.Dataset2DConfig, datasets2d.blob_centres, datasets2d.spiral, datasets2d.generate_points,
               datasets2d.generate,
               overfit_data.OverfitDataConfig, overfit_data.OverfitData, overfit_data.all_points,
               overfit_data.make_overfit_data, SeededDropout, build_net, give_generator]
    return build_script(doc, imports, objects, constants, _MAIN)
