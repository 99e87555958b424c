"""The loss landscape of a trained network: the plane's centre is the trained loss, directions are filter-normalised,
the batched grid matches one-at-a-time evaluation, and the trail projects back to where it came from."""
import copy
import dataclasses

import pytest
import torch
import torch.nn.functional as F

from core import checkpoints
from core.data.datasets2d import Dataset2DConfig
from core.descent.landscape import filter_normalise, flatten, loss_grid, project, random_directions
from core.descent.landscape_trainer import CHECKPOINT_NAME, LandscapeConfig, LandscapePair, prepare_jobs

TINY = LandscapeConfig(data=Dataset2DConfig(kind="moons", n_points=60, noise=0.2), total_steps=60, record_every=20,
                       resolution=7, span=0.5)


@pytest.fixture(scope="module")
def pair():
    p = LandscapePair(TINY)
    p.step(TINY.total_steps)
    return p


def test_centre_of_the_plane_is_the_trained_models_loss(pair):
    for net in pair.nets.values():
        s = net.surface
        with torch.no_grad():
            trained = F.cross_entropy(net.net.model(net.net.train_x), net.net.train_y).item()
        c = TINY.resolution // 2
        assert s["alphas"][c] == 0 and s["betas"][c] == 0
        assert s["loss"][c, c].item() == pytest.approx(trained, rel=1e-5, abs=1e-6)
        assert s["loss"].shape == (TINY.resolution, TINY.resolution) and torch.isfinite(s["loss"]).all()
        assert s["loss"].max() > trained  # away from the trained weights the loss rises
        assert len(net.trail) == TINY.total_steps // TINY.record_every + 1 == len(s["path"])
        assert s["path"][-1].abs().max() < 1e-5  # the trail ends at the trained weights: the centre


def test_directions_are_filter_normalised():
    params = {"w": torch.randn(5, 3), "b": torch.randn(5), "w2": torch.randn(2, 5) * 7}
    d1, d2 = random_directions(params, seed=3)
    for d in (d1, d2):
        assert torch.allclose(d["w"].norm(dim=1), params["w"].norm(dim=1))
        assert torch.allclose(d["w2"].norm(dim=1), params["w2"].norm(dim=1))
        assert (d["b"] == 0).all()
    assert not torch.allclose(d1["w"], d2["w"])
    again = filter_normalise({"w": torch.ones(2, 2)}, {"w": torch.tensor([[3.0, 4.0], [0.0, 1.0]])})
    assert torch.allclose(again["w"], torch.tensor([[5 / 2**0.5] * 2, [1 / 2**0.5] * 2]))


def test_batched_grid_matches_one_model_at_a_time(pair):
    net = pair.nets["small"].net
    model = net.model
    params = {k: v.detach() for k, v in model.named_parameters()}
    d1, d2 = random_directions(params, seed=0)
    axis = torch.tensor([-0.4, 0.0, 0.7])
    grid = loss_grid(model, params, d1, d2, axis, axis, net.train_x, net.train_y, chunk=4)
    probe = copy.deepcopy(model)
    for i, b in enumerate(axis):
        for j, a in enumerate(axis):
            probe.load_state_dict({k: params[k] + a * d1[k] + b * d2[k] for k in params})
            with torch.no_grad():
                want = F.cross_entropy(probe(net.train_x), net.train_y).item()
            assert grid[i, j].item() == pytest.approx(want, rel=1e-5)


def test_a_point_on_the_plane_projects_to_its_coordinates():
    params = {"w": torch.randn(4, 3), "b": torch.randn(4)}
    d1, d2 = random_directions(params, seed=1)
    final = flatten(params)
    trail = torch.stack([final + 0.3 * flatten(d1) - 0.2 * flatten(d2), final])
    torch.testing.assert_close(project(trail, final, d1, d2), torch.tensor([[0.3, -0.2], [0.0, 0.0]]),
                               atol=1e-5, rtol=0)


def test_pca_plane_holds_the_trail_and_the_checkpoint_round_trips(pair):
    cfg = dataclasses.replace(TINY, directions="pca")
    pca = LandscapePair(cfg)
    pca.step(cfg.total_steps)
    path = pca.nets["wide"].surface["path"]
    assert path[0].norm() > 0.1 and path.abs().max() <= pca.nets["wide"].surface["span"]
    checkpoints.save(CHECKPOINT_NAME, cfg, pca.payload())
    again = LandscapePair(cfg)
    again.load_payload(checkpoints.load(CHECKPOINT_NAME, cfg))
    assert again.steps_done == cfg.total_steps
    torch.testing.assert_close(again.nets["wide"].surface["loss"], pca.nets["wide"].surface["loss"])


def test_prepare_job_is_the_pages_default():
    (label, _job), = prepare_jobs()
    assert "landscape" in label
    assert LandscapeConfig() == LandscapeConfig(resolution=51, directions="random")
