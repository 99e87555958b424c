"""The exported script runs on its own (one epoch, and to an early stop) and prints the page's numbers."""
import os
import re
import subprocess
import sys

import pytest

from core.overfitting.data import OverfitDataConfig
from core.overfitting.export import export_script
from core.overfitting.trainer import OverfitConfig, OverfitTrainer, Regularisers

FINAL = re.compile(r"final validation loss: ([0-9.]+)")


def run_script(source: str, tmp_path, *args: str) -> subprocess.CompletedProcess:
    path = tmp_path / "overfit_demo.py"
    path.write_text(source)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # standalone: the project is not importable
    return subprocess.run([sys.executable, str(path), "--device", "cpu", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=240)


def test_script_runs_one_epoch_and_prints_the_pages_validation_loss(tmp_path):
    cfg = OverfitConfig(data=OverfitDataConfig(kind="spiral", n_train=30, n_val=60, seed=3), width=16, depth=2,
                        yours=Regularisers(dropout=0.25, batchnorm=True, l2=0.001), compare=(), epochs=50, seed=4)
    done = run_script(export_script(cfg), tmp_path, "--epochs", "1")
    assert done.returncode == 0, done.stderr
    trainer = OverfitTrainer(cfg)
    trainer.step(1)
    want = trainer.runs["yours: dropout 0.25, batch norm, L2 0.001"].history["val_loss"][-1]
    assert float(FINAL.search(done.stdout).group(1)) == pytest.approx(want, abs=2e-6)


def test_script_stops_early_where_the_page_does(tmp_path):
    cfg = OverfitConfig(data=OverfitDataConfig(kind="digits", n_train=40, n_val=100, seed=1), width=32, depth=2,
                        yours=Regularisers(dropout=0.5, patience=3), compare=(), learning_rate=0.05, epochs=60, seed=0)
    trainer = OverfitTrainer(cfg)
    trainer.step(cfg.epochs)
    run = trainer.runs["yours: dropout 0.5, early stop (3)"]
    assert run.stopped_at is not None
    done = run_script(export_script(cfg), tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"early stopping at epoch {run.stopped_at}:" in done.stdout
    assert f"best epoch: {run.best_epoch} " in done.stdout
    assert "core" not in re.findall(r"^(?:from|import) (\w+)", export_script(cfg), re.MULTILINE)
