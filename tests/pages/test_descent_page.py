"""The Error surfaces page, headless: default figures, a start from the URL and from a click, divergence shown and
stopped, the race's traces and step slider, and the landscape drawn from the checkpoint."""
import numpy as np

from core import checkpoints
from core.descent.landscape_trainer import CHECKPOINT_NAME, LandscapeConfig, LandscapePair
from core.descent.optimisers import OPTIMISERS
from tests.pages.apptest import figures, open_page, trace, values

PAGE = "pages/04_descent.py"


def _xy(tr):
    return np.array(values(tr["x"])), np.array(values(tr["y"]))


def test_defaults_draw_every_chart_and_the_race(page):
    assert not page.exception and not page.error
    figs = figures(page)
    assert {"curve", "curve_error", "sweep", "surface3d", "contour.0", "surface_error", "schedules", "race",
            "race_error"} <= set(figs)
    contour = figs["contour.0"]
    assert len(values(trace(contour, "click to start here")["x"])) == 41 * 41
    x, y = _xy(trace(contour, "SGD + momentum"))
    assert (x[0], y[0]) == (-1.8, 1.2) and len(x) == 151
    assert [t["name"] for t in figs["schedules"]["data"]] == ["constant", "step (halve every quarter)", "exponential",
                                                              "1/t", "cosine"]
    race_names = [t["name"] for t in figs["race"]["data"] if t["name"] in OPTIMISERS.values()]
    assert race_names == list(OPTIMISERS.values())
    assert all(_xy(trace(figs["race"], n))[0][0] == -1.8 for n in race_names)
    assert any("wins" in s.value for s in page.success)
    assert [b.key for b in page.get("download_button")] == ["descent.export", "descent.export_landscape"]
    sweep = [t["name"] for t in figs["sweep"]["data"] if t["name"].startswith("η")]
    assert len(sweep) == 4


def test_start_from_the_link_and_divergence_stops_cleanly():
    at = open_page(PAGE, {"sx": "0.5", "sy": "-1", "lr": "3", "surface": "rosenbrock", "opt": "sgd", "c_lr": "1.5",
                          "curve": "bowl"})
    assert not at.exception
    figs = figures(at)
    x, y = _xy(trace(figs["contour.0"], "SGD"))
    assert (x[0], y[0]) == (0.5, -1.0)
    errors = " ".join(e.value for e in at.error)
    assert "Diverged at step" in errors and errors.count("Diverged") == 2  # the curve (η 1.5) and the surface (η 3)
    for key in ("curve_error", "surface_error", "curve", "surface3d"):
        for tr in figs[key]["data"]:
            for axis in ("x", "y", "z"):
                if axis in tr and not isinstance(tr[axis], str):
                    assert np.isfinite(np.array(values(tr[axis]), dtype=float)).all(), (key, tr.get("name"))
    assert trace(figs["surface_error"], "SGD diverged")  # the cross where the run stopped


def test_a_click_on_the_contour_sets_the_start_and_the_link():
    at = open_page(PAGE)
    at.session_state["contour.0"] = {"selection": {"points": [{"x": 0.4, "y": -0.8, "curve_number": 1,
                                                               "point_index": 3}], "point_indices": [3], "box": [],
                                                   "lasso": []}}
    at.run()
    assert not at.exception
    assert at.session_state["descent.sx"] == 0.4 and at.session_state["descent.sy"] == -0.8
    assert at.query_params["sx"] == "0.4" and at.query_params["sy"] == "-0.8"
    fig = figures(at)["contour.1"]  # a fresh chart key, so the old selection does not fire again
    x, y = _xy(trace(fig, "SGD + momentum"))
    assert (x[0], y[0]) == (0.4, -0.8) and _xy(trace(fig, "start"))[0][0] == 0.4


def test_race_widgets_change_the_traces():
    at = open_page(PAGE)
    at.multiselect(key="descent.race").set_value(["sgd", "nesterov"]).run()
    at.slider(key="descent.race_at").set_value(10).run()
    assert not at.exception
    race = figures(at)["race"]
    names = [t["name"] for t in race["data"] if t["name"] in OPTIMISERS.values()]
    assert names == ["SGD", "Nesterov"]
    assert len(_xy(trace(race, "Nesterov"))[0]) == 11 and race["layout"]["title"]["text"] == "step 10"
    at.multiselect(key="descent.race").set_value([]).run()
    assert any("at least one" in w.value for w in at.warning) and "race" not in figures(at)


def test_landscape_is_drawn_from_the_checkpoint():
    # A short training run saved under the page's default config: the page must draw exactly what the checkpoint holds.
    from core.data.datasets2d import Dataset2DConfig

    short = LandscapeConfig(data=Dataset2DConfig(kind="moons", n_points=60), total_steps=40, record_every=20,
                            resolution=5)
    pair = LandscapePair(short)
    pair.step(40)
    checkpoints.save(CHECKPOINT_NAME, LandscapeConfig(), pair.payload())
    at = open_page(PAGE)
    assert not at.exception
    figs = figures(at)
    for which in ("small", "wide"):
        z = np.array(values(figs[f"landscape.{which}"]["data"][0]["z"]))
        np.testing.assert_allclose(z, np.log10(pair.nets[which].surface["loss"].numpy()), rtol=1e-6)
        assert len(values(trace(figs[f"landscape.{which}"], "training trail")["x"])) == 3
        assert f"landscape3d.{which}" in figs


def test_another_surface_starts_at_its_own_suggested_start():
    at = open_page(PAGE, {"sx": "0.5", "sy": "-1"})  # a link's start is kept on opening ...
    assert at.session_state["descent.sx"] == 0.5
    at.selectbox(key="descent.surface").set_value("saddle").run()  # ... and replaced when the surface changes
    assert not at.exception
    x, y = _xy(trace(figures(at)["contour.0"], "SGD + momentum"))
    assert (x[0], y[0]) == (-1.8, 0.02) and at.query_params["sy"] == "0.02"
