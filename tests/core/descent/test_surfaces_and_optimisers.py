"""Surfaces: autograd slopes against finite differences. Optimisers: torch.optim's steps against the update rules
written out by hand. Divergence stops a run with only finite numbers kept."""
import math

import numpy as np
import pytest
import torch

from core.descent.optimisers import MOMENTUM, OPTIMISERS, behaviour, run_path
from core.descent.surfaces import CURVES, SURFACES

ALL = [*(("curve", n) for n in CURVES), *(("surface", n) for n in SURFACES)]


def _get(kind, name):
    return (CURVES if kind == "curve" else SURFACES)[name]


@pytest.mark.parametrize("kind,name", ALL)
def test_autograd_slope_matches_central_differences(kind, name):
    s = _get(kind, name)
    rng = np.random.default_rng(0)
    lo, hi = np.array(s.extent[0::2]), np.array(s.extent[1::2])
    for point in rng.uniform(lo, hi, size=(5, s.dim)):
        w = torch.tensor(point, dtype=torch.float64, requires_grad=True)
        (grad,) = torch.autograd.grad(s.fn(w), w)
        h = 1e-6
        fd = [(s.fn(w.detach() + h * e) - s.fn(w.detach() - h * e)).item() / (2 * h)
              for e in torch.eye(s.dim, dtype=torch.float64)]
        np.testing.assert_allclose(grad.numpy(), fd, rtol=1e-5, atol=1e-6)


def test_minima_where_the_closed_forms_put_them():
    assert SURFACES["rosenbrock"].error(torch.tensor([1.0, 1.0])) == 0
    assert SURFACES["valley"].error(torch.tensor([0.0, 0.0])) == 0
    saddle = SURFACES["saddle"]
    assert saddle.error(torch.tensor([0.0, math.sqrt(2)], dtype=torch.float64)).abs() < 1e-12
    w = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    hess = torch.autograd.functional.hessian(saddle.fn, w)
    assert torch.autograd.grad(saddle.fn(w), w)[0].abs().max() == 0  # flat in the middle ...
    assert hess[0, 0] > 0 > hess[1, 1]  # ... but up one way and down the other: a saddle, not a minimum
    for s in [*CURVES.values(), *SURFACES.values()]:  # f_min really is (about) the lowest value on the plot
        w = torch.rand(4000, s.dim, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
        lo, hi = torch.tensor(s.extent[0::2]), torch.tensor(s.extent[1::2])
        assert s.error(lo + w * (hi - lo)).min() >= -1e-9


def _by_hand(name, lr, start, steps, grad_fn):
    """The update rules as torch documents them."""
    w = np.array(start, dtype=float)
    buf = m = v = np.zeros_like(w)
    out = [w.copy()]
    b1, b2, eps, alpha = 0.9, 0.999, 1e-8, 0.99
    for t in range(1, steps + 1):
        g = grad_fn(w)
        if name == "sgd":
            w = w - lr * g
        elif name in ("momentum", "nesterov"):
            buf = g if t == 1 else MOMENTUM * buf + g  # torch starts the buffer at the first gradient
            w = w - lr * (g + MOMENTUM * buf if name == "nesterov" else buf)
        elif name == "adam":
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            w = w - lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
        elif name == "rmsprop":
            v = alpha * v + (1 - alpha) * g * g
            w = w - lr * g / (np.sqrt(v) + eps)
        out.append(w.copy())
    return np.array(out)


def _rosenbrock_grad(w):
    x, y = w
    return np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])


@pytest.mark.parametrize("name", list(OPTIMISERS))
def test_torch_optimisers_take_the_written_out_steps(name):
    lr = 1e-3 if name in ("sgd", "momentum", "nesterov") else 0.05
    path = run_path(SURFACES["rosenbrock"], name, lr, (-1.2, 1.0), 25)
    want = _by_hand(name, lr, (-1.2, 1.0), 25, _rosenbrock_grad)
    np.testing.assert_allclose(path.points, want, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(path.errors, [SURFACES["rosenbrock"].fn(torch.tensor(p)).item() for p in want],
                               rtol=1e-9, atol=1e-12)
    assert path.steps == 25 and len(path.lrs) == 25 and path.diverged_at is None


def test_momentum_and_nesterov_differ_from_sgd_and_each_other():
    runs = {n: run_path(SURFACES["valley"], n, 0.3, (-1.8, 1.2), 10).points for n in ("sgd", "momentum", "nesterov")}
    assert not np.allclose(runs["sgd"], runs["momentum"]) and not np.allclose(runs["momentum"], runs["nesterov"])


def test_too_big_a_step_diverges_and_stops_with_finite_numbers():
    path = run_path(CURVES["bowl"], "sgd", 1.1, (-1.8,), 500)  # |1 - 2 lr| = 1.2 > 1: each step 20 % further out
    assert path.diverged_at is not None and path.steps == path.diverged_at - 1 < 500
    assert np.isfinite(path.points).all() and np.isfinite(path.errors).all() and len(path.errors) == len(path.points)
    assert behaviour(path) == "diverged"
    huge = run_path(SURFACES["rosenbrock"], "sgd", 3.0, (-1.5, 2.0), 50)  # overflows to inf within a few steps
    assert huge.diverged_at is not None and np.isfinite(huge.points).all() and np.isfinite(huge.errors).all()


def test_learning_rates_from_crawl_to_oscillation():
    bowl = CURVES["bowl"]
    assert behaviour(run_path(bowl, "sgd", 0.005, (-1.8,), 100)) == "crawling"
    assert behaviour(run_path(bowl, "sgd", 0.25, (-1.8,), 100)) == "reached"
    osc = run_path(bowl, "sgd", 1.0, (-1.8,), 100)  # |1 - 2 lr| = 1: bounces between -1.8 and +1.8 for ever
    assert behaviour(osc) == "oscillating" and osc.diverged_at is None
    np.testing.assert_allclose(np.abs(osc.points[:, 0]), 1.8)


def test_momentum_carries_across_the_plateau_where_sgd_stops():
    plateau = CURVES["plateau"]
    sgd = run_path(plateau, "sgd", 0.3, plateau.start, 300)
    mom = run_path(plateau, "momentum", 0.1, plateau.start, 300)
    assert sgd.steps_to() is None and behaviour(sgd) == "stopped"
    assert mom.steps_to() is not None


def test_stop_at_ends_the_run_at_the_target():
    path = run_path(SURFACES["bowl"], "sgd", 0.3, (1.0, 1.0), 1000, stop_at=1e-3)
    assert path.errors[-1] <= 1e-3 < path.errors[-2] and path.steps == path.steps_to()
