"""Peak resident memory of the app (server process tree) with every page visited once (target <= 1.5 GB on CPU)."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import torch

from bench.streamlit_server import (
    CHROMIUM,
    process_tree_rss,
    serving,
    visit_pages,
)
from bench.tasks.first_paint import page_paths

NAME = "memory"


def run(device: torch.device, quick: bool) -> dict:
    if not Path(CHROMIUM).exists():
        return {"error": f"no browser at {CHROMIUM}"}
    peak, stop = [0], threading.Event()

    def sample(pid: int) -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], process_tree_rss(pid))
            time.sleep(0.05)

    with serving({"DLCC_DEVICE": device.type}) as server:
        idle = process_tree_rss(server.proc.pid)
        sampler = threading.Thread(target=sample, args=(server.proc.pid,), daemon=True)
        sampler.start()
        try:
            visit_pages(server.url, page_paths())
            time.sleep(0.5)
        finally:
            stop.set()
            sampler.join()
    return {"peak_rss_mb": round(peak[0] / 2**20, 1), "idle_rss_mb": round(idle / 2**20, 1),
            "pages": len(page_paths())}
