"""The mode-collapse meter: exact on made-up probabilities, and with a real judge it flags a generator that
always draws one digit and passes real test digits."""
import numpy as np
import pytest
import torch
from scipy.stats import entropy

from core.gan.judge import judge_probs, real_confident_fraction, sample_probs
from core.gan.meter import MAX_BITS, collapse_meter


def test_histogram_entropy_and_confident_share_on_known_probabilities():
    probs = np.full((8, 10), 0.01)
    for i, (digit, p) in enumerate([(3, 0.91), (3, 0.5), (3, 0.95), (7, 0.99), (7, 0.2), (0, 0.9), (0, 0.6),
                                    (1, 0.95)]):
        probs[i, digit] = p
    m = collapse_meter(probs)
    assert m.counts.tolist() == [2, 1, 0, 3, 0, 0, 0, 2, 0, 0] and m.n == 8
    assert m.confident_fraction == pytest.approx(5 / 8)  # 0.91, 0.95, 0.99, 0.9, 0.95
    assert m.entropy_bits == pytest.approx(entropy([2, 1, 3, 2], base=2))
    assert m.min_class_fraction == 0 and m.missing == [2, 4, 5, 6, 8, 9]


def test_uniform_and_single_class_extremes():
    eye = np.eye(10)[np.arange(1000) % 10]
    assert collapse_meter(eye).entropy_bits == pytest.approx(MAX_BITS)
    assert collapse_meter(eye).verdict == "diverse"
    ones = np.eye(10)[np.ones(50, int)]
    assert collapse_meter(ones).entropy_bits == 0 and collapse_meter(ones).verdict == "collapsed"
    with pytest.raises(ValueError):
        collapse_meter(np.zeros((0, 10)))


class OneDigit(torch.nn.Module):
    """A collapsed generator: whatever the noise, the same digit, barely perturbed."""

    def __init__(self, image: torch.Tensor):
        super().__init__()
        self.image = torch.nn.Parameter(image * 2 - 1, requires_grad=False)

    def forward(self, z):
        return (self.image.expand(len(z), 1, 28, 28) + 0.02 * z[:, :1, None, None]).clamp(-1, 1)


def test_a_generator_that_always_draws_one_digit_is_collapsed(small_judge, small_digits):
    one = small_digits.test_x[small_digits.test_y == 1][0]
    m = collapse_meter(sample_probs(small_judge, OneDigit(one), 300, z_dim=8, seed=0))
    assert m.verdict == "collapsed", m
    assert m.entropy_bits < 0.5 and m.counts.max() >= 290
    assert len(m.missing) >= 9


def test_real_test_digits_pass_as_diverse(small_judge, small_digits):
    m = collapse_meter(judge_probs(small_judge, small_digits.test_x))
    assert m.verdict == "diverse", m
    assert m.entropy_bits > 3.2 and m.min_class_fraction >= 0.05
    assert real_confident_fraction(small_judge, small_digits.test_x) == pytest.approx(m.confident_fraction)
