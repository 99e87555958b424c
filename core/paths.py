"""The one data-directory setting every loader and cache uses: DLCC_DATA_DIR, default ./data; where the project
writes (DLCC_CACHE_DIR); and an optional read-only layer of prepared checkpoints (DLCC_PREPARED_DIR)."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    raw = os.environ.get("DLCC_DATA_DIR", "").strip()
    return Path(raw).expanduser().resolve() if raw else PROJECT_ROOT / "data"


def cache_dir() -> Path:
    """Where this project writes (checkpoints). It is the data directory unless that is read-only,
    as ../shared/data is in CI; then DLCC_CACHE_DIR or ./data/cache is used instead."""
    raw = os.environ.get("DLCC_CACHE_DIR", "").strip()
    if raw:
        return Path(raw).expanduser().resolve()
    d = data_dir()
    if os.access(d, os.W_OK) or not d.exists():
        return d / "cache"
    return PROJECT_ROOT / "data" / "cache"


def prepared_dir() -> Path | None:
    """A folder that `python -m core.prepare` filled elsewhere (DLCC_PREPARED_DIR, e.g. a volume that several
    replicas share read-only): checkpoints are read from it after the cache, and never written to it. None if unset."""
    raw = os.environ.get("DLCC_PREPARED_DIR", "").strip()
    return Path(raw).expanduser().resolve() if raw else None
