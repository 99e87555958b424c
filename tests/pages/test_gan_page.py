"""GAN page: the fixed-noise grid, the mode-collapse meter and the walk are drawn from the real generator and
judge; a step trains and the curves appear; settings come from the URL. The judge (the shared MNIST classifier)
is trained on the embedded digits here, to stay quick."""
from dataclasses import replace

import numpy as np
import pytest

import core.mnist.classifier as classifier
from core.gan.config import checkpoint_name
from tests.pages.apptest import figures, open_page, trace, values

PAGE = "pages/14_gan.py"
DENSE = checkpoint_name("dense")


@pytest.fixture(autouse=True)
def quick_judge(monkeypatch):
    """The shared classifier's recipe on the embedded digits, two epochs: a judge in seconds."""
    full = classifier.classifier_config
    monkeypatch.setattr(classifier, "classifier_config", lambda source=None: replace(full("sklearn-digits"), epochs=2))


def meter_shares(fig: dict) -> np.ndarray:
    sure, unsure = trace(fig, "judged with p ≥ 0.9"), trace(fig, "less sure")
    return np.array(values(sure["y"])) + np.array(values(unsure["y"]))


def test_default_page_draws_the_untrained_generator_and_its_meter():
    at = open_page(PAGE)
    assert not at.exception
    assert "gan.meter" not in figures(at)  # no judge in the cache: the page offers to train it, never blocks
    at.button(key="gan.judge").click().run()
    assert not at.exception
    figs = figures(at)
    grid = np.array(values(figs["gan.grid"]["data"][0]["z"]))
    assert grid.shape == (8 * 30, 8 * 30) and grid.std() > 0.01  # 64 samples of an untrained generator: noise
    shares = meter_shares(figs["gan.meter"])
    assert len(shares) == 10 and shares.sum() == pytest.approx(1.0)
    assert any("of 500 samples judged" in m.value for m in at.markdown)
    assert "0 / 3,000 steps" in at.get("progress")[0].proto.text
    walk = figs["gan.walk"]["data"]
    assert np.array(values(walk[0]["z"])).shape == (30, 10 * 30) and len(walk[1]["text"]) == 10
    assert "gan.export" in [b.key for b in at.get("download_button")]
    shot = np.array(values(figs["gan.snapshot"]["data"][0]["z"]))  # the scrubber: step 0 is the same noise
    assert figs["gan.snapshot"]["layout"]["title"]["text"].startswith("step 0")
    assert np.abs(shot - grid).max() < 0.01  # saved as bytes: within 1/255 of the live grid


def test_a_step_trains_and_the_curves_and_grid_follow():
    at = open_page(PAGE, {"steps": "200", "seed": "3"})
    before = np.array(values(figures(at)["gan.grid"]["data"][0]["z"]))
    at.button(key=f"{DENSE}.step").click().run()
    assert not at.exception
    figs = figures(at)
    curves = figs["gan.curves"]
    losses = values(trace(curves, "discriminator loss")["y"])
    assert len(losses) == 2 and all(0 < v < 5 for v in losses)  # logged every 25 steps: 50 steps, 2 points
    after = np.array(values(figs["gan.grid"]["data"][0]["z"]))
    assert np.abs(after - before).mean() > 0.01  # the same noise, a changed generator
    assert "step 50" in figs["gan.grid"]["layout"]["title"]["text"]
    assert "50 / 200 steps" in at.get("progress")[0].proto.text


def test_changed_widgets_rebuild_the_model_and_provoke_collapse():
    at = open_page(PAGE)
    at.button(key="gan.judge").click().run()
    at.selectbox(key="gan.model").set_value("dcgan").run()
    at.toggle(key="gan.collapse").set_value(True).run()
    assert not at.exception
    assert any("Collapse provoked" in w.value for w in at.warning)
    assert any("generator 0.01," in c.value for c in at.caption)  # 20 x 5e-4
    at.slider(key="gan.trunc").set_value(0.5).run()
    assert not at.exception
    assert meter_shares(figures(at)["gan.meter"]).sum() == pytest.approx(1.0)
    assert at.query_params["model"] == "dcgan" and at.query_params["collapse"] == "1"


def test_a_bad_link_value_is_ignored_with_a_note():
    at = open_page(PAGE, {"model": "<b>vae</b>", "steps": "1e9", "trunc": "nan"})
    assert not at.exception
    assert at.session_state["gan.model"] == "dense" and at.session_state["gan.steps"] == 3000
    assert at.session_state["gan.trunc"] == 0.0
    assert any("Ignored the link's value for model" in i.value for i in at.info)
