"""The boundary trainer: one neuron draws a line, hidden layers bend it, class weights move it, seeds repeat it."""
import dataclasses
import io

import numpy as np
import pytest
import torch
from sklearn.linear_model import LogisticRegression

from core import checkpoints
from core.boundaries.compare import COMPARE_CHECKPOINT_NAME, CompareConfig, CompareTrainer
from core.boundaries.compare import train_to_completion as train_pair
from core.boundaries.trainer import (
    CHECKPOINT_NAME,
    BoundaryConfig,
    BoundaryTrainer,
    default_config,
    policy_weights,
    train_to_completion,
)
from core.data.datasets2d import Dataset2DConfig


def cfg(kind="moons", **kw) -> BoundaryConfig:
    data = kw.pop("data", None) or Dataset2DConfig(kind=kind, n_points=kw.pop("n_points", 200),
                                                   noise=kw.pop("noise", 0.2))
    return BoundaryConfig(data=data, **kw)


def test_single_neuron_splits_blobs_fails_xor_and_matches_logistic_regression():
    blobs = train_to_completion(cfg("two_blobs", hidden_layers=0, total_steps=300))
    assert blobs.accuracy("test") == 1.0
    xor = train_to_completion(cfg("xor", hidden_layers=0, total_steps=600))
    assert xor.accuracy("train") < 0.75
    moons = train_to_completion(cfg("moons", hidden_layers=0, total_steps=1500))
    d = moons.data
    reference = LogisticRegression().fit(d.train_x, d.train_y).score(d.test_x, d.test_y)
    assert abs(moons.accuracy("test") - reference) <= 0.05  # both are one straight line


def test_hidden_layers_solve_xor():
    trainer = train_to_completion(cfg("xor", hidden_layers=2, width=16, total_steps=800))
    assert trainer.accuracy("test") >= 0.9


def test_same_seed_same_network_and_a_new_seed_a_new_one():
    a, b, c = (BoundaryTrainer(cfg(seed=s)) for s in (3, 3, 4))
    for t in (a, b, c):
        t.step(60)
    for (k, va), vb in zip(a.model.state_dict().items(), b.model.state_dict().values(), strict=True):
        assert torch.equal(va, vb), k
    assert not torch.equal(a.model[0].weight, c.model[0].weight)
    assert a.history == b.history


def test_history_is_plain_lists_logged_every_few_steps():
    t = BoundaryTrainer(cfg(log_every=10))
    t.step(35)
    assert t.steps_done == 35
    assert t.history["step"] == [0, 10, 20, 30]
    assert all(isinstance(v, float) for k in ("train_loss", "test_acc") for v in t.history[k])
    assert t.history["train_loss"][-1] < t.history["train_loss"][0]


def test_payload_survives_weights_only_load_and_training_continues_identically():
    a = BoundaryTrainer(cfg(kind="spiral", batch_size=16))
    a.step(40)
    buffer = io.BytesIO()
    torch.save(a.payload(), buffer)
    buffer.seek(0)
    payload = torch.load(buffer, weights_only=True)
    b = BoundaryTrainer(cfg(kind="spiral", batch_size=16))
    b.load_payload(payload)
    assert b.steps_done == 40 and b.history == a.history
    np.testing.assert_array_equal(a.predict(a.data.test_x), b.predict(a.data.test_x))
    a.step(30)
    b.step(30)
    for va, vb in zip(a.model.state_dict().values(), b.model.state_dict().values(), strict=True):
        assert torch.equal(va, vb)


def test_predict_grid_gives_probabilities_over_the_plot_area():
    t = BoundaryTrainer(cfg("blobs", data=Dataset2DConfig(kind="blobs", n_classes=4)))
    t.step(100)
    xs, ys, probs = t.predict_grid(50)
    assert xs.shape == (50,) and ys.shape == (50,) and probs.shape == (50, 50, 4)
    np.testing.assert_allclose(probs.sum(-1), 1.0, atol=1e-5)
    assert (xs[0], xs[-1], ys[0], ys[-1]) == pytest.approx(t.data.extent)
    np.testing.assert_allclose(probs[7, 31], t.predict([[xs[31], ys[7]]])[0], atol=1e-6)  # row = y, column = x
    assert len(np.unique(probs.argmax(-1))) == 4
    with pytest.raises(ValueError):
        t.predict_grid(101)


