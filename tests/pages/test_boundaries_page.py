"""The Classification boundaries page, headless: defaults, changed widgets, clicks, policy, bad links."""
import dataclasses

import numpy as np
import pytest

from core import checkpoints
from core.boundaries.compare import COMPARE_CHECKPOINT_NAME
from core.boundaries.compare import default_config as default_compare_config
from core.boundaries.trainer import CHECKPOINT_NAME, BoundaryConfig, default_config, policy_weights, train_to_completion
from core.data.datasets2d import Dataset2DConfig
from figures.boundary import region_classes
from tests.pages.apptest import figures, open_page, trace, values
from ui import session_keys as keys

PAGE = "pages/02_boundaries.py"


def regions(at) -> dict:
    """The decision map's points layer: points, stars, the click grid (drawn over the heatmap layer)."""
    found = [f for k, f in figures(at).items() if k.startswith("regions")]
    assert len(found) == 1
    return found[0]


def heatmap(at) -> np.ndarray:
    """The decision map's regions layer: its heatmap values."""
    fig = figures(at)["decision_map"]
    assert fig["data"][0]["type"] == "heatmap" and {t.get("visible") for t in fig["data"][1:]} <= {"legendonly"}
    return np.array(values(fig["data"][0]["z"]))


def trainer(at):
    return at.session_state[keys.trainer(CHECKPOINT_NAME)]


def test_defaults_render_regions_curves_errors_and_comparison(page):
    assert not page.exception and not page.error
    figs = figures(page)
    assert {"curves", "errors", "compare.small", "compare.big"} <= set(figs)
    fig = regions(page)
    assert heatmap(page).shape == (80, 80)
    # the two layers of the map share one plot area: same size, margins and axes (the browser test checks pixels)
    under = figures(page)["decision_map"]["layout"]
    for key in ("height", "margin"):
        assert fig["layout"][key] == under[key], key
    for axis in ("xaxis", "yaxis"):
        assert fig["layout"][axis]["range"] == under[axis]["range"] and fig["layout"][axis].get("scaleanchor") == \
            under[axis].get("scaleanchor")
    assert fig["layout"]["title"]["text"] and "test accuracy" in under["title"]["text"]
    assert fig["layout"]["xaxis"]["fixedrange"] and fig["layout"]["yaxis"]["fixedrange"]  # no pan off the regions
    assert len(values(trace(fig, "click anywhere to add a point")["x"])) == 40 * 40
    assert trace(fig, "A train") and trace(fig, "B test") and not trace(fig, "C train")
    assert trainer(page).config == default_config()  # so a prepared checkpoint is found
    assert page.session_state[keys.trainer(COMPARE_CHECKPOINT_NAME)].config == default_compare_config()
    assert [b.key for b in page.get("download_button")] == ["boundaries.export"]


def test_the_link_it_writes_reads_back_without_notes(page):
    again = open_page(PAGE, dict(page.query_params))
    assert not again.exception and not again.info
    assert trainer(again).config == default_config()


def test_dataset_layers_and_one_step_change_the_picture():
    at = open_page(PAGE)
    at.selectbox(key="boundaries.data").set_value("xor").run()
    at.slider(key="boundaries.hidden").set_value(0).run()
    assert not at.exception
    assert any("Single-neuron mode" in i.value for i in at.info)
    assert trainer(at).config.data.kind == "xor" and trainer(at).config.hidden_layers == 0
    before = heatmap(at)
    at.button(key=f"{CHECKPOINT_NAME}.step").click().run()
    assert not at.exception
    assert trainer(at).steps_done == 25
    after = heatmap(at)
    assert after.shape == (80, 80) and not np.allclose(before, after)
    assert values(figures(at)["curves"]["data"][0]["x"]) == [0, 25]


