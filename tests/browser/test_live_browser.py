"""Live training in a real browser: while it trains, nothing in the panel fades (Streamlit dims elements a running
fragment has not redrawn yet, which during training was most of the time) and the progress keeps moving."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from bench.streamlit_server import CHROMIUM, CHROMIUM_ARGS, free_port, start_server, stop_server, wait_healthy

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no browser at {CHROMIUM} (apt install chromium)")

# The lowest opacity of any element of the first live panel, and of the "Mistakes per class" chart's caption.
LOWEST_OPACITY = """() => {
  const panel = document.querySelector('[class*="st-key-live-boundary"]:not([class*="compare"])');
  if (!panel) return null;
  const els = [...panel.querySelectorAll('[data-testid="stElementContainer"]')];
  return Math.min(1, ...els.map(e => parseFloat(getComputedStyle(e).opacity)));
}"""


def progress(page) -> int:
    text = page.locator('[data-testid="stProgress"]').first.inner_text()
    return int(re.search(r"([\d,]+)\s*/", text).group(1).replace(",", ""))


def test_training_panel_never_fades_and_keeps_moving(tmp_path):
    from bench.streamlit_server import wait_script_done

    port = free_port()
    proc = start_server(port, {"DLCC_CACHE_DIR": str(tmp_path / "cache")})
    try:
        wait_healthy(port, proc=proc)
        with playwright_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"http://127.0.0.1:{port}/boundaries?data=two_blobs&steps=10000")
            wait_script_done(page)
            page.get_by_role("button", name="▶ Train").first.click()
            playwright_api.expect(page.get_by_role("button", name="⏸ Pause").first).to_be_visible(timeout=15_000)
            lowest, seen = 1.0, []
            end = time.monotonic() + 8
            while time.monotonic() < end:
                value = page.evaluate(LOWEST_OPACITY)
                if value is not None:
                    lowest = min(lowest, value)
                seen.append(progress(page))
                time.sleep(0.1)
            page.get_by_role("button", name="⏸ Pause").first.click()
            browser.close()
        assert lowest > 0.99, f"a live element faded to opacity {lowest}"
        assert len(set(seen)) >= 3 and max(seen) > 0, seen  # it trained and was redrawn while we watched
        assert not errors
    finally:
        stop_server(proc)
