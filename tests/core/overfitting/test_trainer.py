"""The too-large MLP overfits, early stopping stops where it should and keeps the best weights, dropout is
seeded without torch's global generator, and a checkpoint resumes exactly."""
import numpy as np
import pytest
import torch

from core.overfitting.data import OverfitDataConfig, make_overfit_data
from core.overfitting.trainer import OverfitConfig, OverfitTrainer, Regularisers

SMALL = OverfitConfig(data=OverfitDataConfig(kind="moons", n_train=30, n_val=200, noise=0.35, seed=1), width=64,
                      depth=3, yours=Regularisers(dropout=0.5), compare=(), epochs=150, seed=2)


@pytest.fixture(scope="module")
def trained():
    trainer = OverfitTrainer(SMALL)
    trainer.step(SMALL.epochs)
    return trainer


def test_the_data_is_a_small_stratified_training_set_and_a_large_validation_set():
    data = make_overfit_data(SMALL.data)
    assert data.train_x.shape == (30, 2) and data.val_x.shape == (200, 2) and data.n_classes == 2
    assert abs(int(data.train_y.sum()) - 15) <= 1
    digits = make_overfit_data(OverfitDataConfig(kind="digits", n_train=100, n_val=300))
    assert digits.train_x.shape == (100, 64) and digits.n_classes == 10 and digits.train_x.max() <= 1


def test_the_bare_network_overfits(trained):
    plain = trained.summary()["no regularisation"]
    assert plain["final_epoch"] == SMALL.epochs and plain["stopped_at"] is None
    assert plain["best_epoch"] < SMALL.epochs // 2  # validation loss turned early ...
    assert plain["final_val_loss"] > 1.5 * plain["best_val_loss"]  # ... and rose while ...
    assert plain["final_train_loss"] < 0.05  # ... the training loss kept falling


def test_dropout_delays_overfitting(trained):
    plain = np.array(trained.runs["no regularisation"].history["val_loss"])
    dropout = np.array(trained.runs["yours: dropout 0.5"].history["val_loss"])
    worse = 1.5 * plain.min()
    assert np.argmax(dropout > worse) > np.argmax(plain > worse) + 3  # it gets there, but later
    assert dropout[20:60].mean() < plain[20:60].mean()


def test_early_stopping_stops_after_patience_and_keeps_the_best_weights():
    cfg = OverfitConfig(data=SMALL.data, width=64, depth=3, yours=Regularisers(patience=10), compare=(), epochs=150,
                        seed=2)
    trainer = OverfitTrainer(cfg)
    trainer.step(cfg.epochs)
    run = trainer.runs["yours: early stop (10)"]
    plain = trainer.runs["no regularisation"]
    val = plain.history["val_loss"]  # same weights, same data: identical until it stops
    best = int(np.argmin(val[:run.stopped_at + 1]))
    assert run.stopped_at == best + 10 == run.best_epoch + 10
    assert run.history["val_loss"] == val[:run.stopped_at + 1]
    assert len(run.history["val_loss"]) == run.stopped_at + 1 and trainer.steps_done == cfg.epochs
    loss, _ = trainer._measure(run, trainer.val_x, trainer.val_y)
    assert loss == pytest.approx(val[best], rel=1e-5)  # the kept model is the best epoch's


def test_dropout_is_seeded_and_leaves_the_global_generator_alone():
    state = torch.random.get_rng_state()
    a, b = OverfitTrainer(SMALL), OverfitTrainer(SMALL)
    a.step(5)
    b.step(5)
    assert torch.equal(torch.random.get_rng_state(), state)
    assert a.runs["yours: dropout 0.5"].history == b.runs["yours: dropout 0.5"].history
    other = OverfitTrainer(OverfitConfig(**{**SMALL.__dict__, "seed": 3}))
    other.step(5)
    assert other.runs["yours: dropout 0.5"].history != a.runs["yours: dropout 0.5"].history


def test_a_checkpoint_resumes_exactly():
    cfg = OverfitConfig(data=SMALL.data, width=32, depth=2, yours=Regularisers(dropout=0.3, batchnorm=True, patience=4),
                        compare=("l2",), epochs=30, seed=5)
    straight = OverfitTrainer(cfg)
    straight.step(12)
    first = OverfitTrainer(cfg)
    first.step(7)
    resumed = OverfitTrainer(cfg)
    resumed.load_payload(first.payload())
    resumed.step(5)
    for label in straight.runs:
        assert resumed.runs[label].history == straight.runs[label].history
        assert resumed.runs[label].stopped_at == straight.runs[label].stopped_at


def test_runs_are_named_and_not_repeated():
    cfg = OverfitConfig(yours=Regularisers(batchnorm=True), compare=("batchnorm", "dropout", "l2"))
    assert list(cfg.runs()) == ["no regularisation", "yours: batch norm", "dropout only", "L2 only"]
    assert list(OverfitConfig(yours=Regularisers(), compare=()).runs()) == ["no regularisation"]
    with pytest.raises(ValueError):
        OverfitConfig(compare=("magic",))
