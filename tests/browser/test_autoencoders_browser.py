"""A real browser clicks the latent planes, the autoencoder's and the VAE's: each one's decoder draws the digit at
that point beside it, and the point goes into the link."""
from __future__ import annotations

import re

import pytest

from bench.streamlit_server import wait_script_done
from tests.browser.test_browser import SHOTS, browser, open_cold, playwright_api, pytestmark, server  # noqa: F401

DECODED = re.compile(r"decoded at \((-?[\d.]+), (-?[\d.]+)\)")


def plane_box(page, title: str) -> dict:
    """The plot area of the chart titled `title`: the tab's only clickable plane."""
    chart = page.locator('[data-testid="stPlotlyChart"]', has=page.locator("g.g-gtitle text", has_text=title))
    for _ in range(50):
        box = chart.first.locator(".nsewdrag").first.bounding_box()
        if box:
            return box
        page.wait_for_timeout(100)
    raise AssertionError(f"the latent plane {title!r} never showed")


def decoded_title(page):
    return page.locator("g.g-gtitle text", has_text="decoded at").first


def decoded_at(page) -> tuple[float, float]:
    return tuple(float(v) for v in DECODED.search(decoded_title(page).text_content()).groups())


@pytest.mark.parametrize(("tab", "param", "plane", "shot"), [
    ("The%20latent%20plane", "at", "test digits at their 2 latents: click to decode", "autoencoders-plane-clicked"),
    ("VAE", "vae_at", "VAE: click to decode", "autoencoders-vae-plane-clicked"),
])
def test_clicking_a_latent_plane_decodes_that_point(server, browser, tab, param, plane, shot):  # noqa: F811
    context, page, errors = open_cold(browser, f"{server}/autoencoders?tab={tab}")
    try:
        playwright_api.expect(decoded_title(page)).to_be_visible(timeout=30_000)
        start = decoded_at(page)
        box = plane_box(page, plane)
        page.mouse.click(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.25)
        page.wait_for_function(f"() => (new URLSearchParams(location.search).get('{param}') || '').includes(',')",
                               timeout=30_000)
        wait_script_done(page)
        playwright_api.expect(decoded_title(page)).not_to_have_text(
            f"decoded at ({start[0]:.2f}, {start[1]:.2f})", timeout=30_000)
        x, y = decoded_at(page)
        link = page.evaluate(f"() => new URLSearchParams(location.search).get('{param}')")
        assert (x, y) == tuple(float(v) for v in link.split(","))
        # up and to the left of the middle of the plane: a smaller first latent, a larger second one
        assert x < start[0] and y > start[1], (start, (x, y))
        assert page.locator('[data-testid="stException"]').count() == 0 and not errors
        page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
    finally:
        context.close()
