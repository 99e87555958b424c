"""A real browser (Debian's chromium through Playwright) opens every page URL cold, as a visitor with a link would."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.streamlit_server import (CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, start_server, stop_server, wait_healthy,
                                  wait_script_done)
from tests.conftest import MISSING_BROWSER
from ui.course_map import all_pages

try:
    import playwright.sync_api as playwright_api
except ImportError:  # a skip (a failure under DLCC_REQUIRE_ALL=1), not a collection error
    playwright_api = None
pytestmark = pytest.mark.skipif(playwright_api is None or not Path(CHROMIUM).exists(),
                                reason=f"{MISSING_BROWSER} no playwright or no browser at {CHROMIUM} (apt install chromium)")
SHOTS = ROOT / "test-artifacts" / "screenshots"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    proc = start_server(port, {"DLCC_CACHE_DIR": str(tmp_path_factory.mktemp("cache"))})
    try:
        wait_healthy(port, proc=proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(proc)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def open_cold(browser, url: str):
    """A fresh context: no cookies, no session, nothing cached — like a student opening a shared link."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    wait_script_done(page)
    return context, page, errors


def check_page(page, errors, expected_title: str, shot: str) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator('[data-testid="stException"]').first.inner_text()
    assert not errors, errors
    assert expected_title in page.locator("h1").first.inner_text()
    sidebar = page.locator('[data-testid="stSidebar"]')
    # our grouped menu, never Streamlit's automatic list of files in pages/
    for text in ["Course map", "Part 1", "Device:"] + [p.title for p in all_pages()]:
        playwright_api.expect(sidebar).to_contain_text(text, timeout=15_000)
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)


def test_home_page_cold(server, browser):
    context, page, errors = open_cold(browser, server + "/")
    try:
        check_page(page, errors, "Deep Learning", "home")
        for p in all_pages():
            assert page.get_by_text(p.title).count() >= 1
    finally:
        context.close()


@pytest.mark.parametrize("course_page", all_pages(), ids=lambda p: p.url_path)
def test_every_page_url_cold(server, browser, course_page):
    context, page, errors = open_cold(browser, f"{server}/{course_page.url_path}")
    try:
        check_page(page, errors, course_page.title.split(" ")[0], course_page.url_path)
        assert f"/{course_page.url_path}" in page.url
    finally:
        context.close()


def test_copied_link_reproduces_settings(server, browser):
    """Change a setting, take the URL as a visitor would copy it, open it in a fresh browser: same settings."""
    context, page, errors = open_cold(browser, f"{server}/neurons")
    try:
        page.get_by_role("tab", name="Softmax & cross-entropy").click()
        box = page.get_by_label("scores for the 8 crayon colours", exact=False)
        box.fill("0,0,5,0,0,0,0,1")
        box.press("Enter")
        page.wait_for_function("() => location.search.includes('scores=0%2C0%2C5') || location.search.includes('scores=0,0,5')")
        wait_script_done(page)
        link = page.url
    finally:
        context.close()
    context, page, errors = open_cold(browser, link)
    try:
        page.get_by_role("tab", name="Softmax & cross-entropy").click()
        playwright_api.expect(page.get_by_label("scores for the 8 crayon colours", exact=False)).to_have_value(
            "0,0,5,0,0,0,0,1", timeout=15_000)
        assert not errors
    finally:
        context.close()


@pytest.mark.parametrize("course_page", all_pages(), ids=lambda p: p.url_path)
def test_presenter_mode_on_every_page(server, browser, course_page):
    context, page, errors = open_cold(browser, f"{server}/{course_page.url_path}?presenter=1")
    try:
        assert page.locator('[data-testid="stException"]').count() == 0
        playwright_api.expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden(timeout=15_000)
        playwright_api.expect(page.get_by_text("Leave presenter mode")).to_be_visible(timeout=15_000)
        # large type: the root font is bigger than Streamlit's 16 px default
        assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") > 18
        assert "presenter=1" in page.url
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{course_page.url_path}-presenter.png"))
        page.get_by_text("Leave presenter mode").click()
        playwright_api.expect(page.locator('[data-testid="stSidebar"]')).to_be_visible(timeout=15_000)
        assert not errors
    finally:
        context.close()


def test_clicking_the_boundary_map_adds_points(server, browser):
    """Draw on the plot: each click on the decision map adds a training point where the mouse was."""
    context, page, errors = open_cold(browser, f"{server}/boundaries?data=xor&steps=100")
    try:
        for n, (fx, fy) in enumerate(((0.3, 0.3), (0.7, 0.6)), start=1):
            # the chart is redrawn (new key) after each click: find it again every time
            drag = page.locator('[data-testid="stPlotlyChart"]').first.locator(".nsewdrag").first
            drag.scroll_into_view_if_needed()
            box = drag.bounding_box()
            drag.click(position={"x": box["width"] * fx, "y": box["height"] * fy})
            playwright_api.expect(page.get_by_text(f"{n} point(s) added", exact=False)).to_be_visible(timeout=20_000)
            wait_script_done(page)
        assert page.locator('[data-testid="stException"]').count() == 0 and not errors
        page.screenshot(path=str(SHOTS / "boundaries-clicked.png"), full_page=True)
    finally:
        context.close()


def test_training_link_opens_with_its_settings(server, browser):
    context, page, errors = open_cold(browser, f"{server}/boundaries?data=spiral&hidden=3&width=24&seed=7")
    try:
        assert "spiral" in page.url and "seed=7" in page.url
        import re

        dataset = page.locator('[data-testid="stSelectbox"]').first.locator("input")
        playwright_api.expect(dataset).to_have_value(re.compile("spiral", re.I), timeout=15_000)
        assert page.locator('[data-testid="stException"]').count() == 0 and not errors
    finally:
        context.close()


def test_live_training_plays_to_the_end(server, browser):
    """Press Train: the fragment keeps training and redrawing until the last step, then the button says so."""
    context, page, errors = open_cold(browser, f"{server}/boundaries?data=two_blobs&steps=200&seed=3")
    try:
        playwright_api.expect(page.get_by_text("0 / 200 steps")).to_be_visible(timeout=15_000)
        page.get_by_role("button", name="▶ Train").first.click()
        playwright_api.expect(page.get_by_text("200 / 200 steps")).to_be_visible(timeout=60_000)
        playwright_api.expect(page.get_by_role("button", name="✓ Trained").first).to_be_visible(timeout=20_000)
        assert page.locator('[data-testid="stException"]').count() == 0 and not errors
    finally:
        context.close()
