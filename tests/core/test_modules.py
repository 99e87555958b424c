"""Discovery of prepare jobs and benchmark tasks reaches into topic packages (core/<topic>/, bench/tasks/<topic>/)."""
import importlib
import sys

import bench.tasks
from bench.__main__ import discover
from core import prepare
from core.modules import module_names


def test_module_names_walks_nested_packages(tmp_path, monkeypatch):
    root = tmp_path / "toypkg"
    (root / "topic" / "deeper").mkdir(parents=True)
    for folder in (root, root / "topic", root / "topic" / "deeper"):
        (folder / "__init__.py").write_text("")
    (root / "flat.py").write_text("X = 1\n")
    (root / "topic" / "model.py").write_text("X = 2\n")
    (root / "topic" / "deeper" / "leaf.py").write_text("X = 3\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        package = importlib.import_module("toypkg")
        names = module_names(package, skip=("flat",))
        assert names == ["toypkg.topic", "toypkg.topic.deeper", "toypkg.topic.deeper.leaf", "toypkg.topic.model"]
    finally:
        for name in [n for n in sys.modules if n == "toypkg" or n.startswith("toypkg.")]:
            del sys.modules[name]


def test_prepare_finds_jobs_in_every_topic_package():
    modules = {job_label.split(":")[0] for job_label, _ in prepare.model_jobs()}
    assert "Classification boundaries" in modules, modules  # lives in core/boundaries/trainer.py


def test_bench_discovers_tasks_in_subpackages(tmp_path, monkeypatch):
    topic = tmp_path / "toytopic"
    topic.mkdir()
    (topic / "__init__.py").write_text("")
    (topic / "nested_task.py").write_text("NAME = 'nested_toy'\ndef run(device, quick):\n    return {'ok': 1}\n")
    monkeypatch.setattr(bench.tasks, "__path__", [*bench.tasks.__path__, str(tmp_path)])
    try:
        tasks = discover()
        assert "nested_toy" in tasks and "boundary" in tasks
    finally:
        for name in [n for n in sys.modules if ".toytopic" in n]:
            del sys.modules[name]
