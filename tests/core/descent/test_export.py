"""The exported descent script runs on its own (one real subprocess) and takes the same steps as the page."""
import re
import runpy
import subprocess
import sys

import numpy as np
import pytest

from core.descent.export import export_script
from core.descent.optimisers import run_path
from core.descent.surfaces import SURFACES

STEP = re.compile(r"step (\d+): w = \[([^\]]+)\]")


def _steps(stdout):
    return [(int(n), [float(v) for v in w.split(",")]) for n, w in STEP.findall(stdout)]


def _run_inside(path, capsys, monkeypatch, *args):
    """Run the script as __main__ in this process (torch already imported: seconds, not tens of seconds)."""
    monkeypatch.setattr(sys, "argv", [str(path), *args])
    runpy.run_path(str(path), run_name="__main__")
    return capsys.readouterr().out


def test_exported_script_runs_on_its_own_for_one_step(tmp_path):
    s = SURFACES["rosenbrock"]
    path = tmp_path / "descent_run.py"
    path.write_text(export_script(s, "adam", 0.01, (0.5, -0.25), 40, "step"))
    done = subprocess.run([sys.executable, str(path), "--steps", "1"], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    (n, w), = _steps(done.stdout)
    np.testing.assert_allclose(w, run_path(s, "adam", 0.01, (0.5, -0.25), 1, "step").points[1], atol=1e-5)


@pytest.mark.parametrize("surface,optimiser,schedule", [("several_minima", "nesterov", "cosine"),
                                                        ("saddle", "rmsprop", "inverse")])
def test_exported_steps_match_the_page(tmp_path, capsys, monkeypatch, surface, optimiser, schedule):
    s = SURFACES[surface]
    path = tmp_path / "descent_run.py"
    path.write_text(export_script(s, optimiser, 0.05, (0.5, -0.25), 40, schedule))
    got = _steps(_run_inside(path, capsys, monkeypatch, "--steps", "12"))
    assert [n for n, _ in got] == list(range(1, 13))
    want = run_path(s, optimiser, 0.05, (0.5, -0.25), 12, schedule).points[1:]
    np.testing.assert_allclose([w for _, w in got], want, atol=1e-5)


def test_a_diverging_export_says_so(tmp_path, capsys, monkeypatch):
    path = tmp_path / "descent_run.py"
    path.write_text(export_script(SURFACES["rosenbrock"], "sgd", 3.0, (-1.5, 2.0), 50))
    out = _run_inside(path, capsys, monkeypatch)
    assert "diverged" in out and "nan" not in out and len(_steps(out)) < 50


def test_exported_landscape_script_trains_and_maps_as_the_page_does(tmp_path, capsys, monkeypatch):
    import dataclasses

    from core.data.datasets2d import Dataset2DConfig
    from core.descent.landscape_export import export_script as landscape_script
    from core.descent.landscape_trainer import LandscapeConfig, NetworkLandscape

    cfg = LandscapeConfig(data=Dataset2DConfig(kind="moons", n_points=60), total_steps=30, record_every=10,
                          resolution=5)
    path = tmp_path / "landscape.py"
    path.write_text(landscape_script(cfg, "small"))
    monkeypatch.chdir(tmp_path)
    out = _run_inside(path, capsys, monkeypatch, "--steps", "1", "--resolution", "3")  # one training step
    assert "plane centre" in out and (tmp_path / "landscape.npz").exists()
    out = _run_inside(path, capsys, monkeypatch)  # the whole run: the page's numbers
    net = NetworkLandscape(cfg, "small")
    net.step(cfg.total_steps)
    trained, centre = (float(v) for v in re.search(r"trained loss ([0-9.]+)  plane centre ([0-9.]+)", out).groups())
    assert trained == pytest.approx(net.surface["centre_loss"], abs=1e-5) and centre == pytest.approx(trained, abs=1e-5)
    saved = np.load(tmp_path / "landscape.npz")
    np.testing.assert_allclose(saved["loss"], net.surface["loss"].numpy(), rtol=1e-4)
    np.testing.assert_allclose(saved["path"], net.surface["path"].numpy(), atol=1e-4)
    with pytest.raises(ValueError):
        landscape_script(dataclasses.replace(cfg, directions="pca"))
