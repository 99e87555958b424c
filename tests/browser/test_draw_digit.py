"""A real browser draws a digit on the MNIST page's pad and reads the networks' answer."""
from __future__ import annotations

import re

from bench.streamlit_server import wait_script_done
from tests.browser.test_browser import SHOTS, browser, open_cold, playwright_api, pytestmark, server  # noqa: F401


def test_drawing_a_stroke_gives_an_answer(server, browser):  # noqa: F811
    context, page, errors = open_cold(browser, f"{server}/mnist?tab=Draw%20a%20digit")
    try:
        playwright_api.expect(page.get_by_text("Draw a digit on the pad", exact=False)).to_be_visible(timeout=30_000)
        pad = page.locator("canvas").last
        pad.scroll_into_view_if_needed()
        playwright_api.expect(pad).to_be_visible(timeout=30_000)
        box = pad.bounding_box()
        # a "1": one firm stroke down the middle of the pad
        x, top = box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.15
        page.mouse.move(x, top)
        page.mouse.down()
        for i in range(1, 21):
            page.mouse.move(x + i * 0.5, top + i * box["height"] * 0.035)
        page.mouse.up()
        answer = page.get_by_text(re.compile(r"Answer: \d"))
        playwright_api.expect(answer).to_be_visible(timeout=60_000)
        assert re.search(r"Answer: \d \((confident|fairly sure|unsure), \d+%\)", answer.inner_text())
        playwright_api.expect(page.get_by_text("says", exact=False).first).to_be_visible(timeout=10_000)
        wait_script_done(page)
        assert page.locator('[data-testid="stException"]').count() == 0 and not errors
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "mnist-draw.png"), full_page=True)
    finally:
        context.close()
