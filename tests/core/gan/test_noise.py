"""Noise: truncation bounds, interpolation endpoints and lengths."""
import torch

from core.gan.noise import interpolate, sample_noise


def test_truncation_keeps_every_value_in_bounds_and_seeds_repeat():
    z = sample_noise(200, 10, torch.Generator().manual_seed(0), truncation=0.5)
    assert z.shape == (200, 10) and z.abs().max() <= 0.5
    assert torch.equal(z, sample_noise(200, 10, torch.Generator().manual_seed(0), truncation=0.5))
    assert sample_noise(200, 10, torch.Generator().manual_seed(0)).abs().max() > 2  # untruncated


def test_paths_start_and_end_at_the_two_vectors():
    g = torch.Generator().manual_seed(1)
    z0, z1 = torch.randn(100, generator=g), torch.randn(100, generator=g)
    for spherical in (True, False):
        path = interpolate(z0, z1, 7, spherical)
        assert path.shape == (7, 100)
        assert torch.allclose(path[0], z0, atol=1e-5) and torch.allclose(path[-1], z1, atol=1e-5)
    slerp, lerp = interpolate(z0, z1, 7), interpolate(z0, z1, 7, spherical=False)
    # the arc keeps Gaussian-like lengths; the chord's middle is much shorter than either end
    assert slerp[3].norm() > 0.95 * min(z0.norm(), z1.norm())
    assert lerp[3].norm() < 0.8 * min(z0.norm(), z1.norm())
