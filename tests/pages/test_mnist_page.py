"""The MNIST page, headless: each tab by default and with changed widgets, checked through its figures' data."""
import numpy as np
import pytest

from core.mnist.trainer import checkpoint_name, default_config
from tests.conftest import real_data_dir
from tests.pages.apptest import figures, open_page, trace, values

PAGE = "pages/10_mnist.py"


def trainer(at, model):
    return at.session_state[f"_trainer.{checkpoint_name(model)}"]


def grid_counts(fig) -> tuple[int, int]:
    right = next(t for t in fig["data"] if t["name"].startswith("right"))
    wrong = next(t for t in fig["data"] if t["name"].startswith("wrong"))
    return len(right["text"]), len(wrong["text"])


@pytest.fixture
def mnist_dir(monkeypatch):
    if real_data_dir() is None:
        pytest.skip("real MNIST not found")
    monkeypatch.setenv("DLCC_DATA_DIR", str(real_data_dir()))


def test_defaults_show_the_fast_cnn_untrained_and_the_data_source(mnist_dir):
    at = open_page(PAGE)
    assert not at.exception and not at.error
    assert any("MNIST: 60,000 training" in c.value for c in at.caption)
    t = trainer(at, "fast_cnn")
    assert t.config == default_config("fast_cnn", "mnist") and t.steps_done == 0  # what prepare puts in the cache
    figs = figures(at)
    assert {"mnist.curves", "mnist.grid_before", "mnist.grid_now"} <= set(figs)
    right, wrong = grid_counts(figs["mnist.grid_before"])
    assert right + wrong == 40 and right <= 10  # untrained: about chance
    assert "untrained" in figs["mnist.grid_before"]["layout"]["title"]["text"]
    assert any("end of the first epoch" in i.value for i in at.info)
    assert [b.key for b in at.get("download_button")] == ["mnist.export"]


def test_training_the_dense_net_a_step_moves_curves_and_grid(mnist_dir):
    at = open_page(PAGE)
    at.selectbox(key="mnist.model").set_value("dense").run()
    at.button(key=f"{checkpoint_name('dense')}.step").click().run()
    assert not at.exception
    t = trainer(at, "dense")
    assert t.config.model == "dense" and t.steps_done == 50
    figs = figures(at)
    assert len(values(trace(figs["mnist.curves"], "train loss")["y"])) == 1
    right, wrong = grid_counts(figs["mnist.grid_now"])
    assert right >= 28 and right + wrong == 40  # 50 steps of a dense net already reads most digits
    assert at.query_params["model"] == "dense"


def test_a_finished_epoch_brings_the_confusion_matrix_and_the_mistakes(no_mnist_dir):
    at = open_page(PAGE, {"model": "dense", "dense_epochs": "1"})
    t = trainer(at, "dense")
    t.step(t.total_steps)  # the embedded digits: one epoch is 22 steps
    at.run()
    assert not at.exception
    figs = figures(at)
    counts = np.array(values(trace(figs["mnist.confusion"], "counts")["text"]))
    matrix = np.array([int(v) if v else 0 for v in counts]).reshape(10, 10)
    n = len(t.data.test_y)  # 359 of scikit-learn's digits are held out
    assert matrix.sum() == n and np.trace(matrix) == round(t.report.accuracy * n)
    gallery = figs["mnist.mistakes"]
    assert len(trace(gallery, "true label")["text"]) == min(24, n - np.trace(matrix))


@pytest.fixture
def no_mnist_dir(tmp_path, monkeypatch):
    empty = tmp_path / "no-data"
    empty.mkdir()
    monkeypatch.setenv("DLCC_DATA_DIR", str(empty))


def test_without_mnist_the_page_uses_scikit_learns_digits_and_says_so(no_mnist_dir):
    at = open_page(PAGE)
    assert not at.exception
    assert any("scikit-learn" in w.value for w in at.warning)
    assert trainer(at, "fast_cnn").config.source == "sklearn-digits"


def test_inside_the_cnn_shows_its_filters_and_feature_maps(no_mnist_dir):
    at = open_page(PAGE, {"tab": "Inside the CNN", "cnn": "fast_cnn", "digit": "3"})
    assert not at.exception
    figs = figures(at)
    filters = [t for t in figs["mnist.filters"]["data"] if t["type"] == "heatmap"]
    assert len(filters) == 16 and np.array(values(filters[0]["z"])).shape == (5, 5)
    maps = figs["mnist.feature_maps"]
    names = [t["name"] for t in maps["data"]]
    assert "conv1 1" in names and "relu3 8" in names
    shapes = {t["name"]: np.array(values(t["z"])).shape for t in maps["data"]}
    assert shapes["conv1 1"] == (14, 14) and shapes["conv2 1"] == (14, 14) and shapes["pool2 1"] == (7, 7)
    assert shapes["relu3 1"] == (3, 3)


def test_the_draw_tab_asks_for_a_digit_on_an_empty_pad(no_mnist_dir):
    at = open_page(PAGE, {"tab": "Draw a digit"})
    assert not at.exception and not at.error
    assert any("Draw a digit" in i.value for i in at.info)
