"""Live training in a real browser: while it trains, nothing in the panel fades (Streamlit dims elements a running
fragment has not redrawn yet, which during training was most of the time) and the progress keeps moving."""
from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.streamlit_server import CHROMIUM, CHROMIUM_ARGS, serving
from tests.browser.map_clicks import click_map

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


@contextmanager
def boundaries_page(tmp_path, query: str) -> Iterator[tuple]:
    """A fresh server (its own empty cache) and the boundaries page open in Chromium: (page, errors)."""
    from bench.streamlit_server import wait_script_done

    with serving({"DLCC_CACHE_DIR": str(tmp_path / "cache")}) as server, playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{server.url}/boundaries?{query}")
        wait_script_done(page)
        yield page, errors
        browser.close()


def test_training_panel_never_fades_and_keeps_moving(tmp_path):
    # a wide network on many points, so the run outlasts the 8 s watched (small ones train 10,000 steps in ~8 s)
    with boundaries_page(tmp_path, "data=two_blobs&points=1000&hidden=3&width=64&steps=10000") as (page, errors):
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
    assert lowest > 0.99, f"a live element faded to opacity {lowest}"
    assert len(set(seen)) >= 3 and max(seen) > 0, seen  # it trained and was redrawn while we watched
    assert not errors


# The decision map's two layers: the points layer (first, on top; it catches clicks) and the regions layer under it.
LAYERS = """() => { const box = document.querySelector('[class*="st-key-boundaries-map"]');
  const charts = box ? [...box.querySelectorAll('.js-plotly-plot')] : [];
  const rect = (el) => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; };
  return charts.map(c => ({marked: c.__kept === true, title: (c.querySelector('.gtitle') || {}).textContent || '',
                           ticks: [...c.querySelectorAll('.xtick text, .ytick text')].map(rect),
                           drag: !!c.querySelector('.nsewdrag'),
                           shown: getComputedStyle(c).visibility === 'visible' ? c.getBoundingClientRect().width : 0,
                           })); }"""
MARK_POINTS_LAYER = """() => {
  document.querySelector('[class*="st-key-boundaries-map"] .js-plotly-plot').__kept = true; }"""


def test_clicks_while_training_are_all_kept(tmp_path):
    """Issue 8.9: a click could be lost while training redrew the map; each one must add a point, and training
    must carry on (issue 8.7); the link then holds the points (issue 8.11)."""
    with boundaries_page(tmp_path, "data=xor&hidden=1&width=8&steps=10000") as (page, errors):
        layers = page.evaluate(LAYERS)
        assert len(layers) == 2 and layers[0]["drag"] and not layers[1]["drag"], layers  # points over regions
        assert min(layer["shown"] for layer in layers) > 400, layers  # both drawn, at full width
        assert layers[0]["ticks"] and layers[0]["ticks"] == layers[1]["ticks"]  # one plot area, to the pixel
        page.evaluate(MARK_POINTS_LAYER)
        page.get_by_role("button", name="▶ Train").first.click()
        playwright_api.expect(page.get_by_role("button", name="⏸ Pause").first).to_be_visible(timeout=20_000)
        titles = set()
        for _ in range(100):  # training redraws the regions layer; the points layer under the mouse stays put
            now = page.evaluate(LAYERS)  # (a replaced regions layer may linger a moment beside its successor)
            assert now and now[0]["marked"], "the points layer was replaced by a training redraw"
            titles.update(layer["title"] for layer in now[1:] if layer["title"].startswith("step"))
            if len(titles) >= 3:
                break
            page.wait_for_timeout(200)
        assert len(titles) >= 3, titles
        spots = ((0.2, 0.2), (0.8, 0.3), (0.3, 0.75), (0.7, 0.7), (0.5, 0.25), (0.45, 0.6))
        for n, (fx, fy) in enumerate(spots, start=1):  # one click, then the next as soon as it shows
            click_map(page, fx, fy)
            playwright_api.expect(page.get_by_text(f"{n} point(s) added", exact=False)).to_be_visible(
                timeout=90_000)
        playwright_api.expect(page.get_by_role("button", name="⏸ Pause").first).to_be_visible(timeout=20_000)
        assert progress(page) > 0
        page.wait_for_function(
            "() => (new URLSearchParams(location.search).get('pts') || '').split('_').length == 6")
        assert page.locator('[data-testid="stException"]').count() == 0 and not errors
