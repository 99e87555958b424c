"""Issue 14, faults: what a shared server meets — a half-written, corrupt or foreign checkpoint, a full or read-only
cache, a training interrupted mid-write — must cost a retrain or a toast, never a traceback or a lost model.
(NaN and out-of-memory during training: tests/pages/test_live.py; no data and no network: each page's tests.)"""
from __future__ import annotations

from dataclasses import dataclass

import pytest
import torch

from core import checkpoints
from core.boundaries.trainer import BoundaryConfig, BoundaryTrainer
from ui.live_runner import Runner

NAME = "boundary.v2"


@dataclass(frozen=True)
class Cfg:
    seed: int = 0


def _trained(tmp_path, steps=30):
    config = BoundaryConfig(total_steps=steps, log_every=10)
    trainer = BoundaryTrainer(config)
    trainer.step(steps)
    return config, trainer, checkpoints.save(NAME, config, trainer.payload(), root=tmp_path)


@pytest.mark.parametrize("damage", ["truncated", "zeros", "text", "empty", "foreign"])
def test_a_damaged_checkpoint_counts_as_missing_and_is_replaced(tmp_path, damage):
    config, trainer, path = _trained(tmp_path)
    good = path.read_bytes()
    bad = {"truncated": good[: len(good) // 2], "zeros": bytes(len(good)), "text": b"not a checkpoint",
           "empty": b""}.get(damage)
    if damage == "foreign":  # a readable file of another model: loads, but its weights do not fit
        torch.save({"model": {"weight": torch.zeros(3)}, "steps_done": 5}, path)
    else:
        path.write_bytes(bad)
    saved = checkpoints.load(NAME, config, root=tmp_path)
    fresh = BoundaryTrainer(config)
    if saved is not None:  # foreign: the trainer refuses it, as ui.live does, and trains afresh
        with pytest.raises(Exception):  # noqa: B017 - whatever load_state_dict raises for a mismatched dict
            fresh.load_payload(saved)
        fresh = BoundaryTrainer(config)
    assert fresh.steps_done == 0
    fresh.step(config.total_steps)
    checkpoints.save(NAME, config, fresh.payload(), root=tmp_path)  # overwritten with a good one
    again = BoundaryTrainer(config)
    again.load_payload(checkpoints.load(NAME, config, root=tmp_path))
    assert again.steps_done == config.total_steps


def test_a_write_interrupted_halfway_leaves_the_old_checkpoint_whole(tmp_path, monkeypatch):
    config, trainer, path = _trained(tmp_path)
    before = path.read_bytes()

    def dies_halfway(obj, f):
        f.write(b"half a checkpoint")
        raise KeyboardInterrupt  # the server stopped mid-write

    monkeypatch.setattr(torch, "save", dies_halfway)
    with pytest.raises(KeyboardInterrupt):
        checkpoints.save(NAME, config, trainer.payload(), root=tmp_path)
    assert path.read_bytes() == before  # the reader never sees half a file
    assert [p.name for p in tmp_path.rglob("*.tmp")] == []  # and nothing is left behind


@pytest.mark.parametrize("problem", [OSError(28, "No space left on device"),
                                     PermissionError(13, "Read-only file system")])
def test_a_full_or_read_only_cache_costs_a_toast_not_the_model(tmp_path, monkeypatch, problem):
    def fails(obj, f):
        raise problem

    monkeypatch.setattr(torch, "save", fails)
    monkeypatch.setenv("DLCC_CACHE_DIR", str(tmp_path))
    trainer = BoundaryTrainer(BoundaryConfig(total_steps=20, log_every=10))
    runner = Runner(NAME, trainer, save=True)
    runner.total_steps, runner.chunk = 20, 20
    runner.step(20)  # finishes, tries to save
    assert runner.error is None and trainer.steps_done == 20
    assert "Could not save the checkpoint" in runner.save_problem
    assert trainer.accuracy("train") > 0.5  # the trained model is still there to use
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []  # and no half-written file
