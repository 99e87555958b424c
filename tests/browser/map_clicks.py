"""Clicking a Plotly chart in the browser tests, shared by the test files that click the boundaries map."""
from __future__ import annotations


def click_map(page, fx: float, fy: float) -> None:
    """Click the decision map at a fraction of its plot area. The chart may be replaced by a redraw at any moment
    (training): measure it again until it holds still long enough, then click the page at that spot."""
    for _ in range(20):
        box = page.locator('[data-testid="stPlotlyChart"]').first.locator(".nsewdrag").first.bounding_box()
        if box:
            page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            return
        page.wait_for_timeout(100)
    raise AssertionError("the decision map never showed")
