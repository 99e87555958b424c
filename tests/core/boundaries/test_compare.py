"""Small vs big: on every dataset the page offers, the small network generalises visibly better."""
import pytest

from core.boundaries.compare import COMPARE_SETTINGS, CompareConfig, compare_noise, default_config, train_to_completion
from core.data.datasets2d import KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_the_small_network_generalises_better_on_every_dataset(kind):
    """At the page's defaults (seed 0, the kind's own noise): higher test accuracy AND a smaller train-test gap."""
    pair = train_to_completion(CompareConfig.for_dataset(kind))
    small, large = pair.small, pair.large
    small_gap, large_gap = pair.gaps()
    summary = (f"{kind}: small {small.accuracy('train'):.2f}/{small.accuracy('test'):.2f}, "
               f"big {large.accuracy('train'):.2f}/{large.accuracy('test'):.2f}")
    assert small.accuracy("test") > large.accuracy("test"), summary
    assert small_gap < large_gap, summary
    assert large.accuracy("train") >= 0.97, summary  # the big one did memorise its training points


def test_settings_cover_every_dataset_and_the_page_defaults():
    assert set(COMPARE_SETTINGS) == set(KINDS)
    config = CompareConfig.for_dataset("spiral", seed=3, noise=0.1)
    assert config.data.kind == "spiral" and config.data.noise == 0.1 and config.seed == config.data.seed == 3
    assert CompareConfig.for_dataset("xor").data.noise == compare_noise("xor")
    assert default_config() == CompareConfig.for_dataset("moons")
    small, large = default_config().small(), default_config().large()
    assert small.data == large.data and small.total_steps == large.total_steps
    assert small.l2 > 0 == large.l2 and large.width * large.hidden_layers > small.width * small.hidden_layers
