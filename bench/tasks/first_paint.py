"""Instant first view: time `core.prepare` (downloads + every default model) into an empty cache, then open every
page cold in Chromium and time each to its first full paint (target: <= 5 s per page on a 2-core CPU)."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

import torch

from bench.streamlit_server import CHROMIUM, free_port, start_server, stop_server, visit_pages, wait_healthy

NAME = "first_paint"


def page_paths() -> list[str]:
    # ui.course_map is plain data (no Streamlit import), so the benchmark may read it
    from ui.course_map import all_pages

    return [""] + [p.url_path for p in all_pages()]


def run(device: torch.device, quick: bool) -> dict:
    import os

    from core.prepare import prepare

    if not Path(CHROMIUM).exists():
        return {"error": f"no browser at {CHROMIUM}"}
    with tempfile.TemporaryDirectory() as cache:
        old = os.environ.get("DLCC_CACHE_DIR")
        os.environ["DLCC_CACHE_DIR"] = cache
        try:
            start = time.perf_counter()
            results = prepare(device, allow_download=True)
            out = {"prepare_seconds": round(time.perf_counter() - start, 2),
                   "prepared": f"{sum(r.ready for r in results)}/{len(results)}"}
        finally:
            if old is None:
                os.environ.pop("DLCC_CACHE_DIR")
            else:
                os.environ["DLCC_CACHE_DIR"] = old
        port = free_port()
        proc = start_server(port, {"DLCC_CACHE_DIR": cache, "DLCC_DEVICE": device.type})
        try:
            wait_healthy(port, proc=proc)
            times = visit_pages(f"http://127.0.0.1:{port}", page_paths())
        finally:
            stop_server(proc)
    out.update({f"paint_{name}": round(t, 2) for name, t in times.items()})
    out["max_paint_seconds"] = round(max(times.values()), 2)
    return out
