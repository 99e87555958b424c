"""A real browser clicks the autoencoder's latent plane: the decoder draws the digit at that point, beside it."""
from __future__ import annotations

import re

from bench.streamlit_server import wait_script_done
from tests.browser.test_browser import SHOTS, browser, open_cold, playwright_api, pytestmark, server  # noqa: F401

DECODED = re.compile(r"decoded at \((-?[\d.]+), (-?[\d.]+)\)")


def plane_box(page) -> dict:
    for _ in range(50):
        box = page.locator('[data-testid="stPlotlyChart"]').first.locator(".nsewdrag").first.bounding_box()
        if box:
            return box
        page.wait_for_timeout(100)
    raise AssertionError("the latent plane never showed")


def decoded_at(page) -> tuple[float, float]:
    text = page.locator("g.g-gtitle text", has_text="decoded at").first.text_content()
    return tuple(float(v) for v in DECODED.search(text).groups())


def test_clicking_the_latent_plane_decodes_that_point(server, browser):  # noqa: F811
    context, page, errors = open_cold(browser, f"{server}/autoencoders?tab=The%20latent%20plane")
    try:
        playwright_api.expect(page.locator("g.g-gtitle text", has_text="decoded at").first).to_be_visible(
            timeout=30_000)
        start = decoded_at(page)
        box = plane_box(page)
        page.mouse.click(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.25)
        page.wait_for_function("() => (new URLSearchParams(location.search).get('at') || '').includes(',')",
                               timeout=30_000)
        wait_script_done(page)
        playwright_api.expect(page.locator("g.g-gtitle text", has_text="decoded at").first).not_to_have_text(
            f"decoded at ({start[0]:.2f}, {start[1]:.2f})", timeout=30_000)
        x, y = decoded_at(page)
        link = page.evaluate("() => new URLSearchParams(location.search).get('at')")
        assert (x, y) == tuple(float(v) for v in link.split(","))
        # up and to the left of the middle of the plane: a smaller first latent, a larger second one
        assert x < start[0] and y > start[1], (start, (x, y))
        assert page.locator('[data-testid="stException"]').count() == 0 and not errors
        page.screenshot(path=str(SHOTS / "autoencoders-plane-clicked.png"), full_page=True)
    finally:
        context.close()
