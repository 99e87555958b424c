"""Peak resident memory of the app (server process tree) with every page visited once (target <= 1.5 GB on CPU)."""
from __future__ import annotations

import time
from pathlib import Path

import torch

from bench.server_usage import Sampler
from bench.streamlit_server import CHROMIUM, process_tree_rss, serving, visit_pages
from bench.tasks.first_paint import page_paths

NAME = "memory"


def run(device: torch.device, quick: bool) -> dict:
    if not Path(CHROMIUM).exists():
        return {"error": f"no browser at {CHROMIUM}"}
    with serving({"DLCC_DEVICE": device.type}) as server:
        idle = process_tree_rss(server.proc.pid)
        with Sampler(server.proc.pid, every=0.05) as sampler:
            visit_pages(server.url, page_paths())
            time.sleep(0.5)
    return {"peak_rss_mb": round(sampler.peak / 2**20, 1), "idle_rss_mb": round(idle / 2**20, 1),
            "pages": len(page_paths())}
