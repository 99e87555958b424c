"""The home page: the course map with every part and a link to every page that exists."""
from tests.pages.apptest import open_page
from ui.course_map import PARTS, all_pages


def test_home_lists_all_four_parts_and_links_every_page():
    at = open_page("app.py")
    assert not at.exception
    headers = [h.value for h in at.subheader]
    assert [f"Part {p.number} · {p.title}" for p in PARTS] == headers
    links = {el.proto.page for el in at.get("page_link")}
    for page in all_pages():
        assert any(page.path in link or page.url_path in link for link in links), (page.path, links)


def test_sidebar_shows_device_on_home():
    at = open_page("app.py")
    assert any("Device:" in m.value for m in at.sidebar.markdown)
