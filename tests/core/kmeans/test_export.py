"""The exported k-means script runs on its own and reproduces the page's numbers."""
import importlib.util
import inspect
import os
import re
import subprocess
import sys

import numpy as np
import pytest
import torch

from core.data.points_csv import parse_points_csv
from core.kmeans import clustering, lloyd
from core.kmeans.clustering import KMeansConfig, KMeansStepper, kmeans
from core.kmeans.datasets import ClusterDataConfig, make_points
from core.kmeans.export import export_script


def run_script(source: str, tmp_path, *args: str) -> subprocess.CompletedProcess:
    path = tmp_path / "kmeans_run.py"
    path.write_text(source)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # standalone: the project is not importable
    return subprocess.run([sys.executable, str(path), "--device", "cpu", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


def printed_inertia(out: str) -> float:
    match = re.search(r"^inertia: ([0-9.]+)$", out, re.MULTILINE)
    assert match, out
    return float(match.group(1))


@pytest.mark.parametrize("kind,max_iter", [("uneven", 1), ("moons", 100)])
def test_script_reproduces_the_run(tmp_path, kind, max_iter):
    data_cfg = ClusterDataConfig(kind=kind, n_points=400, true_clusters=5, seed=2)
    config = KMeansConfig(k=4, seed=3)
    result = run_script(export_script(config, data_cfg), tmp_path, "--max-iter", str(max_iter))
    assert result.returncode == 0, result.stderr
    expected = kmeans(make_points(data_cfg)[0], KMeansConfig(k=4, seed=3, max_iter=max_iter))
    assert printed_inertia(result.stdout) == pytest.approx(expected.inertia, rel=1e-5)
    assert f"iterations: {expected.iteration}" in result.stdout


def test_csv_script_needs_the_file_and_clusters_it(tmp_path):
    csv = b"x,y\n" + b"".join(f"{i % 7},{(i * 3) % 11}\n".encode() for i in range(60))
    (tmp_path / "mine.csv").write_bytes(csv)
    source = export_script(KMeansConfig(k=3, seed=0), ClusterDataConfig(kind="csv"))
    missing = run_script(source, tmp_path)
    assert missing.returncode != 0 and "--csv" in missing.stderr
    result = run_script(source, tmp_path, "--csv", "mine.csv", "--max-iter", "1")
    assert result.returncode == 0, result.stderr
    expected = kmeans(parse_points_csv(csv).points, KMeansConfig(k=3, seed=0, max_iter=1))
    assert printed_inertia(result.stdout) == pytest.approx(expected.inertia, rel=1e-5)


def test_script_is_short_and_names_its_settings():
    source = export_script(KMeansConfig(k=7, seed=11, max_iter=50), ClusterDataConfig(kind="blobs", seed=5))
    compile(source, "kmeans_run.py", "exec")
    assert "K = 7" in source and "SEED = 11" in source and "DATA_SEED = 5" in source and "MAX_ITER = 50" in source
    assert "core" not in re.findall(r"^(?:from|import) (\w+)", source, re.MULTILINE)
    assert len(source.splitlines()) < 350


def load_script(source: str, tmp_path):
    path = tmp_path / "kmeans_run.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("kmeans_run", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)  # the driver is behind __name__ == "__main__": nothing runs here
    return module


def test_script_runs_the_apps_own_functions(tmp_path):
    source = export_script(KMeansConfig(k=3), ClusterDataConfig(kind="blobs"))
    for fn in (lloyd.centre_points, lloyd.nearest_centroid, lloyd.kmeans_plus_plus, lloyd.move_centroids,
               clustering.KMeansStepper):
        assert inspect.getsource(fn).strip() in source, fn.__name__


def test_scripts_empty_cluster_restart_and_tolerance_match_the_app(tmp_path):
    script = load_script(export_script(KMeansConfig(k=3), ClusterDataConfig(kind="csv")), tmp_path)
    X = torch.tensor([[0, 0], [0, 1], [1, 0], [10, 10], [10, 11], [30, 30]], dtype=torch.float32)
    start = torch.tensor([[0, 0], [10, 10], [100, 100]], dtype=torch.float32)  # the third wins no point
    labels, d2 = script.nearest_centroid(X, start)
    new, moved = script.move_centroids(X, labels, d2, start)
    assert moved == 1 and new[2].tolist() == [30.0, 30.0]  # restarted at the farthest point
    points = make_points(ClusterDataConfig("uneven", 1500, 5, seed=1))[0]
    config = KMeansConfig(k=5, seed=2, tol=0.05)  # large: it stops on the tolerance before converging
    theirs = script.KMeansStepper(points, script.KMeansConfig(k=5, seed=2, tol=0.05)).fit(stop_at_tol=True)
    ours = KMeansStepper(points, config).fit(stop_at_tol=True)
    assert theirs.stop_reason == ours.stop_reason == "tolerance"
    assert theirs.iteration == ours.iteration and theirs.inertia == ours.inertia
    assert torch.equal(theirs.labels, ours.labels)


def test_script_clusters_a_csv_far_from_the_origin_like_the_page(tmp_path):
    rng = np.random.default_rng(0)
    centres = np.array([[1990.0, 5e4], [2005.0, 5e4 + 30], [2020.0, 5e4 - 30]])  # years and map-like numbers
    pts = (centres[rng.integers(0, 3, 300)] + rng.normal(0, 3, (300, 2))).astype(np.float32)
    csv = ("year,north\n" + "\n".join(f"{a!r},{b!r}" for a, b in pts.tolist())).encode()
    (tmp_path / "far.csv").write_bytes(csv)
    result = run_script(export_script(KMeansConfig(k=3, seed=1), ClusterDataConfig(kind="csv")), tmp_path,
                        "--csv", "far.csv")
    assert result.returncode == 0, result.stderr
    expected = kmeans(parse_points_csv(csv).points, KMeansConfig(k=3, seed=1))
    assert printed_inertia(result.stdout) == pytest.approx(expected.inertia, rel=1e-5)
