"""Seconds from `streamlit run app.py` to the home page answering, and to its first paint in a real browser."""
from __future__ import annotations

import time
from pathlib import Path

import torch

from bench.streamlit_server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    serving,
    wait_script_done,
)

NAME = "startup"


def run(device: torch.device, quick: bool) -> dict:
    t0 = time.perf_counter()
    with serving({"DLCC_DEVICE": device.type}) as server:
        out = {"seconds_to_answer": round(server.ready_s, 3)}
        if Path(CHROMIUM).exists():
            from playwright.sync_api import sync_playwright

            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                page = browser.new_page()
                t1 = time.perf_counter()
                page.goto(f"{server.url}/")
                wait_script_done(page)
                out["seconds_to_first_paint"] = round(time.perf_counter() - t1, 3)
                t2 = time.perf_counter()
                page.goto(f"{server.url}/neurons")
                wait_script_done(page)
                out["seconds_neurons_paint"] = round(time.perf_counter() - t2, 3)
                browser.close()
        else:
            out["seconds_to_first_paint"] = "no browser"
        out["seconds"] = time.perf_counter() - t0
        return out
