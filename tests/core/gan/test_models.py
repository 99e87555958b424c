"""The generator and discriminator pairs: shapes, ranges, seeded weights, spectral norm without the global RNG."""
import pytest
import torch

from core.gan.models import build_pair


@pytest.mark.parametrize("model", ["dense", "dcgan"])
def test_shapes_and_ranges(model):
    gen, disc = build_pair(model, z_dim=16, seed=0)
    fake = gen(torch.randn(5, 16))
    assert fake.shape == (5, 1, 28, 28)
    assert fake.min() >= -1 and fake.max() <= 1  # tanh out, like the real images scaled to [-1, 1]
    assert disc(fake).shape == (5,)


@pytest.mark.parametrize("model", ["dense", "dcgan"])
def test_same_seed_same_weights_and_the_global_generator_untouched(model):
    before = torch.random.get_rng_state()
    a, b = build_pair(model, 8, seed=3), build_pair(model, 8, seed=3)
    c = build_pair(model, 8, seed=4)
    assert torch.equal(torch.random.get_rng_state(), before)  # sessions share it: never drawn from
    for x, y in zip(a[1].state_dict().values(), b[1].state_dict().values(), strict=True):
        assert torch.equal(x, y)
    assert not all(torch.equal(x, z) for x, z in zip(a[0].state_dict().values(), c[0].state_dict().values(),
                                                       strict=True))


def test_spectral_norm_scales_every_discriminator_layer_to_norm_one():
    _, disc = build_pair("dense", 8, seed=0)
    disc.train()
    for _ in range(30):  # power iteration converges over forward passes
        disc(torch.randn(2, 1, 28, 28))
    linears = [m for m in disc.modules() if isinstance(m, torch.nn.Linear)]
    assert len(linears) == 3
    for layer in linears:
        raw = layer.parametrizations.weight.original.detach()
        sigma = torch.linalg.matrix_norm(raw, ord=2)
        assert torch.linalg.matrix_norm(layer.weight.detach(), ord=2) == pytest.approx(1.0, abs=0.02)
        assert torch.allclose(layer.weight.detach(), raw / sigma, rtol=0.02, atol=1e-6)
    _, plain = build_pair("dense", 8, seed=0, spectral_norm=False)
    assert not any(isinstance(m, torch.nn.Linear) and hasattr(m, "parametrizations") for m in plain.modules())
