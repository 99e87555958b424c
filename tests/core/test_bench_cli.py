"""The benchmark command: one JSON object per task with task, device, seconds and the task's metrics."""
import json
import subprocess
import sys

import pytest

from core.paths import PROJECT_ROOT


def run_bench(*args):
    return subprocess.run([sys.executable, "-m", "bench", *args], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          timeout=300, env={**__import__("os").environ, "DLCC_DEVICE": "cpu"})


def test_json_lines_carry_the_promised_keys():
    out = run_bench("neurons", "boundary", "kmeans", "--quick", "--json")
    assert out.returncode == 0, out.stderr
    records = {r["task"]: r for r in map(json.loads, out.stdout.strip().splitlines())}
    for task, keys in {"neurons": ["softmax_max_err"], "boundary": ["test_acc_spiral", "test_acc_blobs"],
                       "kmeans": ["inertia_ratio", "speedup_vs_sklearn"]}.items():
        r = records[task]
        assert r["device"] == "cpu" and r["seconds"] >= 0 and "error" not in r, r
        assert all(k in r for k in keys), (task, r)
    assert records["neurons"]["softmax_max_err"] < 1e-12
    assert records["kmeans"]["inertia_ratio"] <= 1.01
    assert records["boundary"]["test_acc_spiral"] >= 0.95 and records["boundary"]["test_acc_blobs"] >= 0.95


def test_unknown_task_is_a_usage_error():
    out = run_bench("nope")
    assert out.returncode == 2 and "unknown task" in out.stderr


def test_a_failed_task_names_where_it_failed_in_the_project():
    from bench.frames import where
    from core.device import pick_device

    with pytest.raises(ValueError) as caught:
        pick_device("nope")
    line = where(caught.value)
    assert line.startswith("core/device.py:") and "tests/core/test_bench_cli.py:" in line, line
