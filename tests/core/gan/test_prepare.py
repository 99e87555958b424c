"""`python -m core.prepare` trains the page's default GAN into the checkpoint cache, where the page finds it."""
from dataclasses import replace

import core.gan.config as gan_config
from core import checkpoints
from core.gan.config import checkpoint_name
from core.gan.trainer import GanTrainer, prepare_jobs


def test_the_default_is_trained_once_and_loads_back(monkeypatch, tmp_path):
    empty = tmp_path / "no-data"
    empty.mkdir()
    monkeypatch.setenv("DLCC_DATA_DIR", str(empty))  # no MNIST: the embedded digits
    real_default = gan_config.default_config
    monkeypatch.setattr(gan_config, "default_config",
                        lambda *a, **k: replace(real_default(*a, **k), total_steps=6, batch_size=16))
    (label, job), = prepare_jobs()
    assert "GAN" in label
    assert "trained 6 steps" in job("cpu")
    assert job("cpu") == "already in the checkpoint cache"
    config = gan_config.default_config(source="sklearn-digits")
    saved = checkpoints.load(checkpoint_name(config.model), config)
    trainer = GanTrainer(config)
    trainer.load_payload(saved)
    assert trainer.steps_done == 6 and trainer.snapshot_steps == [0, 6]
