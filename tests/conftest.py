"""Shared fixtures. ../shared/data (or DLCC_DATA_DIR) is optional: tests needing it skip with a reason."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path, monkeypatch):
    """Checkpoints written by a test go to a temporary folder, never the user's cache."""
    if "DLCC_CACHE_DIR" not in os.environ or os.environ.get("DLCC_TEST_KEEP_CACHE") != "1":
        monkeypatch.setenv("DLCC_CACHE_DIR", str(tmp_path / "cache"))


def real_data_dir() -> Path | None:
    """The real data (MNIST and the rest) if this machine has it: DLCC_DATA_DIR, else ../shared/data."""
    env = os.environ.get("DLCC_DATA_DIR")
    for candidate in ([Path(env)] if env else []) + [SHARED_DATA]:
        if (candidate / "MNIST" / "raw").exists():
            return candidate
    return None


needs_real_data = pytest.mark.skipif(real_data_dir() is None,
                                     reason="real data not found: set DLCC_DATA_DIR or put ../shared/data beside the repo")
