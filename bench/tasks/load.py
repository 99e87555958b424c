"""A class on one link: 20 browser sessions on one server for 5 minutes (4 training live, 2 clustering their own
CSV, the rest browsing every page and moving sliders, pausing 2-6 s between actions as readers do). Targets on the
2-core machine: no errors, no session seeing another's settings or files, p95 of a rerun after a slider move
<= 1 s on pages that are not training, peak memory of the server <= 2.5 GB. `--quick`: 6 sessions, 60 s.

The browsers run on the same machine as the server here, so their drawing competes with it for the CPU (in a class
they run on the students' laptops): the page figures are pessimistic; `server_rerun_*` time the same reruns at the
socket. The server reads the usual checkpoint cache as its prepared layer (run `python -m core.prepare` first for a
class's conditions: deploy/ does the same) and writes to a fresh temporary cache, so what one run trains is not
found ready by the next; it has its default training slots (DLCC_TRAINING_SLOTS)."""
from __future__ import annotations

import tempfile
from pathlib import Path

import torch

from bench.load_sessions import LoadConfig, run_load
from bench.streamlit_server import CHROMIUM, serving

NAME = "load"


def run(device: torch.device, quick: bool) -> dict:
    if not Path(CHROMIUM).exists():
        return {"error": f"no browser at {CHROMIUM}"}
    cfg = LoadConfig(sessions=6, training=2, uploaders=1, seconds=60) if quick else LoadConfig()
    from core.paths import cache_dir, prepared_dir

    with tempfile.TemporaryDirectory() as cache:
        prepared = prepared_dir() or cache_dir()
        with serving({"DLCC_DEVICE": device.type, "DLCC_CACHE_DIR": cache,
                      "DLCC_PREPARED_DIR": str(prepared)}) as server:
            out = run_load(cfg, server.port, server.proc.pid)
    out["errors"] = len(out["errors"]), out["errors"][:5]
    out["timeouts"] = len(out["timeouts"]), out["timeouts"][:3]
    out["isolation_violations"] = len(out["isolation_violations"]), out["isolation_violations"][:5]
    return out
