"""Autoencoders: reconstruction and generation quality, and how long each of the page's networks takes to train.

- mse_latent2 / mse_latent20: test-set MSE per pixel of the dense autoencoder with 2 and 20 latents (the page's
  recipe: 1,500 steps of batch 128; --quick: 300 steps).
- vae_neg_elbo: the 2-latent VAE's negative ELBO on the test set, nats per image (same recipe).
- denoise_psnr_gain_db: the convolutional denoiser's PSNR on 1,000 test digits at noise 0.5, cleaned minus noisy.
- black_decodes_to_tiger: the tiny autoencoder trained on the tiger (scikit-image's cat without the data
  directory) turns an all-black input into something closer to the photo than to black.
- *_seconds: training time of each (MNIST when the data directory has it, else scikit-learn's digits: `source`)."""
from __future__ import annotations

import time

import torch

NAME = "autoencoder"


def _timed(train, config, device):
    from core.device import synchronize

    synchronize(device)
    start = time.perf_counter()
    trainer = train(config, device)
    synchronize(device)
    return trainer, round(time.perf_counter() - start, 2)


def run(device: torch.device, quick: bool) -> dict:
    import numpy as np

    from core.autoencoders import denoise, digits, memorise
    from core.autoencoders.metrics import mse
    from core.data.images import load_photo
    from core.mnist.data import available_source

    source = available_source()
    steps = 300 if quick else 1500
    out: dict = {"source": source}
    for latents in (2, 20):
        trainer, seconds = _timed(digits.train_to_completion,
                                  digits.DigitsConfig(latents=latents, source=source, total_steps=steps), device)
        out[f"mse_latent{latents}"] = round(trainer.test_mse(), 5)
        out[f"ae{latents}_seconds"] = seconds
    vae, out["vae_seconds"] = _timed(digits.train_to_completion,
                                     digits.DigitsConfig(kind="vae", source=source, total_steps=steps), device)
    out["vae_neg_elbo"] = round(vae.neg_elbo(), 2)
    dn, out["denoise_seconds"] = _timed(denoise.train_denoiser, denoise.DenoiseConfig(
        source=source, total_steps=100 if quick else 400), device)
    report = denoise.denoise_report(dn, dn.data.test_x[:1000], 0.5, seed=1)
    out["denoise_psnr_gain_db"] = round(report["psnr_cleaned"] - report["psnr_noisy"], 2)
    config = memorise.default_config("one")
    mem, out["memorise_seconds"] = _timed(memorise.train_default, config, device)
    photo = memorise.grey_square(load_photo(config.photos[0]).pixels, config.side)
    black = np.zeros_like(photo)
    decoded = mem.reconstruct(black[None])[0]
    out["black_decodes_to_tiger"] = bool(mse(decoded, photo) < mse(decoded, black))
    out["memorised_photo"] = config.photos[0]
    return out
