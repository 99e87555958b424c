"""The exported script runs on its own and, on a CPU, trains to exactly the page's network."""
import re
import runpy
import subprocess
import sys

import pytest
import torch

from core.mnist.export import embedded_digits, export_script, mnist_arrays
from core.mnist.trainer import MnistTrainer, default_config
from tests.conftest import needs_real_data, real_data_dir

ACCURACY = re.compile(r"steps: (\d+)  test accuracy: ([0-9.]+)")


def test_the_script_runs_on_its_own_for_one_step(tmp_path, no_mnist):
    path = tmp_path / "mnist_fast_cnn.py"
    path.write_text(export_script(default_config("fast_cnn", "sklearn-digits")))
    out = subprocess.run([sys.executable, str(path), "--steps", "1", "--device", "cpu"], capture_output=True,
                         text=True, timeout=300, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    steps, accuracy = ACCURACY.search(out.stdout).groups()
    assert steps == "1" and 0 <= float(accuracy) <= 1


# the talk's CNN has dropout: its masks must match too; the fast CNN trains in bf16 where the chip has it
@pytest.mark.parametrize("model", ["dense", "talk_cnn", "fast_cnn"])
def test_the_script_trains_exactly_as_the_page(model, tmp_path, monkeypatch, capsys, no_mnist):
    config = default_config(model, "sklearn-digits", train_size=320, batch_size=32)
    path = tmp_path / f"mnist_{model}.py"
    path.write_text(export_script(config))
    monkeypatch.setattr(sys, "argv", [str(path), "--steps", "4"])
    runpy.run_path(str(path), run_name="__main__")
    steps, accuracy = ACCURACY.search(capsys.readouterr().out).groups()
    trainer = MnistTrainer(config)
    trainer.step(4)
    assert steps == "4" and accuracy == f"{trainer.evaluate().accuracy:.4f}"


def test_the_scripts_data_is_the_pages_data(no_mnist):
    from core.data.mnist import load_embedded_digits

    page = load_embedded_digits()
    for a, b in zip(embedded_digits(), (page.train_x, page.train_y, page.test_x, page.test_y), strict=True):
        assert torch.equal(a, b)


@needs_real_data
def test_the_script_reads_mnist_from_the_data_folder(monkeypatch):
    from core.mnist.data import get_digits

    monkeypatch.setenv("DLCC_DATA_DIR", str(real_data_dir()))
    page = get_digits("mnist")
    x_train, y_train, x_test, y_test = mnist_arrays(real_data_dir())
    assert torch.equal(x_test, page.test_x) and torch.equal(y_train, page.train_y) and len(x_train) == 60_000
    with pytest.raises(SystemExit, match="No MNIST"):
        mnist_arrays(real_data_dir() / "nowhere")
