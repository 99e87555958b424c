"""The GAN trainer: a short seeded run moves the losses, repeats exactly, resumes from its payload, and keeps
fixed-noise snapshots for the scrubber."""
import pytest
import torch

from core.gan.config import GanConfig
from core.gan.trainer import GRID, GanTrainer

SMALL = dict(source="sklearn-digits", batch_size=32, total_steps=40, log_every=5, snapshot_every=20)


@pytest.mark.parametrize("model", ["dense", "dcgan"])
def test_a_short_run_moves_the_losses_and_snapshots_the_same_noise(model):
    trainer = GanTrainer(GanConfig(model=model, **{**SMALL, "batch_size": 32 if model == "dense" else 8}))
    grid0 = trainer.snapshots[0].clone()
    start = [p.detach().clone() for p in (*trainer.gen.parameters(), *trainer.ema.parameters())]
    trainer.step(40)
    now = [*trainer.gen.parameters(), *trainer.ema.parameters()]
    assert all(not torch.equal(a, b) for a, b in zip(start, now, strict=True))  # both learned every layer
    h = trainer.history
    assert h["step"] == [5, 10, 15, 20, 25, 30, 35, 40]
    assert abs(h["loss_d"][-1] - h["loss_d"][0]) > 0.05 or abs(h["loss_g"][-1] - h["loss_g"][0]) > 0.05
    assert all(0 <= a <= 1 for a in h["acc_real"] + h["acc_fake"])
    assert trainer.snapshot_steps == [0, 20, 40]
    assert trainer.snapshots[0].shape == (GRID, 28, 28) and trainer.snapshots[0].dtype == torch.uint8
    assert torch.equal(trainer.snapshots[0], grid0)
    assert (trainer.snapshots[-1].float() - grid0.float()).abs().mean() > 5  # the samples changed
    trainer.step(10)
    assert trainer.steps_done == 40  # never past total_steps


def test_same_seed_same_run_and_a_resumed_run_matches_an_uninterrupted_one():
    config = GanConfig(**SMALL)
    a = GanTrainer(config)
    a.step(30)
    b = GanTrainer(config)
    b.step(12)
    c = GanTrainer(config)
    c.load_payload(b.payload())
    c.step(18)
    assert c.history == a.history
    for x, y in zip(a.payload()["ema"].values(), c.payload()["ema"].values(), strict=True):
        assert torch.equal(x, y)
    assert torch.equal(a.sample(a.fixed_z), c.sample(c.fixed_z))


def test_provoked_collapse_uses_a_far_larger_generator_learning_rate():
    calm, wild = GanConfig(**SMALL), GanConfig(**SMALL, collapse=True)
    assert wild.generator_lr >= 10 * calm.generator_lr
    assert GanTrainer(wild).opt_g.param_groups[0]["lr"] == wild.generator_lr


def test_bad_settings_are_refused():
    with pytest.raises(ValueError):
        GanConfig(model="vae")
    with pytest.raises(ValueError):
        GanConfig(lr_g=0)