def test_policy_makes_the_favoured_class_right_at_the_others_expense():
    overlap = dict(kind="two_blobs", noise=1.2, n_points=400, hidden_layers=0, total_steps=800, learning_rate=0.03)
    fair = train_to_completion(cfg(**overlap))
    strict = train_to_completion(cfg(**overlap, class_weights=policy_weights(2, 0, 20.0)))
    fair_err, strict_err = fair.class_errors("train"), strict.class_errors("train")
    assert strict_err[0] < fair_err[0] / 3
    assert strict_err[1] > fair_err[1]
    assert fair.confusion("train").sum() == len(fair.data.train_y)


def test_policy_weights():
    assert policy_weights(3, 1, 5.0) == (1.0, 5.0, 1.0)
    assert policy_weights(2, 0, 1.0) == ()
    assert policy_weights(2, 4, 5.0) == ()  # no such class: no policy


def test_added_points_are_trained_on():
    t = BoundaryTrainer(cfg(extra_points=((0.0, 3.0, 1), (0.1, 3.0, 1))))
    assert t.data.n_added == 2 and t.train_y[-2:].tolist() == [1, 1]


@pytest.mark.parametrize("bad", [dict(hidden_layers=5), dict(activation="swish"), dict(optimiser="lbfgs"),
                                 dict(learning_rate=0.0), dict(l2=-1.0), dict(class_weights=(1.0, 2.0, 3.0))])
def test_bad_configs_raise(bad):
    with pytest.raises(ValueError):
        cfg(**bad)


def test_prepare_hooks():
    assert CHECKPOINT_NAME == "boundary.v2"
    small = dataclasses.replace(default_config(), total_steps=50)
    trainer = train_to_completion(small, torch.device("cpu"))
    assert trainer.steps_done == 50 and trainer.config == small


def test_compare_trainer_steps_both_and_the_big_one_fits_the_noise(tmp_path):
    pair = train_pair(CompareConfig(total_steps=1200))
    assert pair.steps_done == pair.large.steps_done == 1200
    assert pair.large.accuracy("train") == 1.0
    assert pair.large.accuracy("train") > pair.small.accuracy("train")
    checkpoints.save(COMPARE_CHECKPOINT_NAME, pair.config, pair.payload(), root=tmp_path)
    again = CompareTrainer(CompareConfig(total_steps=1200))
    again.load_payload(checkpoints.load(COMPARE_CHECKPOINT_NAME, again.config, root=tmp_path))
    assert again.steps_done == 1200
    test_x = pair.large.data.test_x
    np.testing.assert_array_equal(again.large.predict(test_x), pair.large.predict(test_x))


def test_predict_takes_tensors_and_arrays_alike():
    trainer = BoundaryTrainer(default_config(), torch.device("cpu"))
    trainer.step(20)
    np.testing.assert_allclose(trainer.predict(trainer.test_x), trainer.predict(trainer.test_x.cpu().numpy()))


needs_cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")


def _trains_like_the_cpu(device: str) -> None:
    """Same seeded weights and batch order (both drawn on the CPU), so the device only changes the rounding."""
    config = dataclasses.replace(default_config(), total_steps=600)
    here, cpu = train_to_completion(config, device), train_to_completion(config, "cpu")
    assert here.accuracy("test") >= 0.9 and here.accuracy("train") >= 0.9
    assert abs(here.accuracy("test") - cpu.accuracy("test")) <= 0.02
    for (name, a), b in zip(cpu.model.state_dict().items(), here.model.state_dict().values(), strict=True):
        assert torch.allclose(a, b.cpu(), atol=1e-3), name
    assert here.confusion("train").sum() == len(here.train_y)


