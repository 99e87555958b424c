"""Neurons-page math against torch's own implementations and closed forms."""
import math

import pytest
import torch
import torch.nn.functional as F

from core.neurons.activations import ACTIVATIONS, curve
from core.neurons.collapse import CollapseConfig, best_linear_fit, collapse, plane_maps, random_stack, stack_forward
from core.neurons.perceptron import decision_grid, perceptron, weighted_sum, with_bias_input
from core.neurons.softmax import cross_entropy, one_hot, parse_scores, softmax


def test_bias_trick_equals_plain_weighted_sum():
    g = torch.Generator().manual_seed(1)
    x, w, b = torch.randn(20, 3, generator=g), torch.randn(3, generator=g), 0.7
    assert torch.allclose(weighted_sum(x, w, b), x @ w + b)
    assert torch.equal(with_bias_input(x)[:, 0], torch.ones(20))


def test_perceptron_threshold_and_plane():
    z, out = perceptron(torch.tensor([1.0, 2.0]), torch.tensor([0.5, -1.0]), 0.25)
    assert z.item() == pytest.approx(-1.25) and out.item() == -1
    _, out0 = perceptron(torch.tensor([1.0, 2.0]), torch.tensor([0.5, -1.0]), 0.25, low=0.0)
    assert out0.item() == 0
    axis, _, grid = decision_grid(torch.tensor([1.0, 0.0]), 0.0, resolution=5)
    # x1 > 0 on the right half only
    assert grid[:, -1].eq(1).all() and grid[:, 0].eq(-1).all()


def _gelu_slope(x):
    cdf = 0.5 * (1 + torch.erf(x / math.sqrt(2)))  # Phi(x)
    pdf = torch.exp(-x * x / 2) / math.sqrt(2 * math.pi)  # phi(x)
    return cdf + x * pdf


# f'(x) in closed form, written out by hand: one per activation the page offers.
SLOPES = {
    "step": torch.zeros_like,
    "sigmoid": lambda x: torch.sigmoid(x) * (1 - torch.sigmoid(x)),
    "tanh": lambda x: 1 - torch.tanh(x) ** 2,
    "ReLU": lambda x: (x > 0).double(),
    "leaky ReLU": lambda x: torch.where(x > 0, torch.ones_like(x), torch.full_like(x, 0.1)),
    "ELU": lambda x: torch.where(x > 0, torch.ones_like(x), torch.exp(x)),
    "softplus": torch.sigmoid,
    "swish (SiLU)": lambda x: torch.sigmoid(x) * (1 + x * (1 - torch.sigmoid(x))),
    "GELU": _gelu_slope,
    "identity": torch.ones_like,
}


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_derivatives_match_closed_forms(name):
    assert name in SLOPES, f"add the closed-form derivative of {name!r} to SLOPES"
    x = torch.linspace(-3, 3, 61, dtype=torch.float64) + 0.013  # avoid the kink at exactly 0
    _, dy = curve(name, x)
    assert torch.allclose(dy, SLOPES[name](x), atol=1e-9), name
    if name != "step":  # and autograd agrees with a central difference of the function itself
        h = 1e-6
        fd = (ACTIVATIONS[name](x + h) - ACTIVATIONS[name](x - h)) / (2 * h)
        assert torch.allclose(dy, fd, atol=1e-6), name


def test_every_activation_runs_and_unknown_name_is_an_error():
    for name in ACTIVATIONS:
        y, dy = curve(name, torch.linspace(-2, 2, 11))
        assert y.shape == dy.shape == (11,)
    with pytest.raises(KeyError):
        curve("nope", torch.zeros(1))


def test_softmax_matches_torch_keeps_order_and_sums_to_one():
    s = torch.tensor([1.5, 0.4, 3.1, 2.2, -0.5, 0.9, 0.0, 1.2], dtype=torch.float64)
    for t in (0.2, 1.0, 4.0):
        p = softmax(s, t)
        assert torch.allclose(p, torch.softmax(s / t, dim=0))
        assert p.sum().item() == pytest.approx(1.0)
        assert torch.equal(torch.argsort(p), torch.argsort(s))
    assert torch.isfinite(softmax(torch.tensor([1000.0, 999.0]))).all()  # no overflow
    with pytest.raises(ValueError):
        softmax(s, 0.0)


