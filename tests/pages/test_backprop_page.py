"""The Backprop and batches page, headless: the diagram's values and gradient widths, a Step lowers the error,
changed inputs and network reach the figure, the batch comparison draws what the checkpoint holds."""
import numpy as np

from core import checkpoints
from core.backprop.batches import CHECKPOINT_NAME as BATCHES_NAME
from core.backprop.batches import FULL, BatchesConfig, BatchRace
from core.backprop.network import CHECKPOINT_NAME, TinyNet, TinyNetConfig
from figures.backprop import MAX_EDGE_WIDTH
from tests.pages.apptest import figures, open_page, trace, values

PAGE = "pages/05_backprop.py"


def _edges(fig):
    return {t["name"]: t for t in fig["data"] if t["name"].startswith("w")}


def test_defaults_show_values_gradients_and_the_check(page):
    assert not page.exception and not page.error
    figs = figures(page)
    assert {"network", "loss", "batches"} <= set(figs)
    net = TinyNet(TinyNetConfig())
    snap = net.snapshot()
    assert trace(figs["network"], "hidden 1")["text"] == [f"{v:.3f}" for v in snap.values[1]]
    assert trace(figs["network"], "softmax")["text"] == [f"{v:.3f}" for v in snap.probs]
    edges = _edges(figs["network"])
    assert len(edges) == 2 * 3 + 3 * 2
    grads = {f"w{layer}[{i},{j}]": abs(float(g[i, j])) for layer, g in enumerate(snap.weight_grads, start=1)
             for i in range(g.shape[0]) for j in range(g.shape[1])}
    widest = max(grads, key=grads.get)
    assert edges[widest]["line"]["width"] == MAX_EDGE_WIDTH  # the biggest gradient draws the widest line
    assert all(edges[k]["line"]["width"] < MAX_EDGE_WIDTH for k in grads if grads[k] < grads[widest])
    assert any("largest difference" in m.value for m in page.markdown)
    assert len(page.dataframe) == 1 and len(page.dataframe[0].value) == 17


def test_step_button_lowers_the_error():
    at = open_page(PAGE)
    at.button(key=f"{CHECKPOINT_NAME}.step").click().run()
    at.button(key=f"{CHECKPOINT_NAME}.step").click().run()
    assert not at.exception
    losses = values(figures(at)["loss"]["data"][0]["y"])
    assert len(losses) == 3 and losses[2] < losses[1] < losses[0]
    assert "step 2" in figures(at)["network"]["layout"]["title"]["text"]


def test_changed_inputs_and_network_reach_the_diagram():
    at = open_page(PAGE, {"x1": "-1.5", "label": "0"})
    at.slider(key="backprop.hidden").set_value(2).run()
    at.slider(key="backprop.width").set_value(2).run()
    assert not at.exception
    fig = figures(at)["network"]
    assert trace(fig, "input")["text"] == ["-1.500", "-0.500"]
    assert trace(fig, "hidden 2") and len(_edges(fig)) == 2 * 2 + 2 * 2 + 2 * 2
    assert trace(fig, "label")["text"] == ["target 1", "target 0"]
    assert at.query_params["x1"] == "-1.5" and at.query_params["hidden"] == "2"


def test_batches_drawn_from_the_checkpoint_and_a_subset_of_sizes():
    config = BatchesConfig()
    race = BatchRace(BatchesConfig(batch_sizes=config.batch_sizes, epochs=1,
                                   data=config.data))
    race.step(1)
    checkpoints.save(BATCHES_NAME, config, race.payload())
    at = open_page(PAGE)
    fig = figures(at)["batches"]
    names = [t["name"] for t in fig["data"] if t.get("showlegend", True) is not False]
    assert names == ["one sample", "batch 8", "batch 32", "batch 128", "full batch"]
    one = race.runs[1].log
    np.testing.assert_allclose(values(fig["data"][0]["y"]), one["loss"])
    np.testing.assert_allclose(values(fig["data"][1]["x"]), one["seconds"][1:])  # the time panel: log axis, no 0
    at.multiselect(key="backprop.sizes").set_value([8, FULL]).run()
    names = {t["name"] for t in figures(at)["batches"]["data"]}
    assert names == {"batch 8", "full batch"}
    at.multiselect(key="backprop.sizes").set_value([]).run()
    assert any("at least one" in w.value for w in at.warning) and not at.exception
