"""The home page: the course map with every part and a link to every page that exists."""
import pytest

from tests.conftest import needs_real_data, real_data_dir
from tests.pages.apptest import figures, open_page, values
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
    monkeypatch.setattr(mnist, "download_mnist", lambda: pytest.fail("a preview must not download MNIST"))
    at = open_page("app.py")
    at.toggle(key="home.show_digits").set_value(True).run()
    assert not at.exception
    assert any("scikit-learn" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 1


def test_prepare_button_is_off_unless_the_operator_allows_it():
    at = open_page("app.py")
    assert not at.exception
    assert not [b for b in at.button if b.key == "prepare"]
    assert any("DLCC_ALLOW_PREPARE=1" in c.value and "python -m core.prepare" in c.value for c in at.caption)


def test_prepare_button_shows_progress_and_a_table(monkeypatch):
    from core import prepare

    monkeypatch.setenv("DLCC_ALLOW_PREPARE", "1")

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


@needs_real_data
def test_digits_preview_reads_only_the_first_digits_of_mnist(monkeypatch):
    """20 thumbnails: the first 20 MNIST digits, read without loading the 70,000 (issue 19.9)."""
    from core.data import mnist

    monkeypatch.setenv("DLCC_DATA_DIR", str(real_data_dir()))
    from ui import data as ui_data

    ui_data._preview.clear()  # a preview cached by another test would hide what this one reads
    full = mnist.read_idx(mnist.find_mnist_files()["train_y"])[:20].tolist()
    for heavy in ("read_idx", "load_mnist", "load_digits", "load_embedded_digits"):
        monkeypatch.setattr(mnist, heavy, lambda *a, _name=heavy, **k: pytest.fail(f"the preview called {_name}"))
    at = open_page("app.py")
    at.toggle(key="home.show_digits").set_value(True).run()
    assert not at.exception and not at.info
    fig = figures(at)["digits"]
    labels = [int(a["text"]) for a in fig["layout"]["annotations"]]
    assert labels == full
    assert len(values(fig["data"][0]["z"])) == 2 * 30  # two rows of ten 28x28 tiles (30 px with the border)
    assert any("first 20 MNIST training digits" in c.value for c in at.caption)
