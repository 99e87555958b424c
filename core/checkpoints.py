"""Trained weights saved once, reused by every later visitor and restart.

A checkpoint is keyed by its name and the config that made it (a hash of every dataclass field, nested
ones included). The name carries the version of the training code ("boundary.v2"): bump it whenever the code
changes what a config trains to, so old models are not served as if the new code had trained them; save and
load refuse a name without one. Files are written to a temporary file and renamed into place, so a reader
never sees half a file, and read with weights_only=True, so a tampered cache cannot run code. The cache is
bounded (DLCC_CACHE_MAX_MB, DLCC_CACHE_MAX_FILES): after each save the least recently used files go first,
never the one just written.

Two layers: the writable cache (core.paths.cache_dir(), each server's own) and, optionally, a read-only folder of
prepared checkpoints (DLCC_PREPARED_DIR: filled by `python -m core.prepare` elsewhere, e.g. a volume that several
replicas mount read-only). load() looks in the cache first, then in the prepared folder; save() and the size
limits only ever touch the cache, so nothing is written to the prepared folder (not even a file's time stamps)."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

from core.paths import cache_dir, prepared_dir

NAME_PATTERN = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_]+)*\.v[0-9]+")  # "<topic>[.<model>].v<N>"
DEFAULT_MAX_MB = 512.0
DEFAULT_MAX_FILES = 200


def check_name(name: str) -> str:
    """`name` if it is "<topic>[.<model>].v<N>" (lower case, digits, underscores); ValueError otherwise."""
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        raise ValueError(f"checkpoint name {name!r} must look like 'topic.model.v1': lower-case words joined by dots, "
                         "ending in the training code's version .v<N>")
    return name


def config_key(config: Any) -> str:
    """A stable short hash of a config dataclass (or dict); the device is not part of the key."""
    fields = dataclasses.asdict(config) if dataclasses.is_dataclass(config) else dict(config)
    fields.pop("device", None)
    blob = json.dumps(fields, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def checkpoint_dir(root: Path | None = None) -> Path:
    return (root or cache_dir()) / "checkpoints"


def checkpoint_path(name: str, config: Any, root: Path | None = None) -> Path:
    return checkpoint_dir(root) / f"{check_name(name)}-{config_key(config)}.pt"


def save(name: str, config: Any, payload: dict, root: Path | None = None) -> Path:
    """Atomically write `payload` (state_dicts, lists, numbers, strings) for `config`, then trim the cache."""
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
    prune(path.parent, keep=path)
    return path


def load(name: str, config: Any, root: Path | None = None, prepared: Path | None = None) -> dict | None:
    """The payload saved for `config`: from the writable cache (`root`), else from the read-only prepared folder
    (`prepared`, default DLCC_PREPARED_DIR); None when neither has one that can be read."""
    path = checkpoint_path(name, config, root)
    payload = _read(path)
    if payload is not None:
        try:
            os.utime(path)  # recently used: the last to be evicted
        except OSError:
            pass
        return payload
    prepared = prepared or prepared_dir()
    if prepared is None:
        return None
    shared = checkpoint_path(name, config, prepared)
    if shared.resolve() == path.resolve():  # the prepared folder is the cache itself: already tried
        return None
    return _read(shared)  # only read: not marked as recently used (no utime), never evicted


def _read(path: Path) -> dict | None:
    try:
        if not path.is_file():
            return None
        return torch.load(path, map_location="cpu", weights_only=True)
    except Exception:  # a corrupt, foreign or unreadable file counts as missing; one in the cache will be overwritten
        return None


def _setting(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        return default
    return value if value >= 0 else default


def limits() -> tuple[int, int]:
    """(max bytes, max files) of the checkpoint cache, from DLCC_CACHE_MAX_MB and DLCC_CACHE_MAX_FILES."""
    return (int(_setting("DLCC_CACHE_MAX_MB", DEFAULT_MAX_MB) * 1024 * 1024),
            int(_setting("DLCC_CACHE_MAX_FILES", DEFAULT_MAX_FILES)))


def prune(folder: Path, keep: Path | None = None, max_bytes: int | None = None,
          max_files: int | None = None) -> list[Path]:
    """Delete the least recently used checkpoints until the folder is within both limits; never `keep`.

    Returns the deleted paths. Files another process removes meanwhile are skipped."""
    default_bytes, default_files = limits()
    max_bytes = default_bytes if max_bytes is None else max_bytes
    max_files = default_files if max_files is None else max_files
    entries = []
    for path in folder.glob("*.pt"):
        try:
            stat = path.stat()
        except OSError:
            continue
        entries.append((stat.st_mtime, path.name, path, stat.st_size))
    entries.sort()  # oldest first (by last write or load); the name breaks ties so the order is stable
    total, count = sum(e[3] for e in entries), len(entries)
    removed = []
    for _, _, path, size in entries:
        if total <= max_bytes and count <= max_files:
            break
        if keep is not None and path == keep:
            continue
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
        total, count = total - size, count - 1
    return removed


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
    check_name(name)  # a bad name fails when the job list is built, not after the training
    return label, lambda device: train_once(name, config, train, device)


def train_once(name: str, config: Any, train: Callable[[Any, torch.device], Any], device: torch.device) -> str:
    """For offline preparation: train `config` to completion and save it, unless the cache already has it."""
    if load(name, config) is not None:
        return "already in the checkpoint cache"
    trainer = train(config, device)
    save(name, config, trainer.payload())
    return f"trained {trainer.steps_done:,} steps on {device}"