def test_cross_entropy_matches_torch():
    s = torch.tensor([[2.0, 0.5, -1.0, 0.1], [0.0, 0.0, 3.0, 1.0]], dtype=torch.float64)
    labels = torch.tensor([0, 2])
    ours = cross_entropy(softmax(s), torch.stack([one_hot(int(i), 4, torch.float64) for i in labels]))
    assert torch.allclose(ours, F.cross_entropy(s, labels, reduction="none"))
    assert cross_entropy(torch.tensor([0.5, 0.5]), torch.tensor([1.0, 0.0])).item() == pytest.approx(math.log(2))


def test_parse_scores_rejects_bad_text():
    assert parse_scores("1, 2;3", 3).tolist() == [1.0, 2.0, 3.0]
    for bad in ("1,2", "1,x,3", "1,nan,3", "1,1e9,2"):
        with pytest.raises(ValueError):
            parse_scores(bad, 3)


def test_collapsed_matrix_equals_torch_linear_stack():
    cfg = CollapseConfig(seed=3, widths=(2, 5, 3, 4, 1))
    layers = random_stack(cfg)
    net = torch.nn.Sequential(*[torch.nn.Linear(w.shape[1], w.shape[0]).double() for w, _ in layers])
    with torch.no_grad():
        for lin, (w, b) in zip(net, layers, strict=True):
            lin.weight.copy_(w)
            lin.bias.copy_(b)
    x = torch.randn(50, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    w_total, b_total = collapse(layers)
    assert torch.allclose(net(x), x @ w_total.T + b_total, atol=1e-12)
    assert torch.allclose(stack_forward(layers, x, "identity"), net(x), atol=1e-12)


def test_nonlinearity_prevents_collapse():
    _, _, _, linear_diff = plane_maps(CollapseConfig(seed=0, activation="identity"))
    _, _, _, relu_diff = plane_maps(CollapseConfig(seed=0, activation="ReLU"))
    assert linear_diff < 1e-10
    assert relu_diff > 1e-2


def test_best_linear_fit_recovers_a_linear_map():
    x = torch.randn(100, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(2))
    y = x @ torch.tensor([[1.5], [-2.0]], dtype=torch.float64) + 0.25
    w, b = best_linear_fit(x, y)
    assert torch.allclose(w, torch.tensor([[1.5, -2.0]], dtype=torch.float64)) and b.item() == pytest.approx(0.25)


def test_cross_entropy_from_scores_is_not_capped():
    from core.neurons.softmax import CRAYONS, cross_entropy_from_scores, log_softmax

    n = len(CRAYONS)
    scores = torch.tensor([1000.0] + [0.0] * (n - 1), dtype=torch.float64)
    black = one_hot(list(CRAYONS).index("black"), n, torch.float64)
    loss = cross_entropy_from_scores(scores, black, temperature=5.0)
    assert loss.item() == pytest.approx(200.0, rel=1e-12)  # was capped at -log(1e-12) = 27.631
    want = F.cross_entropy((scores / 5.0)[None], torch.tensor([n - 1]))
    assert loss.item() == pytest.approx(want.item(), rel=1e-12)
    s = torch.randn(5, n, generator=torch.Generator().manual_seed(0), dtype=torch.float64) * 3
    labels = torch.arange(5)
    assert torch.allclose(log_softmax(s, 2.0), torch.log_softmax(s / 2.0, dim=-1))
    onehots = torch.stack([one_hot(int(i), n, torch.float64) for i in labels])
    want = F.cross_entropy(s / 2.0, labels, reduction="none")
    assert torch.allclose(cross_entropy_from_scores(s, onehots, 2.0), want)
    assert cross_entropy(softmax(scores, 5.0), black).item() == pytest.approx(200.0)  # float64 holds e^-200: no cap
    assert cross_entropy_from_scores(scores, black).item() == pytest.approx(1000.0)  # where e^-1000 rounds to 0
    with pytest.raises(ValueError):
        log_softmax(scores, 0.0)
