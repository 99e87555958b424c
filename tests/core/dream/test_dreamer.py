"""Deep dreaming: the objective climbs, octaves grow, the state survives a checkpoint."""
import numpy as np
import pytest
import torch

from core.dream.dreamer import DreamConfig, Dreamer, dream_objective
from core.imagenet.backbone import load_backbone


@pytest.fixture(scope="module")
def lite():
    return load_backbone("efficientnet_lite0")


def photo():
    yy, xx = np.mgrid[0:80, 0:120] / 80
    return np.stack([xx % 1, yy, 0.5 + 0.4 * np.sin(6 * xx)], -1).astype(np.float32)


def test_dreaming_raises_the_objective_through_the_octaves(lite):
    cfg = DreamConfig(layers=("block4",), weights=(1.0,), iterations=4, octaves=2, size=96)
    dreamer = Dreamer(cfg, lite, photo())
    assert dreamer.shapes[0][1] < dreamer.shapes[1][1] == 96 and dreamer.shapes[1][0] == 64
    start = float(dream_objective(lite, dreamer.image, cfg.layers, cfg.weights))
    dreamer.step(4)
    assert dreamer.history["objective"][-1] > start
    dreamer.step(100)
    assert dreamer.steps_done == cfg.total_steps == 8
    assert tuple(dreamer.image.shape[-2:]) == (64, 96)
    picture = dreamer.picture()
    assert picture.shape == (64, 96, 3) and picture.min() >= 0 and picture.max() <= 1
    assert np.abs(picture - photo()[::1][:64, :96]).mean() > 0.01  # it changed the picture


def test_same_seed_same_dream_and_checkpoint_round_trip(lite):
    cfg = DreamConfig(layers=("block3", "block5"), weights=(1.0, 0.5), iterations=3, octaves=2, size=64)
    a, b = Dreamer(cfg, lite, photo()), Dreamer(cfg, lite, photo())
    a.step(4)
    b.step(4)
    assert torch.equal(a.image, b.image)
    c = Dreamer(cfg, lite, photo())
    c.load_payload(a.payload())
    a.step(2)
    c.step(2)
    assert torch.equal(a.image, c.image) and c.steps_done == 6


def test_bad_settings_are_refused():
    for bad in (dict(weights=(1.0,)), dict(step_size=0), dict(octaves=9), dict(size=20)):
        with pytest.raises(ValueError):
            DreamConfig(**bad)
