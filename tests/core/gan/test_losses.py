"""The adversarial losses against their textbook formulas, computed directly."""
import pytest
import torch

from core.gan.losses import discriminator_accuracy, discriminator_loss, generator_loss

REAL = torch.tensor([2.0, -0.5, 0.3, 4.0])
FAKE = torch.tensor([-1.0, 0.7, -3.0])


def test_cross_entropy_losses():
    sig = torch.sigmoid
    d = -(torch.log(sig(REAL)).mean() + torch.log(1 - sig(FAKE)).mean())
    g = -torch.log(sig(FAKE)).mean()  # non-saturating: maximise log D(G(z))
    assert discriminator_loss(REAL, FAKE, "bce").item() == pytest.approx(d.item(), rel=1e-6)
    assert generator_loss(FAKE, "bce").item() == pytest.approx(g.item(), rel=1e-6)
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    ref = bce(REAL, torch.ones(4)) + bce(FAKE, torch.zeros(3))
    assert discriminator_loss(REAL, FAKE).item() == pytest.approx(ref.item(), rel=1e-6)


def test_hinge_losses():
    d = sum(max(0.0, 1 - r) for r in REAL.tolist()) / 4 + sum(max(0.0, 1 + f) for f in FAKE.tolist()) / 3
    assert discriminator_loss(REAL, FAKE, "hinge").item() == pytest.approx(d, rel=1e-6)
    assert generator_loss(FAKE, "hinge").item() == pytest.approx(-FAKE.mean().item(), rel=1e-6)


def test_accuracy_counts_scores_on_the_right_side_of_zero():
    assert discriminator_accuracy(REAL, FAKE) == (pytest.approx(3 / 4), pytest.approx(2 / 3))