def test_blobs_with_more_classes_draw_more_regions():
    at = open_page(PAGE)
    at.selectbox(key="boundaries.data").set_value("blobs").run()
    at.slider(key="boundaries.classes").set_value(4).run()
    fig = regions(at)
    assert trace(fig, "D train") and not trace(fig, "E train")
    assert region_classes(heatmap(at)).max() <= 3 and len(values(figures(at)["errors"]["data"][0]["y"])) == 4
    pair = at.session_state[keys.trainer(COMPARE_CHECKPOINT_NAME)]
    assert pair.config.data.kind == "blobs" and pair.small.n_classes == 4
    assert trace(figures(at)["compare.big"], "D test")
    assert "test" in figures(at)["compare.small"]["layout"]["title"]["text"]


def click(at, key: str, x: float, y: float) -> None:
    at.session_state[key] = {"selection": {"points": [{"x": x, "y": y, "curve_number": 1, "point_index": 7}],
                                           "point_indices": [7], "box": [], "lasso": []}}
    at.run()


def test_a_click_adds_a_point_to_the_link_and_undo_removes_it():
    at = open_page(PAGE)
    at.radio(key="boundaries.click").set_value("B").run()
    click(at, "regions", 0.5, 1.25)
    assert not at.exception
    assert at.query_params["pts"] == "B0.5~1.25"  # a shared link keeps the point
    assert trainer(at).data.n_added == 1 and trainer(at).config.extra_points == ((0.5, 1.25, 1),)
    star = trace(regions(at), "added by you")
    assert star and values(star["x"]) == [0.5]
    # AppTest cannot set a widget's value twice through session state: a second click from a link that has one
    at = open_page(PAGE, {"pts": "B0.5~1.25", "click": "B"})
    click(at, "regions", -0.333, 0.0)
    assert at.query_params["pts"] == "B0.5~1.25_B-0.33~0"
    at.button(key="boundaries.undo").click().run()
    assert at.query_params["pts"] == "B0.5~1.25" and trainer(at).config.extra_points == ((0.5, 1.25, 1),)
    at.selectbox(key="boundaries.data").set_value("circles").run()  # other data: the clicks no longer apply
    assert at.query_params.get("pts", "") == "" and trace(regions(at), "added by you") is None
    assert not at.exception


def test_a_link_with_points_reproduces_them():
    at = open_page(PAGE, {"data": "xor", "pts": "A0.5~1.25_B-1~0.3"})
    assert not at.exception and not at.info
    assert trainer(at).config.extra_points == ((0.5, 1.25, 0), (-1.0, 0.3, 1))
    assert values(trace(regions(at), "added by you")["x"]) == [0.5, -1.0]
    assert at.query_params["pts"] == "A0.5~1.25_B-1~0.3"
    bad = open_page(PAGE, {"pts": "A1~2_[x](http://evil.example)"})
    assert any("value for pts: expected points written like" in i.value for i in bad.info)
    assert trainer(bad).config.extra_points == ()
    other = open_page(PAGE, {"pts": "A1~1_E0~0"})  # moons has classes A and B only
    assert trainer(other).config.extra_points == ((1.0, 1.0, 0),)
    assert any("left out" in w.value for w in other.warning)


def test_a_click_keeps_the_trained_weights_and_trains_on_at_once():
    """Issue 8.7: a click used to throw the trained model away (0 / 1,500 and waiting for Train)."""

    at = open_page(PAGE, {"data": "xor", "steps": "300"})
    for _ in range(3):
        at.button(key=f"{CHECKPOINT_NAME}.step").click().run()
    before = trainer(at)
    weights = {k: v.cpu().clone() for k, v in before.model.state_dict().items()}  # the page's device may be a GPU
    accuracy = before.accuracy("test")
    click(at, "regions", 0.5, 0.5)
    assert not at.exception
    after = trainer(at)
    assert after is not before and after.config.extra_points == ((0.5, 0.5, 0),)
    assert after.history["step"][0] == 0 and abs(after.history["test_acc"][0] - accuracy) < 1e-6  # starts where it was
    assert at.session_state[f"_playing.{CHECKPOINT_NAME}"]  # and trains on at once, in the background thread:
    for _ in range(100):  # give that thread a moment on a busy machine
        if after.steps_done > 0:
            break
        at.run()
    assert after.steps_done > 0

    def distance(state):
        return sum(float((weights[k] - v.cpu()).abs().sum()) for k, v in state.items())

    fresh = BoundaryConfig(data=after.config.data, seed=after.config.seed)
    from core.boundaries.trainer import BoundaryTrainer

    assert distance(after.model.state_dict()) < 0.5 * distance(BoundaryTrainer(fresh).model.state_dict())


