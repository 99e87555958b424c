"""The page's MNIST autoencoder or VAE as a standalone PyTorch script: the model classes, loss terms and data
readers are copied from the app's own code by core.export. Run: python autoencoder_<kind>.py --data FOLDER
[--steps N] [--device cpu|cuda|mps]."""
from __future__ import annotations

from core.autoencoders import losses, models
from core.autoencoders.digits import DigitsConfig
from core.data.mnist import embedded_digits, read_idx
from core.export import build_script
from core.mnist.export import mnist_arrays

IMPORTS = ["import argparse", "import gzip", "from pathlib import Path", "", "import numpy as np", "import torch",
           "import torch.nn.functional as F", "from torch import nn", "", "_IDX_DTYPES = {0x08: np.uint8}"]

_MAIN = '''
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--data", default="data", help="folder with MNIST's IDX files (or its MNIST/raw)")
parser.add_argument("--steps", type=int, default=TOTAL_STEPS)
parser.add_argument("--device", default="cpu", help="cpu, cuda or mps")
args = parser.parse_args()
device = torch.device(args.device)
x_train, _, x_test, _ = mnist_arrays(args.data) if SOURCE == "mnist" else embedded_digits()
x_train, x_test = x_train.to(device), x_test.to(device)
torch.manual_seed(SEED)
model = (VariationalAutoencoder if KIND == "vae" else DenseAutoencoder)(LATENTS).to(device)
optimiser = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
order_generator = torch.Generator().manual_seed(SEED)
noise = torch.Generator().manual_seed(SEED + 1)
batch = min(BATCH_SIZE, len(x_train))
order, pos = torch.randperm(len(x_train), generator=order_generator), 0
for step in range(1, args.steps + 1):
    if pos + batch > len(x_train):
        order, pos = torch.randperm(len(x_train), generator=order_generator), 0
    x = x_train[order[pos:pos + batch].to(device)]
    pos += batch
    loss = training_loss(model, x, noise)
    optimiser.zero_grad(set_to_none=True)
    loss.backward()
    optimiser.step()
    if step % 100 == 0:
        print(f"step {step}: loss {loss.item():.4f}")
model.eval()
with torch.no_grad():
    mse = torch.mean((model.decode(model.encode(x_test)) - x_test) ** 2).item()
print(f"steps: {args.steps}  test mse: {mse:.5f}")
'''


def export_script(config: DigitsConfig) -> str:
    name = "variational autoencoder" if config.kind == "vae" else "autoencoder"
    data = "MNIST (pass --data FOLDER)" if config.source == "mnist" else "scikit-learn's digits, upscaled to 28x28"
    doc = (f"MNIST {name} with {config.latents} latents, exported from \"Deep Learning: A Crash Course, live\".\n\n"
           f"Data: {data}. {config.total_steps} steps of Adam at {config.learning_rate}, batch {config.batch_size}, "
           f"seed {config.seed}.\nRun:  python autoencoder_{config.kind}.py --data FOLDER [--steps N] [--device cpu]")
    constants = dict(PIXELS=models.PIXELS, HIDDEN=models.HIDDEN, KIND=config.kind, LATENTS=config.latents,
                     SOURCE=config.source, TOTAL_STEPS=config.total_steps,
                     BATCH_SIZE=config.batch_size, LEARNING_RATE=config.learning_rate, SEED=config.seed)
    objects = [models._mlp, models.DenseAutoencoder, models.VariationalAutoencoder, losses.kl_to_standard_normal,
               losses.reconstruction_nats, losses.vae_terms, losses.autoencoder_loss, losses.training_loss,
               read_idx, mnist_arrays, embedded_digits]
    return build_script(doc, IMPORTS, objects, constants, _MAIN)
