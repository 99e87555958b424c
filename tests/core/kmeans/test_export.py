"""The exported k-means script runs on its own and reproduces the page's numbers."""
import os
import re
import subprocess
import sys

import pytest

from core.kmeans.datasets import ClusterDataConfig, make_points
from core.kmeans.clustering import KMeansConfig, kmeans
from core.kmeans.export import export_script
from core.data.points_csv import parse_points_csv


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
    assert len(source.splitlines()) < 200