def test_a_carried_on_network_is_never_saved_as_the_configs_own(monkeypatch):
    saved = []
    monkeypatch.setattr(checkpoints, "save", lambda name, config, payload: saved.append(config))
    at = open_page(PAGE, {"data": "two_blobs", "steps": "100"})
    click(at, "regions", 0.0, 0.0)
    assert trainer(at).warm
    for _ in range(20):  # AppTest does not tick fragments by itself: each run trains one tick's worth
        if trainer(at).steps_done >= 100:
            break
        at.run()
    # (a background run left by an earlier test may save its own config meanwhile: only this one must not be)
    assert trainer(at).steps_done == 100 and trainer(at).config not in saved


def test_the_comparison_caption_reads_the_networks_it_shows(monkeypatch):
    """Issue 8.14: settings may differ per dataset; the caption must say what was really trained."""
    from core.boundaries import compare

    real_small = compare.CompareConfig.small
    monkeypatch.setattr(compare.CompareConfig, "small", lambda self: dataclasses.replace(
        real_small(self), hidden_layers=2, width=6, l2=0.0, total_steps=1200))
    at = open_page(PAGE)
    caption = " ".join(c.value for c in at.caption)
    shown = compare.CompareConfig.for_dataset("moons", n_classes=3, seed=0)
    big = shown.large()
    assert "a small one (2 hidden layers of 6 tanh, no L2, 1,200 steps)" in caption, caption
    assert (f"a big one ({big.hidden_layers} hidden layers of {big.width} {big.activation}, no L2, "
            f"{big.total_steps:,} steps)") in caption, caption
    assert f"{shown.data.test_fraction:.0%} of them held out" in caption


def test_the_untrained_two_blobs_network_says_why_it_already_scores_well():
    at = open_page(PAGE, {"data": "two_blobs"})
    assert trainer(at).steps_done == 0 and trainer(at).accuracy("test") >= 0.9
    assert any("Not trained yet and already" in c.value for c in at.caption)


def test_the_dataset_names_fit_their_box():
    at = open_page(PAGE)
    assert max(len(o) for o in at.selectbox(key="boundaries.data").options) <= 12


def test_policy_moves_errors_onto_the_other_class():
    # Prepare both networks in the (per-test) checkpoint cache, as `prepare` would, so the page shows them at once.
    settings = {"data": "two_blobs", "noise": "1", "points": "400", "hidden": "0", "lr": "0.03", "steps": "400",
                "favour": "A"}
    base = BoundaryConfig(data=Dataset2DConfig(kind="two_blobs", n_points=400, noise=1.0), hidden_layers=0,
                          learning_rate=0.03, total_steps=400)
    errors = {}
    for cost in (1.0, 20.0):
        config = dataclasses.replace(base, class_weights=policy_weights(2, 0, cost))
        checkpoints.save(CHECKPOINT_NAME, config, train_to_completion(config).payload())
        at = open_page(PAGE, {**settings, "cost": f"{cost:g}"})
        assert not at.exception and trainer(at).from_cache
        errors[cost] = values(figures(at)["errors"]["data"][0]["y"])  # training-set mistakes per class
    assert any("costs **20×**" in i.value for i in at.info)
    assert errors[20.0][0] < errors[1.0][0] and errors[20.0][1] > errors[1.0][1]


