"""The exported script runs on its own and reproduces the page's data and training exactly (on CPU)."""
import importlib.util
import re
import subprocess
import sys

import numpy as np
import pytest

from core.boundaries.trainer import BoundaryConfig, BoundaryTrainer
from core.boundaries.export import export_script
from core.data.datasets2d import KINDS, Dataset2DConfig, make_dataset

ACCURACY = re.compile(r"test accuracy: ([0-9.]+)")


def _load(path):
    spec = importlib.util.spec_from_file_location("exported_boundary", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # main() is behind __name__ == "__main__": nothing trains here
    return module


def _run(path, *args):
    return subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("kind", KINDS)
def test_script_makes_the_same_data(kind, tmp_path):
    config = BoundaryConfig(data=Dataset2DConfig(kind=kind, n_points=90, noise=0.25, n_classes=4, seed=5))
    points = ((0.25, -0.5, 1), (1.125, 0.0625, 0))
    path = tmp_path / "demo.py"
    path.write_text(export_script(config, points))
    got = _load(path).make_data()
    want = make_dataset(config.data, points)
    for a, b in zip(got, (want.train_x, want.train_y, want.test_x, want.test_y)):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("hidden", [0, 3])
def test_script_builds_the_same_network(hidden, tmp_path):
    config = BoundaryConfig(hidden_layers=hidden, width=5, activation="leaky_relu")
    path = tmp_path / "demo.py"
    path.write_text(export_script(config, ()))
    model = _load(path).make_model()
    trainer = BoundaryTrainer(config)
    assert [tuple(p.shape) for p in model.parameters()] == [tuple(p.shape) for p in trainer.model.parameters()]
    for a, b in zip(model.parameters(), trainer.model.parameters()):
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())


def test_script_runs_one_step_and_prints_an_accuracy(tmp_path):
    path = tmp_path / "boundary_demo.py"
    path.write_text(export_script(BoundaryConfig(data=Dataset2DConfig(kind="xor")), ()))
    done = _run(path, "--steps", "1", "--device", "cpu")
    assert done.returncode == 0, done.stderr
    match = ACCURACY.search(done.stdout)
    assert match and 0.0 <= float(match.group(1)) <= 1.0


def test_script_trains_to_the_pages_accuracy(tmp_path):
    config = BoundaryConfig(data=Dataset2DConfig(kind="blobs", n_classes=3, noise=0.8, seed=2), hidden_layers=1, width=6,
                            activation="tanh", optimiser="sgd", learning_rate=0.1, batch_size=16, l2=0.001,
                            class_weights=(1.0, 4.0, 1.0), extra_points=((0.0, 0.0, 2),), seed=9)
    trainer = BoundaryTrainer(config)
    trainer.step(70)  # more than one epoch: the reshuffle must match too
    path = tmp_path / "boundary_demo.py"
    path.write_text(export_script(config))
    done = _run(path, "--steps", "70")
    assert done.returncode == 0, done.stderr
    assert float(ACCURACY.search(done.stdout).group(1)) == pytest.approx(trainer.accuracy("test"), abs=1e-4)
