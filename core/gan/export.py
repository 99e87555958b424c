"""The page's GAN as a standalone PyTorch script: the same networks, losses, noise and moving average as the app
(their sources are copied by core.export), on MNIST's IDX files or scikit-learn's digits.
Run: python gan_<model>.py --data <folder with the MNIST IDX files> [--steps N] [--device cpu|cuda|mps]."""
from __future__ import annotations

from core.data.mnist import embedded_digits, read_idx
from core.export import build_script
from core.gan import losses, models, noise
from core.gan.config import GanConfig
from core.gan.trainer import ema_update
from core.mnist.export import mnist_arrays
from core.seeding import generator

IMPORTS = ["import argparse", "import copy", "import gzip", "from pathlib import Path", "", "import numpy as np",
           "import torch", "import torch.nn.functional as F", "from torch import nn",
           "from torch.nn.utils import parametrize", "", "_IDX_DTYPES = {0x08: np.uint8}"]

_MAIN = '''
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--data", default="data", help="folder with MNIST's IDX files (or its MNIST/raw)")
parser.add_argument("--steps", type=int, default=TOTAL_STEPS)
parser.add_argument("--device", default="cpu", help="cpu, cuda or mps")
parser.add_argument("--out", default="", help="save a grid of 64 samples to this PNG file")
args = parser.parse_args()
device = torch.device(args.device)

x_train = (mnist_arrays(args.data) if SOURCE == "mnist" else embedded_digits())[0].to(device)
batch = min(BATCH_SIZE, len(x_train))
torch.manual_seed(SEED)  # the weights the page starts from
gen = BUILD_G(Z_DIM).to(device)
torch.manual_seed(SEED + 1)
disc = BUILD_D().to(device)
if SPECTRAL_NORM:
    add_spectral_norm(disc, generator(SEED + 2))
ema = copy.deepcopy(gen) if EMA > 0 else None
opt_g = torch.optim.Adam(gen.parameters(), lr=LR_G, betas=(BETA1, 0.999))
opt_d = torch.optim.Adam(disc.parameters(), lr=LR_D, betas=(BETA1, 0.999))
g = generator(SEED + 3)  # training noise and batch order, as on the page
order, pos = torch.randperm(len(x_train), generator=g), 0
for step in range(1, args.steps + 1):
    if pos + batch > len(x_train):
        order, pos = torch.randperm(len(x_train), generator=g), 0
    real = x_train[order[pos:pos + batch].to(device)] * 2 - 1  # [-1, 1], like the generator's tanh
    pos += batch
    fake = gen(sample_noise(batch, Z_DIM, g).to(device))
    d_real, d_fake = disc(real), disc(fake.detach())
    loss_d = discriminator_loss(d_real, d_fake, LOSS)
    opt_d.zero_grad(set_to_none=True)
    loss_d.backward()
    opt_d.step()
    loss_g = generator_loss(disc(fake), LOSS)
    opt_g.zero_grad(set_to_none=True)
    loss_g.backward()
    opt_g.step()
    if ema is not None:
        ema_update(ema, gen, min(EMA, (1 + step) / (10 + step)))
    if step % 100 == 0 or step == args.steps:
        real_acc, fake_acc = discriminator_accuracy(d_real, d_fake)
        print(f"step {step}: D loss {loss_d.item():.3f}  G loss {loss_g.item():.3f}  "
              f"D right on real {real_acc:.0%}, on fake {fake_acc:.0%}")
samples = generate(ema if ema is not None else gen, sample_noise(64, Z_DIM, generator(SEED + 4)))
print(f"64 samples, mean ink {samples.mean().item():.3f}")
if args.out:
    from torchvision.utils import save_image

    save_image(samples, args.out, nrow=8)
'''


def export_script(config: GanConfig) -> str:
    build_g, build_d = models.BUILDERS[config.model]
    constants = dict(SOURCE=config.source, TOTAL_STEPS=config.total_steps, BATCH_SIZE=config.batch_size,
                     Z_DIM=config.z_dim, LR_G=config.generator_lr, LR_D=config.lr_d, BETA1=config.beta1,
                     LOSS=config.loss, SPECTRAL_NORM=config.spectral_norm, EMA=config.ema, SEED=config.seed,
                     DCGAN_WIDTH=models.DCGAN_WIDTH)
    data = "MNIST (pass --data FOLDER)" if config.source == "mnist" else "scikit-learn's digits, upscaled to 28x28"
    collapse = " (collapse provoked: the generator's learning rate far too large)" if config.collapse else ""
    doc = (f"A GAN on MNIST ({config.model}), exported from \"Deep Learning: A Crash Course, live\".\n\n"
           f"Data: {data}. {config.total_steps} steps of batch {config.batch_size}, {config.loss} loss, Adam "
           f"(generator {config.generator_lr:g}{collapse}, discriminator {config.lr_d:g}), seed {config.seed}.\n"
           f"Run:  python gan_{config.model}.py --data FOLDER [--steps N] [--device cpu|cuda|mps] [--out grid.png]")
    sources = [generator, build_g, build_d, models.SpectralNorm, models.add_spectral_norm, losses.discriminator_loss,
               losses.generator_loss, losses.discriminator_accuracy, noise.sample_noise, noise.generate, ema_update,
               read_idx, mnist_arrays, embedded_digits]
    main = f"BUILD_G = {build_g.__name__}\nBUILD_D = {build_d.__name__}\n" + _MAIN
    return build_script(doc, IMPORTS, sources, constants, main)
