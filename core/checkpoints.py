"""Trained weights saved once, reused by every later visitor and restart.

A checkpoint is keyed by the config that made it (name + hash of the dataclass fields), written to a
temporary file and renamed into place so a reader never sees half a file, and read with
weights_only=True so a tampered cache cannot run code."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable

import torch

from core.paths import cache_dir


def config_key(config: Any) -> str:
    """A stable short hash of a config dataclass (or dict); the device is not part of the key."""
    fields = dataclasses.asdict(config) if dataclasses.is_dataclass(config) else dict(config)
    fields.pop("device", None)
    blob = json.dumps(fields, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def checkpoint_path(name: str, config: Any, root: Path | None = None) -> Path:
    return (root or cache_dir()) / "checkpoints" / f"{name}-{config_key(config)}.pt"


def save(name: str, config: Any, payload: dict, root: Path | None = None) -> Path:
    """Atomically write `payload` (state_dicts, lists, numbers, strings) for `config`."""
    path = checkpoint_path(name, config, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    cpu_payload = _to_cpu(payload)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save(cpu_payload, f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load(name: str, config: Any, root: Path | None = None) -> dict | None:
    """The payload saved for `config`, or None when there is none or it cannot be read."""
    path = checkpoint_path(name, config, root)
    if not path.exists():
        return None
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except Exception:  # a corrupt or foreign file is treated as missing; it will be overwritten
        return None


def _to_cpu(obj: Any) -> Any:
    if isinstance(obj, torch.Tensor):
        return obj.detach().cpu()
    if isinstance(obj, dict):
        return {k: _to_cpu(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(_to_cpu(v) for v in obj)
    return obj


def prepare_job(label: str, name: str, config: Any, train: Callable[[Any, torch.device], Any]):
    """A (label, fn(device)) entry for `core.prepare`: train `config` once into the cache."""
    return label, lambda device: train_once(name, config, train, device)


def train_once(name: str, config: Any, train: Callable[[Any, torch.device], Any], device: torch.device) -> str:
    """For offline preparation: train `config` to completion and save it, unless the cache already has it."""
    if load(name, config) is not None:
        return "already in the checkpoint cache"
    trainer = train(config, device)
    save(name, config, trainer.payload())
    return f"trained {trainer.steps_done:,} steps on {device}"