def _checkpoint_roundtrip(device: str, root) -> None:
    config = dataclasses.replace(default_config(), total_steps=50)
    first = train_to_completion(config, device)
    checkpoints.save(CHECKPOINT_NAME, config, first.payload(), root=root)
    again = BoundaryTrainer(config, device)
    again.load_payload(checkpoints.load(CHECKPOINT_NAME, config, root=root))
    assert again.steps_done == 50 and again.history == first.history
    trained = first.predict(first.data.test_x)
    np.testing.assert_array_equal(again.predict(first.data.test_x), trained)
    first.step(20)
    again.step(20)  # optimiser state and batch order came back too
    for a, b in zip(first.model.state_dict().values(), again.model.state_dict().values(), strict=True):
        assert torch.equal(a, b)
    on_cpu = BoundaryTrainer(config, "cpu")  # a model trained on the GPU serves a CPU-only visitor
    on_cpu.load_payload(checkpoints.load(CHECKPOINT_NAME, config, root=root))
    np.testing.assert_allclose(on_cpu.predict(first.data.test_x), trained, atol=1e-5)


def test_trains_on_the_cpu_to_the_cuda_tests_threshold():
    _trains_like_the_cpu("cpu")


def test_checkpoint_roundtrip_on_the_cpu(tmp_path):
    _checkpoint_roundtrip("cpu", tmp_path)


@needs_cuda
def test_trains_on_cuda_like_on_the_cpu():
    _trains_like_the_cpu("cuda")


@needs_cuda
def test_checkpoint_roundtrip_on_cuda(tmp_path):
    _checkpoint_roundtrip("cuda", tmp_path)


def test_concurrent_sessions_each_get_their_configs_weights():
    """Streamlit sessions are threads of one process: 2 threads x 100 trainers, while a careless neighbour keeps
    reseeding torch's global generator, must each get exactly the weights their config's seed gives."""
    import sys
    import threading

    def make(seed):
        return BoundaryTrainer(cfg("two_blobs", n_points=40, width=4, seed=seed, log_every=10_000))

    expected = {seed: [p.clone() for p in make(seed).model.parameters()] for seed in range(6)}
    wrong, stop = [], threading.Event()

    def build(seeds):
        for i in range(100):
            seed = seeds[i % len(seeds)]
            got = list(make(seed).model.parameters())
            if not all(torch.equal(a, b) for a, b in zip(got, expected[seed], strict=True)):
                wrong.append(seed)

    def neighbour():
        while not stop.is_set():
            torch.manual_seed(999)
            torch.rand(8)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: a race shows up at once, not 1 run in 100
    try:
        noise = threading.Thread(target=neighbour)
        workers = [threading.Thread(target=build, args=(s,)) for s in ((0, 1, 2), (3, 4, 5))]
        noise.start()
        for t in workers:
            t.start()
        for t in workers:
            t.join()
        stop.set()
        noise.join()
    finally:
        sys.setswitchinterval(interval)
    assert not wrong, f"{len(wrong)} of 200 trainers got another config's weights"


def test_building_a_trainer_leaves_the_global_generator_alone():
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    BoundaryTrainer(cfg(seed=3)).step(3)
    CompareTrainer(CompareConfig(total_steps=10))
    assert torch.equal(torch.rand(3), expected)


def test_a_snapshot_draws_like_its_trainer_and_holds_still_while_it_trains():
    t = BoundaryTrainer(BoundaryConfig(total_steps=100), "cpu")
    t.step(20)
    snap = t.snapshot()
    before = snap.predict_grid(12)[2].copy()
    np.testing.assert_allclose(before, t.predict_grid(12)[2])
    assert snap.history == t.history and snap.steps_done == 20
    t.step(30)
    np.testing.assert_allclose(snap.predict_grid(12)[2], before)  # its own weights
    assert snap.steps_done == 20 and len(snap.history["step"]) < len(t.history["step"])
