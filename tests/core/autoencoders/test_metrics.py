"""PSNR against scikit-image; the noise is seeded and clipped."""
import math

import numpy as np
import pytest
import torch
from skimage.metrics import peak_signal_noise_ratio

from core.autoencoders.metrics import add_noise, mse, psnr
from core.seeding import generator


@pytest.mark.parametrize("scale", [0.01, 0.1, 0.4])
def test_psnr_matches_scikit_image(scale):
    rng = np.random.default_rng(0)
    clean = rng.random((4, 28, 28))
    noisy = np.clip(clean + rng.normal(scale=scale, size=clean.shape), 0, 1)
    assert psnr(clean, noisy) == pytest.approx(peak_signal_noise_ratio(clean, noisy, data_range=1.0), rel=1e-9)
    assert psnr(torch.from_numpy(clean), torch.from_numpy(noisy)) == pytest.approx(psnr(clean, noisy), rel=1e-6)
    assert psnr(clean, clean) == math.inf and mse(clean, noisy) > 0


def test_noise_is_seeded_clipped_and_per_image():
    x = torch.full((3, 1, 28, 28), 0.5)
    a, b = add_noise(x, 0.3, generator(1)), add_noise(x, 0.3, generator(1))
    assert torch.equal(a, b) and float(a.min()) >= 0 and float(a.max()) <= 1
    levels = add_noise(x, torch.tensor([0.0, 0.1, 0.5]), generator(2))
    assert torch.equal(levels[0], x[0]) and (levels[1] - x[1]).std() < (levels[2] - x[2]).std()
