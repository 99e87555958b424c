"""FGSM and PGD: the perturbation stays within ε, the gradient matches a closed form, targeted attacks arrive."""
import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits
from torch import nn

from core.adversarial.attacks import (
    AttackConfig,
    attack,
    fgsm,
    pgd,
    smallest_fgsm_epsilon,
    smallest_pgd_epsilon,
    succeeded,
)
from core.seeding import seeded_model


@pytest.fixture(scope="module")
def digits_model():
    """A small CNN on scikit-learn's 8×8 digits, pixels in [0, 1]: trained in about a second."""
    digits = load_digits()
    x = torch.tensor(digits.images / 16.0, dtype=torch.float32)[:, None]
    y = torch.tensor(digits.target)
    model = seeded_model(lambda: nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.Flatten(),
                                               nn.Linear(16 * 64, 10)), 0)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    g = torch.Generator().manual_seed(0)
    for _ in range(150):
        idx = torch.randint(len(y), (128,), generator=g)
        loss = nn.functional.cross_entropy(model(x[idx]), y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval().requires_grad_(False)
    assert (model(x).argmax(1) == y).float().mean() > 0.95
    return model, x[:64], y[:64]


def test_fgsm_matches_the_closed_form_gradient_of_a_linear_model():
    torch.manual_seed(0)  # test data only
    w, b = torch.randn(3, 5), torch.randn(3)
    x, labels = torch.rand(4, 5) * 0.5 + 0.25, torch.tensor([0, 1, 2, 0])
    adv = fgsm(lambda z: z @ w.T + b, x, labels, 0.1)
    probs = torch.softmax(x @ w.T + b, 1)
    grad = (probs - nn.functional.one_hot(labels, 3)) @ w  # d CE / dx for logits = W x + b
    assert torch.allclose(adv, (x + 0.1 * grad.sign()).clamp(0, 1))


@pytest.mark.parametrize("method", ["fgsm", "pgd"])
def test_perturbation_stays_within_epsilon_and_range(digits_model, method):
    model, x, y = digits_model
    for eps in (1 / 255, 8 / 255, 0.3):
        adv = attack(model, x, y, AttackConfig(method=method, epsilon=eps, steps=5))
        assert (adv - x).abs().max() <= eps + 1e-6 and adv.min() >= 0 and adv.max() <= 1


def test_pgd_beats_fgsm_and_a_big_epsilon_fools_most(digits_model):
    model, x, y = digits_model
    fooled_fgsm = succeeded(model(fgsm(model, x, y, 0.25)), y, None).float().mean()
    fooled_pgd = succeeded(model(pgd(model, x, y, 0.25, steps=20)), y, None).float().mean()
    assert fooled_pgd >= fooled_fgsm and fooled_pgd > 0.8


def test_targeted_attack_reaches_its_target(digits_model):
    model, x, y = digits_model
    keep = y != 3
    adv = pgd(model, x[keep], y[keep], 0.3, steps=40, target=3, generator=torch.Generator().manual_seed(0))
    assert (model(adv).argmax(1) == 3).float().mean() > 0.9


def test_smallest_epsilon_is_the_first_that_works(digits_model):
    model, x, y = digits_model
    image, label = x[:1], int(y[0])
    units = smallest_fgsm_epsilon(model, image, label, max_units=128)
    assert units is not None
    below = fgsm(model, image, torch.tensor([label]), (units - 0.25) / 255)
    at = fgsm(model, image, torch.tensor([label]), units / 255)
    assert int(model(at).argmax()) != label and int(model(below).argmax()) == label
    pgd_units = smallest_pgd_epsilon(model, image, label, max_units=128)
    assert pgd_units is not None and pgd_units <= units + 0.25
    assert smallest_fgsm_epsilon(model, image, label, max_units=0.25) in (None, 0.25)


def test_config_is_checked():
    for bad in (dict(method="deepfool"), dict(epsilon=2.0), dict(steps=0)):
        with pytest.raises(ValueError):
            AttackConfig(**bad)
    assert np.isclose(AttackConfig().epsilon * 255, 2)


def test_report_attacks_the_models_own_answer_and_measures_the_change(digits_model):
    from core.adversarial.report import attack_report

    model, x, y = digits_model
    report = attack_report(model, x[:1], AttackConfig(method="pgd", epsilon=0.3, steps=20))
    own = int(model(x[:1]).argmax())
    assert report.label == own and report.before[0][0] == own and abs(sum(p for _, p in report.before) - 1) < 0.2
    assert report.flipped == (report.after[0][0] != own)
    assert report.max_change_units <= 0.3 * 255 + 1e-3
    assert np.allclose(report.original + report.perturbation, report.adversarial, atol=1e-6)
    targeted = attack_report(model, x[:1], AttackConfig(method="pgd", epsilon=0.3, steps=40, target=(own + 1) % 10))
    assert targeted.flipped == (targeted.after[0][0] == (own + 1) % 10)


def test_targeted_attack_reaches_its_target_on_the_mnist_cnn(monkeypatch):
    """The MNIST page's shared classifier (here trained on the embedded digits, to stay quick)."""
    import core.mnist.classifier as classifier
    from core.mnist.data import get_digits

    monkeypatch.setattr(classifier, "available_source", lambda: "sklearn-digits")
    model = classifier.load_classifier("cpu")
    digits = get_digits("sklearn-digits")
    x, y = digits.test_x[:32], digits.test_y[:32]
    keep = y != 7
    adv = pgd(model, x[keep], y[keep], 64 / 255, steps=40, target=7, generator=torch.Generator().manual_seed(0))
    assert (adv - x[keep]).abs().max() <= 64 / 255 + 1e-6
    assert (model(adv).argmax(1) == 7).float().mean() > 0.9
