"""What one visitor sees after moving a slider: from the key press in Chromium to the page's run having ended there
(target <= 0.5 s p50: the "browser-visible update" of the Part 1 findings; `rerun` times the script alone). One
visitor on a quiet server moves around every page of the course by its links, moving a slider or three on each,
with the machinery of the load test (bench/load_sessions.py): one session, nothing training. Then (full run) the
same visitor stays on each Part 1 page alone for a minute, the pages the finding timed (`update_p50_ms_<page>`).
`server_*` are the same reruns at the socket (the server's part of them). The browser runs on the same cores as
the server, as on a laptop that serves itself."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import torch

from bench.load_sessions import LoadConfig, run_load
from bench.streamlit_server import CHROMIUM, serving

NAME = "update"


def part_one_paths() -> list[str]:
    from ui.course_map import PARTS

    return [p.url_path for p in PARTS[0].pages if p.exists]


def run(device: torch.device, quick: bool) -> dict:
    if not Path(CHROMIUM).exists():
        return {"error": f"no browser at {CHROMIUM}"}
    cfg = LoadConfig(sessions=1, training=0, uploaders=0, seconds=40 if quick else 180, think_s=(0.5, 1.0))
    alone = {}
    with serving({"DLCC_DEVICE": device.type}) as server:
        out = run_load(cfg, server.port, server.proc.pid)
        for path in [] if quick else part_one_paths():
            one = run_load(replace(cfg, seconds=60, pages=(path,)), server.port, server.proc.pid)
            alone[f"update_p50_ms_{path}"] = one["rerun_p50_ms"]
            alone[f"server_update_p50_ms_{path}"] = one["server_rerun_p50_ms"]
    return {"update_p50_ms": out["rerun_p50_ms"], "update_p95_ms": out["rerun_p95_ms"],
            "server_update_p50_ms": out["server_rerun_p50_ms"], "server_update_p95_ms": out["server_rerun_p95_ms"],
            **alone, "reruns": out["reruns"], "p50_ms_by_page": out["rerun_p50_ms_by_page"],
            "pages_opened": out["pages_opened"], "page_open_p50_s": out["page_open_p50_s"],
            "errors": (len(out["errors"]), out["errors"][:3]), "timeouts": len(out["timeouts"])}
