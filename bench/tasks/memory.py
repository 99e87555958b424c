"""Peak resident memory of the app (server process tree) with every page visited once (target <= 1.5 GB on CPU)."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import torch

from bench.streamlit_server import (
    CHROMIUM,
    free_port,
    process_tree_rss,
    start_server,
    stop_server,
    visit_pages,
    wait_healthy,
)
from bench.tasks.first_paint import page_paths

NAME = "memory"


def run(device: torch.device, quick: bool) -> dict:
    if not Path(CHROMIUM).exists():
        return {"error": f"no browser at {CHROMIUM}"}
    port = free_port()
    proc = start_server(port, {"DLCC_DEVICE": device.type})
    peak, stop = [0], threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], process_tree_rss(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    try:
        wait_healthy(port, proc=proc)
        idle = process_tree_rss(proc.pid)
        sampler.start()
        visit_pages(f"http://127.0.0.1:{port}", page_paths())
        time.sleep(0.5)
    finally:
        stop.set()
        if sampler.is_alive():
            sampler.join()
        stop_server(proc)
    return {"peak_rss_mb": round(peak[0] / 2**20, 1), "idle_rss_mb": round(idle / 2**20, 1),
            "pages": len(page_paths())}
