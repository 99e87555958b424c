"""The MNIST autoencoders on the embedded digits: more latents reconstruct better, training resumes exactly, and
the plane's helpers (blend, grid) put codes where the figures expect them."""
import io

import numpy as np
import torch

from core.autoencoders.digits import (
    DigitsConfig,
    DigitsTrainer,
    blend,
    grid_codes,
    parse_point,
    plane_grid,
    random_codes,
)


def cfg(**kw):
    return DigitsConfig(**{"source": "sklearn-digits", "total_steps": 300, "batch_size": 64, "log_every": 100, **kw})


def test_more_latents_reconstruct_better(no_mnist):
    errors = {}
    for k in (2, 20):
        t = DigitsTrainer(cfg(latents=k, total_steps=200, learning_rate=0.005))
        t.step(200)
        errors[k] = t.test_mse()
    assert errors[20] < 0.8 * errors[2], errors
    assert t.history["step"] == [100, 200] and t.history["test_mse"][-1] == errors[20]


def test_vae_trains_and_varies(no_mnist):
    t = DigitsTrainer(cfg(kind="vae", latents=2))
    before = t.neg_elbo()
    t.step(150)
    assert t.neg_elbo() < before
    outs = t.resample(t.data.test_x[0], 4, seed=0)
    assert outs.shape == (4, 1, 28, 28) and float((outs[0] - outs[1]).abs().max()) > 1e-3
    assert torch.equal(outs, t.resample(t.data.test_x[0], 4, seed=0))


def test_payload_resumes_exactly(no_mnist):
    a = DigitsTrainer(cfg(kind="vae", latents=3))
    a.step(30)
    buffer = io.BytesIO()
    torch.save(a.payload(), buffer)  # as the checkpoint cache stores it, read back as it reads it
    buffer.seek(0)
    b = DigitsTrainer(cfg(kind="vae", latents=3))
    b.load_payload(torch.load(buffer, weights_only=True))
    a.step(20)
    b.step(20)
    assert b.steps_done == 50 and all(torch.equal(p, q) for p, q in zip(a.model.parameters(), b.model.parameters(),
                                                                         strict=True))


def test_blend_and_grid():
    path = blend([0, 0], [2, 4], 5)
    assert np.allclose(path[0], [0, 0]) and np.allclose(path[-1], [2, 4]) and np.allclose(path[2], [1, 2])
    codes = np.random.default_rng(0).normal(size=(500, 2))
    xs, ys = plane_grid(codes, 4)
    grid = grid_codes(xs, ys)
    assert grid.shape == (16, 2) and grid[0, 1] == ys[-1] and grid[-1, 1] == ys[0] and grid[0, 0] == xs[0]
    assert random_codes(50, 3, seed=1).shape == (3, 50) and torch.equal(random_codes(5, 2, 1), random_codes(5, 2, 1))


def test_the_fingerprint_follows_every_weight(no_mnist):
    """The page caches codes and decoded grids under it: any weight that changes must change it."""
    a, b = DigitsTrainer(cfg()), DigitsTrainer(cfg())
    assert a.fingerprint() == b.fingerprint()
    with torch.no_grad():
        b.model.decoder[-3].bias[0] += 1e-4  # the decoder's last layer only
    assert a.fingerprint() != b.fingerprint()
    assert DigitsTrainer(cfg(kind="vae")).fingerprint() != a.fingerprint()
    a.step(1)
    assert a.fingerprint() != DigitsTrainer(cfg()).fingerprint()


def test_a_linked_point_is_two_finite_numbers():
    assert parse_point("0.5,-1.25") == (0.5, -1.25) and parse_point(" 2 , 3 ") == (2.0, 3.0)
    for bad in ("", "1", "1,2,3", "<b>oops</b>,1", "nan,1", "1,nan", "1,inf", "1e9,0", "0x1,2"):
        assert parse_point(bad) is None, bad
