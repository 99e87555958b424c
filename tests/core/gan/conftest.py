"""GAN core tests: small seeded runs on scikit-learn's embedded digits (quick, and there on every machine)."""
import pytest

from core.mnist.classifier import freeze
from core.mnist.data import get_digits
from core.mnist.trainer import default_config, train_to_completion


@pytest.fixture(scope="module")
def small_judge():
    """The shared classifier's network, trained briefly on the embedded digits without label smoothing."""
    config = default_config("fast_cnn", "sklearn-digits", epochs=3, label_smoothing=0.0)
    return freeze(train_to_completion(config, "cpu").model)


@pytest.fixture(scope="module")
def small_digits():
    return get_digits("sklearn-digits")
