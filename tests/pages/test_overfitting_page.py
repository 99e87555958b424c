"""The Overfitting page, headless: every chart's data at the defaults, and after changing widgets."""
import numpy as np

from core.overfitting.crossval import cross_validate
from core.overfitting.curves import CurveConfig, complexity_sweep, make_curve_data
from core.overfitting.trainer import CHECKPOINT_NAME, default_config
from tests.pages.apptest import figures, open_page, trace, values

PAGE = "pages/06_overfitting.py"


def test_defaults_draw_every_chart_from_the_core(page):
    assert not page.exception and not page.error
    figs = figures(page)
    assert {"fit", "complexity", "runs", "folds", "scores", "learning"} <= set(figs)
    data = make_curve_data(CurveConfig())
    sweep = complexity_sweep(data)
    fit = figs["fit"]
    assert values(trace(fit, "training points")["y"]) == data.train_y.tolist()
    assert trace(fit, f"about right ({sweep.best})") and trace(fit, "degree 3 (yours)")
    assert trace(fit, "too wiggly (15)") and trace(fit, "too simple (1)")
    star = trace(figs["complexity"], "sweet spot")
    assert values(star["x"]) == [sweep.best]
    np.testing.assert_allclose(values(trace(figs["complexity"], "validation error")["y"]), sweep.val_mse)
    trainer = page.session_state[f"_trainer.{CHECKPOINT_NAME}"]
    assert trainer.config == default_config()  # so a prepared checkpoint is found
    labels = {t["name"] for t in figs["runs"]["data"] if t["name"].endswith("· validation")}
    assert labels == {f"{r} · validation" for r in trainer.runs}
    assert len(labels) == 4
    cv = cross_validate(data.train_x, data.train_y, 3, 5, 0, 10)
    assert np.array(values(figs["folds"]["data"][0]["z"])).shape == (5, 20)
    np.testing.assert_allclose(values(figs["scores"]["data"][0]["y"]), cv.fold_scores)
    assert [b.key for b in page.get("download_button")] == ["overfit.export"]


def test_changed_widgets_change_the_charts():
    at = open_page(PAGE)
    at.slider(key="overfit.degree").set_value(12).run()
    at.toggle(key="overfit.overlay").set_value(False).run()
    at.slider(key="overfit.k").set_value(10).run()
    assert not at.exception
    figs = figures(at)
    assert trace(figs["fit"], "degree 12 (yours)") and not trace(figs["fit"], "too wiggly (15)")
    assert np.array(values(figs["folds"]["data"][0]["z"])).shape == (10, 20)
    assert len(values(figs["scores"]["data"][0]["y"])) == 10
    assert at.query_params["k"] == "10" and at.query_params["degree"] == "12"


def test_regularisers_change_the_runs_and_a_step_trains_them():
    at = open_page(PAGE, {"net": "64", "epochs": "50", "compare": "dropout+batchnorm"})
    at.toggle(key="overfit.early").set_value(True).run()
    at.toggle(key="overfit.dropout").set_value(False).run()
    at.toggle(key="overfit.bn").set_value(True).run()
    trainer = at.session_state[f"_trainer.{CHECKPOINT_NAME}"]
    assert list(trainer.runs) == ["no regularisation", "yours: batch norm, early stop (40)", "dropout + batch norm"]
    at.button(key=f"{CHECKPOINT_NAME}.step").click().run()
    assert not at.exception
    runs = figures(at)["runs"]
    assert len(values(trace(runs, "no regularisation · validation")["y"])) == 11  # epoch 0 and 10 more
    assert values(trace(runs, "no regularisation · validation")["y"])[-1] == \
        at.session_state[f"_trainer.{CHECKPOINT_NAME}"].runs["no regularisation"].history["val_loss"][-1]


def test_a_prepared_checkpoint_opens_trained():
    from core import checkpoints
    from core.overfitting.trainer import OverfitTrainer

    prepared = OverfitTrainer(default_config())
    prepared.step(3)  # a stand-in for `core.prepare`'s 300 epochs: the page must find it by its config
    checkpoints.save(CHECKPOINT_NAME, default_config(), prepared.payload())
    at = open_page(PAGE)
    trainer = at.session_state[f"_trainer.{CHECKPOINT_NAME}"]
    assert trainer.from_cache and trainer.steps_done == 3
    assert values(trace(figures(at)["runs"], "no regularisation · validation")["y"]) == \
        prepared.runs["no regularisation"].history["val_loss"]


def test_the_runs_table_keeps_one_type_per_column_once_a_run_has_stopped_early():
    at = open_page(PAGE)
    at.button(key=f"{CHECKPOINT_NAME}.step").click().run()  # ten epochs
    trainer = at.session_state[f"_trainer.{CHECKPOINT_NAME}"]
    early = next(r for label, r in trainer.runs.items() if "early" in label)
    early.stopped_at = 7  # as after core.prepare's 300 epochs: one run stopped, the others not
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    assert "7" in set(map(str, table["stopped at"])) and "—" in set(table["stopped at"])
