"""A real browser (Debian's chromium through Playwright) opens every page URL cold, as a visitor with a link would."""
from __future__ import annotations

from pathlib import Path

import pytest

from bench.streamlit_server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    serving,
    wait_script_done,
)
from tests.browser.map_clicks import click_map
from tests.conftest import MISSING_BROWSER
from ui.course_map import all_pages

try:
    import playwright.sync_api as playwright_api
except ImportError:  # a skip (a failure under DLCC_REQUIRE_ALL=1), not a collection error
    playwright_api = None
pytestmark = pytest.mark.skipif(playwright_api is None or not Path(CHROMIUM).exists(),
                                reason=f"{MISSING_BROWSER} no playwright or no browser at {CHROMIUM} "
                                       "(apt install chromium)")
SHOTS = ROOT / "test-artifacts" / "screenshots"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serving({"DLCC_CACHE_DIR": str(tmp_path_factory.mktemp("cache"))}) as running:
        yield running.url


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


SCREEN = {"width": 1400, "height": 1000}
LAPTOP = {"width": 1280, "height": 1000}  # a common laptop width: a page's controls must fit it, sidebar open


def open_cold(browser, url: str, viewport: dict = SCREEN):
    """A fresh context: no cookies, no session, nothing cached — like a student opening a shared link."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    wait_script_done(page)
    return context, page, errors


def check_page(page, errors, expected_title: str, shot: str) -> None:
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.first.inner_text()
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
        page.wait_for_function("() => location.search.includes('scores=0%2C0%2C5') "
                               "|| location.search.includes('scores=0,0,5')")
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


# Every visible button or link whose label is cut ("↺ Re…"): its text is wider than the box that shows it.
TRUNCATED_JS = """() => [...document.querySelectorAll(
      'button, [data-testid="stPageLink"] a, [data-testid="stWidgetLabel"], label[data-baseweb="checkbox"]')]
    .filter(b => b.offsetParent !== null)
    .filter(b => [b, ...b.querySelectorAll('*')].some(e => {
      const s = getComputedStyle(e);
      const clips = s.textOverflow === 'ellipsis' || ['hidden', 'clip'].includes(s.overflowX);
      return clips && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1; }))
    .map(b => b.innerText.trim()).filter(t => t)"""

# Chart text drawn over other chart text: the legend over axis titles or tick labels, a title or annotation cut off at
# the top of its chart, two annotations (titles, labels) on top of each other. Centroid numbers are left out.
OVERLAP_JS = """() => {
  const out = [];
  const hit = (a, b) => a.width > 0 && b.width > 0 && a.left < b.right - 1 && b.left < a.right - 1
                        && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    if (plot.offsetParent === null) continue;
    const box = plot.querySelector('svg.main-svg').getBoundingClientRect();
    const legend = plot.querySelector('g.legend');
    const axes = [...plot.querySelectorAll('g.xtitle, g.ytitle, g.xtick text, g.ytick text')];
    if (legend) {
      const L = legend.getBoundingClientRect();
      for (const a of axes) if (hit(L, a.getBoundingClientRect())) out.push('legend over "' + a.textContent + '"');
      if (L.bottom > box.bottom + 1) out.push('legend cut off at the bottom');
    }
    const texts = [...plot.querySelectorAll('g.g-gtitle text, g.annotation-text-g text')]
      .filter(t => !/^\\d+$/.test(t.textContent.trim()));
    for (const t of texts) {
      const r = t.getBoundingClientRect();
      if (r.top < box.top - 1) out.push('"' + t.textContent + '" cut off at the top');
      if (r.left < box.left - 1 || r.right > box.right + 1) out.push('"' + t.textContent + '" cut off at the side');
    }
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++)
      if (hit(texts[i].getBoundingClientRect(), texts[j].getBoundingClientRect()))
        out.push('"' + texts[i].textContent + '" over "' + texts[j].textContent + '"');
  }
  return out;
}"""


def screenshot_all(page, path) -> None:
    """The whole page: Streamlit scrolls inside its own container, so grow the window to the content first."""
    size = page.viewport_size
    height = page.evaluate("""() => { const m = document.querySelector('[data-testid="stMain"]');
                                      return m ? m.scrollHeight : document.body.scrollHeight; }""")
    page.set_viewport_size({"width": size["width"], "height": min(8000, max(size["height"], int(height) + 40))})
    page.wait_for_timeout(800)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


def layout_problems(page) -> list[str]:
    """Truncated buttons or widget labels and overlapping chart text on the page, after opening every tab (tabs
    hide charts)."""
    problems = []
    tabs = page.get_by_role("tab")
    for i in range(max(1, tabs.count())):
        if tabs.count():
            tabs.nth(i).click()
            page.wait_for_timeout(400)
        problems += [f"truncated button or label: {t}" for t in page.evaluate(TRUNCATED_JS)]
        problems += page.evaluate(OVERLAP_JS)
    return sorted(set(problems))


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
        screenshot_all(page, SHOTS / f"{course_page.url_path}-presenter.png")
        assert layout_problems(page) == []
        # a projector at 1280 px: large type in narrower columns, and still no label cut ("3 reference fi…") and no
        # chart title run off its chart's side (a builder in a column is told its share of the page: `span`)
        page.set_viewport_size(LAPTOP)
        page.wait_for_timeout(500)
        assert layout_problems(page) == []
        page.get_by_text("Leave presenter mode").click()
        playwright_api.expect(page.locator('[data-testid="stSidebar"]')).to_be_visible(timeout=15_000)
        assert not errors
    finally:
        context.close()


@pytest.mark.parametrize("course_page", all_pages(), ids=lambda p: p.url_path)
def test_no_truncated_button_or_overlapping_chart_text(server, browser, course_page):
    context, page, errors = open_cold(browser, f"{server}/{course_page.url_path}", LAPTOP)
    try:
        assert layout_problems(page) == [] and not errors
    finally:
        context.close()


def test_presenter_mode_moves_through_the_course_with_next_and_previous(server, browser):
    pages = all_pages()
    context, page, errors = open_cold(browser, f"{server}/{pages[0].url_path}?presenter=1")
    try:
        for nxt in pages[1:3]:
            page.get_by_role("link", name=f"Next: {nxt.title}").click()
            page.wait_for_url(f"**/{nxt.url_path}*", timeout=30_000)
            wait_script_done(page)
            assert "presenter=1" in page.url
            playwright_api.expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden(timeout=15_000)
            assert nxt.title.split(" ")[0] in page.locator("h1").first.inner_text()
        page.get_by_role("link", name=f"Previous: {pages[1].title}").click()
        page.wait_for_url(f"**/{pages[1].url_path}*", timeout=30_000)
        wait_script_done(page)
        assert "presenter=1" in page.url and not errors
    finally:
        context.close()


def _plot_areas(page) -> list[dict]:
    return page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')]
        .filter(p => p.offsetParent && p.querySelector('.nsewdrag'))
        .map(p => { const r = p.querySelector('.nsewdrag').getBoundingClientRect();
                    return {w: r.width, h: r.height, area: r.width * r.height}; })""")


