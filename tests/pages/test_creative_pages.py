"""Deep dreaming and style transfer pages: the live trainers step, the figures show their real state."""
import io

import pytest
from PIL import Image
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from core.dream.dreamer import CHECKPOINT_NAME as DREAM
from core.style.transfer import CHECKPOINT_NAME as STYLE
from tests.core.exported import script_constant
from tests.pages.apptest import figures, open_page, values

SMALL_DREAM = {"net": "efficientnet_lite0", "photo": "scikit-image: coffee", "size": "128", "iters": "2",
               "octaves": "2"}
SMALL_STYLE = {"net": "efficientnet_lite0", "photo": "scikit-image: coffee", "style": "generated: mosaic",
               "size": "128", "iters": "20"}


def test_dream_steps_and_its_curve_follows():
    at = open_page("pages/17_deep_dream.py", SMALL_DREAM)
    assert not at.exception and "0 / 4 steps" in at.get("progress")[0].proto.text
    at.button(key=f"{DREAM}.step").click().run()
    assert not at.exception
    curve = figures(at)["dream_curve"]["data"][0]
    objective = values(curve["y"])
    assert len(objective) == 2 and objective[1] > objective[0] * 0.5
    assert [b.key for b in at.get("download_button")] == ["dream.download", "dream.export"]


def test_dream_layers_from_the_link_and_a_wrong_layer_falls_back():
    at = open_page("pages/17_deep_dream.py", {**SMALL_DREAM, "layer1": "block2", "layer2": "relu5_1"})
    assert not at.exception
    assert at.session_state["dream.layer1"] == "block2" and at.session_state["dream.layer2"] == "auto"
    assert any("no layer relu5_1" in w.value for w in at.warning)
    assert any("block2" in c.value for c in at.caption)


@pytest.fixture
def downloads(monkeypatch):
    """A function giving the text behind a download button (AppTest keeps only the button's media URL)."""
    stored, original = {}, MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        stored[file_id] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)

    def text(at: AppTest, key: str) -> str:
        (button,) = [b for b in at.get("download_button") if b.key == key]
        data = stored[button.proto.url.rsplit("/", 1)[-1].split(".")[0]]
        return data.decode() if isinstance(data, bytes) else data

    return text


def test_dream_exports_its_current_settings_as_a_script(downloads):
    at = open_page("pages/17_deep_dream.py", SMALL_DREAM)
    assert not at.exception
    config = script_constant(downloads(at, "dream.export"), "CONFIG")
    assert (config["iterations"], config["octaves"], config["size"], config["jitter"]) == (2, 2, 128, 16)
    assert config["backbone"] == "mobilenet_v2" and config["layers"] == ("block10", "block13")  # the page: Lite0
    at.slider(key="dream.jitter").set_value(8).run()
    at.slider(key="dream.w2").set_value(1.2).run()
    assert not at.exception
    config = script_constant(downloads(at, "dream.export"), "CONFIG")
    assert config["jitter"] == 8 and config["weights"] == (1.0, 1.2)


def test_style_steps_lower_the_style_loss_and_grams_share_a_scale():
    at = open_page("pages/18_style_transfer.py", SMALL_STYLE)
    assert not at.exception
    at.button(key=f"{STYLE}.step").click().run()
    assert not at.exception
    figs = figures(at)
    losses = {t["name"]: values(t["y"]) for t in figs["style_losses"]["data"]}
    assert len(losses["style"]) == 10 and losses["style"][-1] < losses["style"][0]
    grams = figs["style_grams"]["data"]
    assert [g["name"] for g in grams] == ["content", "style", "result"]
    assert len({g["zmax"] for g in grams}) == 1
    assert [t["type"] for t in figs["style_images"]["data"]] == ["image"] * 3


def test_style_alone_button_sets_noise_start_and_no_content():
    at = open_page("pages/18_style_transfer.py", SMALL_STYLE)
    at.button(key="style.only").click().run()
    assert not at.exception
    assert at.session_state["style.cw"] == 0.0 and at.session_state["style.start"] == "noise"
    assert at.query_params["start"] == ["noise"] or at.query_params["start"] == "noise"


def test_style_exports_its_current_settings_as_a_script(downloads):
    at = open_page("pages/18_style_transfer.py", SMALL_STYLE)
    assert not at.exception
    config = script_constant(downloads(at, "style.export"), "CONFIG")
    assert (config["iterations"], config["size"], config["style_weight"]) == (20, 128, 10.0)
    assert config["backbone"] == "mobilenet_v2" and config["content_layers"] == ("block7",)
    at.radio(key="style.sw").set_value("30").run()
    at.radio(key="style.opt").set_value("lbfgs").run()
    assert not at.exception
    config = script_constant(downloads(at, "style.export"), "CONFIG")
    assert config["style_weight"] == 30.0 and config["optimiser"] == "lbfgs"


def _upload_app(data: bytes):
    def app(data: bytes):
        import streamlit as st

        from ui.imagenet import read_upload

        st.write("ok" if read_upload(data) is not None else "none")

    return AppTest.from_function(app, kwargs={"data": data}).run()


def test_odd_uploads_get_a_plain_message():
    png = io.BytesIO()
    Image.new("RGBA", (30, 20), (255, 0, 0, 128)).save(png, format="PNG")
    ok = _upload_app(png.getvalue())
    assert not ok.exception and "white background" in ok.caption[0].value
    noisy = io.BytesIO()
    Image.effect_noise((200, 150), 60).save(noisy, format="PNG")
    for bad, words in ((b"", "empty"), (b"%PDF-1.4", "not an image"), (noisy.getvalue()[:400], "truncated")):
        at = _upload_app(bad)
        assert not at.exception and words in at.error[0].value and at.markdown[-1].value == "none"
