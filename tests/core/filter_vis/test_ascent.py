"""What a filter looks for: the response maps are the layer's activations; ascent raises the channel's response."""
import numpy as np
import pytest
import torch

from core.filter_vis.ascent import AscentConfig, ascend, channel_objective, grow
from core.filter_vis.responses import response_maps, strongest_channels
from core.imagenet.backbone import load_backbone


@pytest.fixture(scope="module")
def lite():
    return load_backbone("efficientnet_lite0")


def test_response_maps_are_the_layers_activations(lite):
    x = torch.rand(1, 3, 96, 96, generator=torch.Generator().manual_seed(0))
    maps = response_maps(lite, x, "block3", [0, 5])
    acts = lite.features(x, ["block3"])["block3"][0]
    assert maps.shape == (2, 12, 12) and np.allclose(maps, acts[[0, 5]].numpy())
    top = strongest_channels(lite, x, "block3", 4)
    means = acts.flatten(1).mean(1)
    assert len(top) == 4 and means[top[0]] == means.max()
    with pytest.raises(ValueError, match="channels 0 to"):
        response_maps(lite, x, "block3", [999])


def test_ascent_raises_each_channels_response_and_is_seeded(lite):
    cfg = AscentConfig(layer="block4", channels=(1, 7), size=64, steps=12)
    images, first, last = grow(lite, cfg)
    assert images.shape == (2, 64, 64, 3) and images.min() >= 0 and images.max() <= 1
    assert (last > first).all()
    again, _, _ = grow(lite, cfg)
    assert np.array_equal(images, again)
    other, _, _ = grow(lite, AscentConfig(layer="block4", channels=(1, 7), size=64, steps=12, seed=1))
    assert not np.array_equal(images, other)


def test_each_image_drives_its_own_channel(lite):
    cfg = AscentConfig(layer="block4", channels=(1, 7), size=64, steps=15)
    images, _, _ = grow(lite, cfg)
    x = torch.tensor(images).permute(0, 3, 1, 2)
    with torch.no_grad():
        own = channel_objective(lite, x, "block4", [1, 7])
        swapped = channel_objective(lite, x.flip(0), "block4", [1, 7])
    assert (own > swapped).all()


def test_bad_settings_are_refused(lite):
    with pytest.raises(ValueError):
        AscentConfig(channels=())
    with pytest.raises(ValueError, match="channels 0 to"):
        next(ascend(lite, AscentConfig(layer="block0", channels=(500,), size=32, steps=1)))