def test_bad_link_values_give_notes_not_tracebacks():
    at = open_page(PAGE, {"hidden": "abc", "data": "<script>", "lr": "5", "cost": "nan"})
    assert not at.exception
    notes = " ".join(i.value for i in at.info)
    for name in ("hidden", "data", "lr", "cost"):
        assert f"Ignored the link's value for {name}: expected " in notes
    assert "<script>" not in notes and "abc" not in notes  # says what was expected, never echoes the link
    assert at.slider(key="boundaries.hidden").value == 2
    assert heatmap(at).shape == (80, 80)


def test_a_missing_class_in_the_policy_is_a_warning():
    at = open_page(PAGE, {"favour": "E", "click": "D", "cost": "5"})
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "no class E" in warnings and "no class D" in warnings
    assert trainer(at).config.class_weights == ()


def test_too_few_points_for_the_classes_is_an_error_message():
    at = open_page(PAGE, {"data": "blobs", "classes": "5", "points": "40", "test": "0.1"})
    assert not at.exception
    assert any("fewer than one point per class" in e.value for e in at.error)
    assert at.query_params["points"] == "40"  # the link still holds what the user chose


def test_the_same_link_gives_the_same_result():
    """Two visitors opening one link and training the same number of steps see the same network."""
    query = {"data": "spiral", "hidden": "3", "width": "24", "seed": "11", "steps": "300"}
    outcomes = []
    for _ in range(2):
        at = open_page(PAGE, query)
        for _ in range(3):
            at.button(key=f"{CHECKPOINT_NAME}.step").click().run()
        assert not at.exception
        outcomes.append((trainer(at).steps_done, heatmap(at).tolist(), trainer(at).history["test_acc"]))
    assert outcomes[0][0] > 0 and outcomes[0] == outcomes[1]


def test_live_redraws_fill_shared_frames_without_changing_them():
    """A frame is cached and shared by every session and redraw: filling it must never change it, and what is
    filled in must mean what it did (regions: class k's band, sureness within it; curves: the history)."""
    import copy

    from figures.boundary import REGION_LEVELS, curves_frame, decision_frame, fill_curves, fill_regions, split_layers

    xs = ys = np.linspace(-1, 1, 4)
    pts, labels = np.array([[0.0, 0.0], [0.5, 0.5]]), np.array([0, 1])
    frame = decision_frame(xs, ys, 3, pts, labels, pts, labels, "ABC", added=[(0.1, 0.2, 2)], click_grid=3)
    regions, points = split_layers(frame)
    kept = copy.deepcopy((frame, regions, points))
    sure = np.zeros((4, 4, 3))
    sure[..., 2] = 1.0  # certain: class C everywhere
    unsure = np.full((4, 4, 3), 1 / 3)  # a coin toss: the palest end of class A's band
    filled = [values(fill_regions(regions, p, f"step {i}").to_dict()["data"][0]["z"]) for i, p in enumerate((sure,
                                                                                                            unsure))]
    assert np.all(np.array(filled[0]) == 2 * REGION_LEVELS + REGION_LEVELS - 1) and np.all(np.array(filled[1]) == 0)
    assert fill_regions(regions, sure, "step 7").layout.title.text == "step 7"
    history = dict(step=[0, 25], train_loss=[1.0, 0.5], test_loss=[1.1, 0.6], train_acc=[0.5, 0.75],
                   test_acc=[0.4, 0.7])
    curves = curves_frame()
    kept_curves = copy.deepcopy(curves)
    fig = fill_curves(curves, history).to_dict()
    by_axis = {(t["name"], t.get("yaxis", "y")): values(t["y"]) for t in fig["data"]}
    assert by_axis[("test", "y2")] == pytest.approx([0.4, 0.7]) and by_axis[("train", "y")] == [1.0, 0.5]
    assert all(values(t["x"]) == [0, 25] for t in fig["data"])
    assert repr((frame, regions, points)) == repr(kept) and repr(curves) == repr(kept_curves)
