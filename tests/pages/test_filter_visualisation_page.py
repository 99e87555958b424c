"""What a filter looks for: response maps are the layer's activations; grown pictures come from the cache or a click."""
import numpy as np

from core.data.images import load_photo
from core.filter_vis.ascent import AscentConfig
from core.filter_vis.cache import save_grown
from core.imagenet.backbone import load_backbone
from tests.pages.apptest import figures, open_page, values

PAGE = "pages/12_filter_visualisation.py"


def test_default_shows_response_maps_of_the_default_layer(page):
    assert not page.exception
    figs = figures(page)
    grid = figs["response_grid"]
    assert len(grid["data"]) == 16 and all(t["type"] == "heatmap" for t in grid["data"])
    assert "grown" not in figs  # nothing grown yet in an empty cache: a button instead
    assert any(b.label.startswith("🌱 Grow it") for b in page.button)


def test_response_map_equals_the_networks_activation(monkeypatch):
    at = open_page(PAGE, {"net": "efficientnet_lite0", "layer": "block3", "channel": "5",
                          "photo": "scikit-image: coffee"})
    assert not at.exception
    b = load_backbone("efficientnet_lite0")
    x = b.to_tensor(load_photo("scikit-image: coffee").pixels, 224)
    expected = b.features(x, ["block3"])["block3"][0, 5].numpy()
    shown = np.array(values(figures(at)["response"]["data"][0]["z"]))[::-1]
    assert np.allclose(shown, expected, atol=1e-4)


def test_growing_shows_progress_result_and_caches_it():
    at = open_page(PAGE, {"net": "efficientnet_lite0", "layer": "block2", "channel": "3", "steps": "5",
                          "size": "64"})
    grow = next(b for b in at.button if b.label.startswith("🌱 Grow it"))
    grow.click().run()
    assert not at.exception
    assert figures(at)["grown"]["data"][0]["type"] == "image"
    again = open_page(PAGE, {"net": "efficientnet_lite0", "layer": "block2", "channel": "3", "steps": "5",
                             "size": "64"})
    assert "grown" in figures(again)  # from the checkpoint cache: no click needed


def test_cached_grid_appears_at_once():
    b = load_backbone("efficientnet_lite0")
    cfg = AscentConfig(layer="block3", channels=tuple(range(16)), size=96, steps=40, seed=0)
    save_grown(b, cfg, np.full((16, 96, 96, 3), 0.5, np.float32))
    at = open_page(PAGE, {"net": "efficientnet_lite0"})
    assert len(figures(at)["grown_grid"]["data"]) == 16


def test_a_layer_of_another_network_or_a_channel_too_high_is_corrected():
    at = open_page(PAGE, {"net": "efficientnet_lite0", "layer": "relu4_1", "channel": "2000"})
    assert not at.exception
    assert at.session_state["filters.layer"] == "auto" and at.session_state["filters.channel"] == 0
    assert any("no layer relu4_1" in w.value for w in at.warning)


def test_another_channel_reaches_the_response_map_and_moving_back_restores_it():
    """The response charts are cached by their data: a new channel must still be drawn, the grid of the layer's
    first channels stays the same, and the old channel comes back as the very same chart."""
    query = {"net": "efficientnet_lite0", "layer": "block3", "channel": "5", "photo": "scikit-image: coffee"}
    at = open_page(PAGE, query)
    before = figures(at)
    at.slider(key="filters.channel").set_value(6).run()
    assert not at.exception
    b = load_backbone("efficientnet_lite0")
    x = b.to_tensor(load_photo("scikit-image: coffee").pixels, 224)
    expected = b.features(x, ["block3"])["block3"][0, 6].numpy()
    figs = figures(at)
    assert np.allclose(np.array(values(figs["response"]["data"][0]["z"]))[::-1], expected, atol=1e-4)
    assert figs["response_grid"] == before["response_grid"]
    at.slider(key="filters.channel").set_value(5).run()
    assert figures(at)["response"] == before["response"]
