"""What one visitor sees after moving a slider: from the key press in Chromium to the page's run having ended there
(target <= 0.5 s p50: the "browser-visible update" of the Part 1 findings; `rerun` times the script alone). One
visitor on a quiet server moves around every page of the course by its links, moving a slider or three on each,
with the machinery of the load test (bench/load_sessions.py): one session, nothing training. `server_update_*` are
the same reruns at the socket (the server's part of them)."""
from __future__ import annotations

from pathlib import Path

import torch

from bench.load_sessions import LoadConfig, run_load
from bench.streamlit_server import CHROMIUM, serving

NAME = "update"


def run(device: torch.device, quick: bool) -> dict:
    if not Path(CHROMIUM).exists():
        return {"error": f"no browser at {CHROMIUM}"}
    cfg = LoadConfig(sessions=1, training=0, uploaders=0, seconds=40 if quick else 180, think_s=(0.5, 1.0))
    with serving({"DLCC_DEVICE": device.type}) as server:
        out = run_load(cfg, server.port, server.proc.pid)
    return {"update_p50_ms": out["rerun_p50_ms"], "update_p95_ms": out["rerun_p95_ms"],
            "server_update_p50_ms": out["server_rerun_p50_ms"], "server_update_p95_ms": out["server_rerun_p95_ms"],
            "reruns": out["reruns"], "p50_ms_by_page": out["rerun_p50_ms_by_page"],
            "pages_opened": out["pages_opened"], "page_open_p50_s": out["page_open_p50_s"],
            "errors": (len(out["errors"]), out["errors"][:3]), "timeouts": len(out["timeouts"])}
