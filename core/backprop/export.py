"""Export as code: the batch-size comparison as a standalone script, from the same functions the page runs."""
from __future__ import annotations

from core.backprop.batches import BatchesConfig, label, train_epoch
from core.boundaries.trainer import build_mlp
from core.export import build_script

MAIN = '''
parser = argparse.ArgumentParser(description="One sample vs mini-batches vs the full batch, same model and data.")
parser.add_argument("--epochs", type=int, default=EPOCHS)
parser.add_argument("--device", default="cpu")
args = parser.parse_args()
device = torch.device(args.device)
x, y = make_moons(n_samples=N_POINTS, noise=NOISE, random_state=DATA_SEED)
x_train, _, y_train, _ = train_test_split(x.astype(np.float32), y.astype(np.int64), test_size=TEST_FRACTION,
                                          random_state=DATA_SEED, stratify=y)
x, y = torch.from_numpy(x_train).to(device), torch.from_numpy(y_train).to(device)
for batch in BATCH_SIZES:
    torch.manual_seed(SEED)  # the same starting weights for every batch size
    model = build_mlp(2, HIDDEN_LAYERS, WIDTH, ACTIVATION).to(device)
    optimiser = torch.optim.SGD(model.parameters(), lr=LR)
    gen = torch.Generator().manual_seed(SEED)
    start = time.perf_counter()
    for epoch in range(args.epochs):
        train_epoch(model, optimiser, x, y, batch or len(y), gen)
    seconds = time.perf_counter() - start
    with torch.no_grad():
        loss = F.cross_entropy(model(x), y).item()
    name = "full batch" if batch == 0 else f"batch {batch}"
    print(f"{name}: {args.epochs} epoch(s), {seconds:.3f} s, training loss {loss:.4f}")
'''


def export_script(config: BatchesConfig) -> str:
    d = config.data
    if d.kind != "moons":
        raise ValueError("the export writes the moons data only")
    doc = (f"Batch sizes {', '.join(label(b) for b in config.batch_sizes)} on {d.n_points} moons points, SGD at "
           f"learning rate {config.learning_rate:g}.\n\nExported from \"Deep Learning: A Crash Course, live\". "
           f"Run: python batches.py --epochs {config.epochs} --device cpu")
    constants = dict(N_POINTS=d.n_points, NOISE=d.noise, DATA_SEED=d.seed, TEST_FRACTION=d.test_fraction,
                     BATCH_SIZES=list(config.batch_sizes), HIDDEN_LAYERS=config.hidden_layers, WIDTH=config.width,
                     ACTIVATION=config.activation, LR=config.learning_rate, EPOCHS=config.epochs, SEED=config.seed)
    imports = ["import argparse", "import time", "", "import numpy as np", "import torch",
               "import torch.nn.functional as F", "from sklearn.datasets import make_moons",
               "from sklearn.model_selection import train_test_split", "from torch import nn", "",
               "ACTIVATION_LAYERS = {k: getattr(nn, v) for k, v in {'relu': 'ReLU', 'tanh': 'Tanh', "
               "'sigmoid': 'Sigmoid', 'leaky_relu': 'LeakyReLU'}.items()}"]
    return build_script(doc, imports, [build_mlp, train_epoch], constants, MAIN)
