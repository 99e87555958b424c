"""The exported script: built from the app's own functions, it runs one training step on its own, and it starts
from the page's weights."""
import subprocess
import sys

import torch

from core.gan.config import GanConfig
from core.gan.export import export_script
from core.gan.models import build_pair
from tests.conftest import needs_real_data, real_data_dir


def run_script(script: str, tmp_path, *args: str) -> str:
    path = tmp_path / "gan.py"
    path.write_text(script)
    done = subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path, env={"PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_the_script_trains_one_step_on_the_embedded_digits(tmp_path):
    config = GanConfig(model="dcgan", source="sklearn-digits", seed=5)
    out = run_script(export_script(config), tmp_path, "--steps", "1", "--out", str(tmp_path / "grid.png"))
    assert "step 1: D loss" in out and "64 samples" in out
    assert (tmp_path / "grid.png").stat().st_size > 1000


@needs_real_data
def test_the_script_trains_one_step_on_mnist(monkeypatch, tmp_path, capsys):
    """In this process (a second interpreter start costs more than the step): the default model on MNIST."""
    monkeypatch.setattr(sys, "argv", ["gan.py", "--data", str(real_data_dir()), "--steps", "1"])
    monkeypatch.chdir(tmp_path)
    exec(compile(export_script(GanConfig()), "gan.py", "exec"), {"__name__": "__main__"})
    assert "step 1: D loss" in capsys.readouterr().out


def test_the_script_starts_from_the_pages_weights(monkeypatch, tmp_path):
    """The script's own seeding (torch.manual_seed, then the builders) gives the weights the app builds with
    core.seeding, spectral norm's vectors included: the export reproduces the page, not just its shape."""
    config = GanConfig(model="dcgan", source="sklearn-digits", seed=7)
    monkeypatch.setattr(sys, "argv", ["gan.py", "--steps", "0"])
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "__main__"}
    exec(compile(export_script(config), "gan.py", "exec"), namespace)  # the script's main, zero steps
    app_gen, app_disc = build_pair("dcgan", config.z_dim, config.seed)
    for mine, theirs in ((namespace["gen"], app_gen), (namespace["disc"], app_disc)):
        for (k, a), b in zip(mine.state_dict().items(), theirs.state_dict().values(), strict=True):
            assert torch.allclose(a, b), k
