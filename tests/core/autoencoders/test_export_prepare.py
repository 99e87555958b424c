"""The exported script runs on its own for one step; prepare lists every default model."""
import re
import subprocess
import sys

from core.autoencoders.digits import DigitsConfig
from core.autoencoders.export import export_script
from core.checkpoints import check_name


def test_the_script_runs_on_its_own_for_one_step(tmp_path, no_mnist):
    path = tmp_path / "autoencoder_vae.py"  # the VAE: its script copies every class and loss term
    path.write_text(export_script(DigitsConfig(kind="vae", latents=2, source="sklearn-digits")))
    out = subprocess.run([sys.executable, str(path), "--steps", "1"], capture_output=True, text=True, timeout=300,
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    steps, error = re.search(r"steps: (\d+)  test mse: ([0-9.]+)", out.stdout).groups()
    assert steps == "1" and 0 < float(error) < 1


def test_prepare_lists_every_default_model(no_mnist):
    from core.autoencoders.prepare import default_configs, prepare_jobs

    names = list(default_configs())
    assert len(prepare_jobs()) == len(names) == 7 and all(check_name(n) for n in names)
    assert default_configs()["autoencoders.ae_2.v1"].source == "sklearn-digits"
