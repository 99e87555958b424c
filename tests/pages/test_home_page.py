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


def test_digits_preview_says_where_the_digits_came_from(monkeypatch, tmp_path):
    from core.data import mnist

    monkeypatch.setenv("DLCC_DATA_DIR", str(tmp_path))  # no MNIST here, and no network
    monkeypatch.setattr(mnist, "download_mnist", lambda: False)
    at = open_page("app.py")
    at.toggle(key="home.show_digits").set_value(True).run()
    assert not at.exception
    assert any("scikit-learn" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 1


def test_prepare_button_shows_progress_and_a_table(monkeypatch):
    from core import prepare

    monkeypatch.setattr(prepare, "DOWNLOADS", [("nothing to fetch", lambda device, allow: (False, "offline"))])
    monkeypatch.setattr(prepare, "model_jobs", lambda: [("toy model", lambda device: "trained 3 steps")])
    at = open_page("app.py")
    at.button(key="prepare").click().run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["item"]) == ["download: nothing to fetch", "model: toy model"]
    assert list(table["detail"]) == ["offline", "trained 3 steps"]


def test_an_impossible_device_request_is_a_message(monkeypatch):
    import pytest
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA, so asking for it is not an error")
    monkeypatch.setenv("DLCC_DEVICE", "cuda")
    at = open_page("app.py")
    assert not at.exception
    assert any("Cannot use the requested device" in e.value for e in at.error)
