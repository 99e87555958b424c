"""The page's MNIST setup as a standalone PyTorch script: the same network builder, one-cycle schedule, dropout,
IDX reader and batch order as the app (their sources are copied by core.export), so on a CPU it trains to exactly
the page's weights. Run: python mnist_<model>.py --data <folder with the MNIST IDX files> [--steps N] [--device]."""
from __future__ import annotations

from pathlib import Path

import torch

from core.data.mnist import embedded_digits, read_idx
from core.device import bf16_native
from core.export import build_script
from core.mnist import models
from core.mnist.trainer import MnistConfig, one_cycle

IMPORTS = ["import argparse", "import gzip", "from collections import OrderedDict", "from pathlib import Path", "",
           "import numpy as np", "import torch", "import torch.nn.functional as F", "from torch import nn", "",
           "_IDX_DTYPES = {0x08: np.uint8}"]


def mnist_arrays(folder):
    """MNIST's four IDX files (raw or .gz) from `folder` or its MNIST/raw, as tensors (images in [0, 1])."""
    names = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
    for root in (Path(folder), Path(folder) / "MNIST" / "raw"):
        paths = [next((p for p in (root / n, root / f"{n}.gz") if p.exists()), None) for n in names]
        if all(paths):
            images_or_labels = [torch.from_numpy(read_idx(p).copy()) for p in paths]
            x_train, y_train, x_test, y_test = images_or_labels
            return (x_train[:, None].float() / 255, y_train.long(), x_test[:, None].float() / 255, y_test.long())
    raise SystemExit(f"No MNIST IDX files in {folder}: pass --data with the folder that holds them")


_MAIN = '''
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--data", default="data", help="folder with MNIST's IDX files (or its MNIST/raw)")
parser.add_argument("--steps", type=int, default=None, help="stop after this many steps (default: every epoch)")
parser.add_argument("--device", default="cpu", help="cpu, cuda or mps")
args = parser.parse_args()
device = torch.device(args.device)

x_train, y_train, x_test, y_test = mnist_arrays(args.data) if SOURCE == "mnist" else embedded_digits()
n_train = min(TRAIN_SIZE or len(y_train), len(y_train))
x_train, y_train, x_test, y_test = (t.to(device) for t in (x_train[:n_train], y_train[:n_train], x_test, y_test))
batch = min(BATCH_SIZE, n_train)
steps_per_epoch = n_train // batch
total_steps = EPOCHS * steps_per_epoch
memory_format = torch.channels_last if CHANNELS_LAST else torch.contiguous_format
autocast = BF16 and bf16_native(device)  # bfloat16 only where the chip computes it natively, as on the page

torch.manual_seed(SEED)  # the weights the page starts from
model = BUILD().to(device).to(memory_format=memory_format)
dropout_generator = torch.Generator().manual_seed(SEED + 2)  # one for every dropout layer, as on the page
for m in model.modules():
    if isinstance(m, Dropout):
        m.generator = dropout_generator
if OPTIMISER == "adam":
    optimiser = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY)
else:
    optimiser = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=0.9, nesterov=True,
                                weight_decay=WEIGHT_DECAY)
schedule = (lambda i: one_cycle(i, total_steps)) if SCHEDULE == "onecycle" else (lambda i: 1.0)
scheduler = torch.optim.lr_scheduler.LambdaLR(optimiser, schedule)
generator = torch.Generator().manual_seed(SEED)  # the order the images are visited in
order, pos = torch.randperm(n_train, generator=generator), 0


def test_accuracy():
    model.eval()
    with torch.no_grad():
        right = sum((model(x_test[i:i + 1000].contiguous(memory_format=memory_format)).argmax(1)
                     == y_test[i:i + 1000]).sum().item() for i in range(0, len(y_test), 1000))
    model.train()
    return right / len(y_test)


steps = total_steps if args.steps is None else min(args.steps, total_steps)
model.train()
for step in range(1, steps + 1):
    if pos + batch > n_train:  # a new epoch: reshuffle
        order, pos = torch.randperm(n_train, generator=generator), 0
    idx = order[pos:pos + batch].to(device)
    pos += batch
    with torch.autocast(device.type, dtype=torch.bfloat16, enabled=autocast):
        loss = F.cross_entropy(model(x_train[idx].contiguous(memory_format=memory_format)), y_train[idx],
                               label_smoothing=LABEL_SMOOTHING)
    optimiser.zero_grad(set_to_none=True)
    loss.backward()
    optimiser.step()
    scheduler.step()
    if step % steps_per_epoch == 0:
        print(f"epoch {step // steps_per_epoch}: loss {loss.item():.4f}, test accuracy {test_accuracy():.4f}")
print(f"steps: {steps}  test accuracy: {test_accuracy():.4f}")
'''


def export_script(config: MnistConfig) -> str:
    spec = models.MODELS[config.model]
    builder = spec.build
    constants = dict(SOURCE=config.source, TRAIN_SIZE=config.train_size, EPOCHS=config.epochs,
                     BATCH_SIZE=config.batch_size, OPTIMISER=config.optimiser, LEARNING_RATE=config.learning_rate,
                     SCHEDULE=config.schedule, LABEL_SMOOTHING=config.label_smoothing,
                     WEIGHT_DECAY=config.weight_decay, CHANNELS_LAST=spec.channels_last, BF16=spec.bf16,
                     SEED=config.seed, MEAN=models.MEAN, STD=models.STD)
    data = "MNIST (pass --data FOLDER)" if config.source == "mnist" else "scikit-learn's digits, upscaled to 28x28"
    doc = (f"MNIST: {spec.label}, exported from \"Deep Learning: A Crash Course, live\".\n\n"
           f"Data: {data}. {config.epochs} epoch(s), batch {config.batch_size}, {config.optimiser} at learning rate "
           f"{config.learning_rate} ({config.schedule}), seed {config.seed}.\n"
           f"Run:  python mnist_{config.model}.py --data FOLDER [--steps N] [--device cpu|cuda|mps]")
    sources = [models.Standardise, models.Dropout, builder, one_cycle, bf16_native, read_idx, mnist_arrays,
               embedded_digits]
    main = f"BUILD = {builder.__name__}\n" + _MAIN
    return build_script(doc, IMPORTS, sources, constants, main)
