"""Instant first view: time `core.prepare` (downloads + every default model) into an empty cache, then open every
page cold in Chromium and time each to its first full paint (target: <= 5 s per page on a 2-core CPU)."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

import torch

from bench.streamlit_server import CHROMIUM, serving, visit_pages

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
        with serving({"DLCC_CACHE_DIR": cache, "DLCC_DEVICE": device.type}) as server:
            times = visit_pages(server.url, page_paths())
    out.update({f"paint_{name}": round(t, 2) for name, t in times.items()})
    out["max_paint_seconds"] = round(max(times.values()), 2)
    return out