@pytest.mark.parametrize("presenter", [False, True], ids=["normal", "presenter"])
def test_the_decision_map_is_the_largest_thing_on_the_page(server, browser, presenter):
    context, page, errors = open_cold(browser, f"{server}/boundaries" + ("?presenter=1" if presenter else ""))
    try:
        areas = _plot_areas(page)
        decision = areas[0]  # it was about 320 x 315 px beside the curves
        assert decision["w"] >= 580 and decision["h"] >= 400, decision
        assert decision["area"] >= 2 * max(a["area"] for a in areas[1:]), areas
    finally:
        context.close()


def test_clicking_the_boundary_map_adds_points(server, browser):
    """Draw on the plot: each click on the decision map adds a training point where the mouse was."""
    context, page, errors = open_cold(browser, f"{server}/boundaries?data=xor&steps=100")
    try:
        for n, (fx, fy) in enumerate(((0.3, 0.3), (0.7, 0.6)), start=1):
            click_map(page, fx, fy)  # the chart is redrawn (new key) after each click: found again every time
            playwright_api.expect(page.get_by_text(f"{n} point(s) added", exact=False)).to_be_visible(timeout=20_000)
            wait_script_done(page)
        assert page.locator('[data-testid="stException"]').count() == 0 and not errors
        page.screenshot(path=str(SHOTS / "boundaries-clicked.png"), full_page=True)
    finally:
        context.close()


def test_kmeans_centroids_on_top_of_5000_points(server, browser):
    context, page, errors = open_cold(browser, f"{server}/kmeans?n=5000&k=7&clusters=7")
    try:
        page.get_by_role("button", name="⏩ Run to convergence").click()
        playwright_api.expect(page.get_by_text("Converged after", exact=False).or_(
            page.get_by_text("Stopped after", exact=False))).to_be_visible(timeout=30_000)
        wait_script_done(page)
        chart = page.locator('[data-testid="stPlotlyChart"]').first
        chart.scroll_into_view_if_needed()
        chart.screenshot(path=str(SHOTS / "kmeans-5000-centroids.png"))
        numbers = chart.locator("g.annotation-text-g text")
        assert sorted(numbers.all_text_contents()) == [str(i) for i in range(1, 8)]
        assert not errors
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
