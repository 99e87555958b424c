"""The exported script runs on its own and trains to exactly the page's weights and loss (on CPU)."""
import inspect
import re
import runpy
import subprocess
import sys

import pytest
import torch

from core.boundaries import trainer as trainer_module
from core.boundaries.export import export_script
from core.boundaries.trainer import BoundaryConfig, BoundaryTrainer
from core.data import datasets2d
from core.data.datasets2d import KINDS, Dataset2DConfig

ACCURACY = re.compile(r"test accuracy: ([0-9.]+)")
LOSS = re.compile(r"final batch loss: ([0-9.]+)")


def _run_in_process(path, monkeypatch, capsys, *args):
    """The script as `python path args` would run it, without starting another interpreter."""
    monkeypatch.setattr(sys, "argv", [str(path), *args])
    runpy.run_path(str(path), run_name="__main__")
    return capsys.readouterr().out


@pytest.mark.parametrize("kind", KINDS)
def test_script_trains_to_the_apps_weights_and_loss(kind, tmp_path, monkeypatch, capsys):
    data = Dataset2DConfig(kind=kind, n_points=90, noise=0.25, n_classes=4, seed=5)
    classes = data.classes
    config = BoundaryConfig(data=data, hidden_layers=2, width=6, activation="tanh" if kind != "xor" else "leaky_relu",
                            optimiser="sgd" if kind in ("moons", "blobs") else "adam", learning_rate=0.05,
                            batch_size=16, l2=0.01, class_weights=tuple(1.0 + c for c in range(classes)),
                            extra_points=((0.25, -0.5, 1), (1.125, 0.0625, 0)), seed=9)
    app = BoundaryTrainer(config)
    app.step(70)  # several epochs: the reshuffles must match too
    path = tmp_path / "boundary_demo.py"
    path.write_text(export_script(config))
    out = _run_in_process(path, monkeypatch, capsys, "--steps", "70", "--save", str(tmp_path / "w.pt"))
    saved = torch.load(tmp_path / "w.pt", weights_only=True)
    for name, value in app.model.state_dict().items():
        assert torch.equal(saved[name], value), name
    assert float(LOSS.search(out).group(1)) == pytest.approx(app.last_loss.item(), abs=1e-6)
    assert float(ACCURACY.search(out).group(1)) == pytest.approx(app.accuracy("test"), abs=1e-4)


def test_script_copies_the_apps_functions():
    source = export_script(BoundaryConfig())
    for fn in (datasets2d.generate_points, datasets2d.split_points, trainer_module.build_mlp,
               trainer_module.optimiser_for, trainer_module.next_batch, trainer_module.train_step):
        assert inspect.getsource(fn).strip() in source, fn.__name__
    assert "core" not in re.findall(r"^(?:from|import) (\w+)", source, re.MULTILINE)


def test_script_runs_on_its_own_for_one_step(tmp_path):
    path = tmp_path / "boundary_demo.py"
    path.write_text(export_script(BoundaryConfig(data=Dataset2DConfig(kind="xor"), hidden_layers=0), ()))
    env = {"PATH": "/usr/bin:/bin"}  # no PYTHONPATH: the project is not importable
    done = subprocess.run([sys.executable, str(path), "--steps", "1", "--device", "cpu"], capture_output=True,
                          text=True, timeout=120, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert 0.0 <= float(ACCURACY.search(done.stdout).group(1)) <= 1.0 and LOSS.search(done.stdout)
