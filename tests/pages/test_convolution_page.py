"""The Convolution playground, headless: the photo's output, the numeric grid and the channel maps checked against
torch.nn.functional; changed widgets; bad kernels, links and uploads give messages, not tracebacks."""
import numpy as np
import torch
import torch.nn.functional as F

from core.convolution.apply import PHOTO_SIDE
from core.convolution.grid import GRID_KERNELS, grid_inputs
from core.data.images import find_photo, load_photo, photo_choices, resize_max_side
from tests.pages.apptest import figures, open_page, trace, values

PAGE = "pages/08_convolution.py"
DEFAULT_PHOTO = find_photo("frog") or photo_choices()[0]


def photo() -> np.ndarray:
    return resize_max_side(load_photo(DEFAULT_PHOTO).pixels, PHOTO_SIDE)


def output_map(at) -> np.ndarray:
    return np.array(values(figures(at)["output"]["data"][0]["z"]), dtype=np.float64)


def grid_output(at) -> np.ndarray:
    return np.array(values(trace(figures(at)["grid"], "output")["customdata"]), dtype=np.float64)


def markdown(at) -> str:
    return " ".join(m.value for m in at.markdown)


def test_defaults_show_the_yellow_finder_and_the_7x7_grid_from_torch(page):
    assert not page.exception and not page.error
    figs = figures(page)
    assert {"photo", "kernel", "output", "grid", "channels"} <= set(figs)
    px = torch.tensor(photo()).permute(2, 0, 1)[None]
    expected = F.conv2d(px, torch.tensor([1.0, 1.0, 0.0]).reshape(1, 3, 1, 1))[0, 0].numpy()
    assert np.allclose(output_map(page), expected, atol=1e-5)  # red 1, green 1, blue 0
    assert values(figs["kernel"]["data"][0]["z"]) == [[1.0, 1.0, 0.0]]
    assert f"{expected.min():.3f} to {expected.max():.3f}" in markdown(page)
    x = torch.tensor(grid_inputs(7, 0))[None, None]
    w = torch.tensor(GRID_KERNELS["vertical_edge"][1], dtype=torch.float64)[None, None]
    assert (grid_output(page) == F.conv2d(x, w)[0, 0].numpy()).all()
    assert "⌊(7 + 2·0 − 3) / 1⌋ + 1 = 5" in markdown(page)
    assert [t["name"] for t in figs["channels"]["data"]] == ["yellow finder (1x1 RGB)", "horizontal edges",
                                                             "vertical edges", "blur"]


def test_the_link_it_writes_reads_back_without_notes(page):
    again = open_page(PAGE, dict(page.query_params))
    assert not again.exception and not again.info
    assert np.allclose(output_map(again), output_map(page))


def test_changed_filter_relu_and_channels_change_the_maps():
    at = open_page(PAGE)
    at.selectbox(key="convolution.filter").set_value("vertical_edges").run()
    edges = output_map(at)
    assert edges.min() < -0.5 and edges.max() > 0.5  # signed: dark-to-bright and bright-to-dark
    at.toggle(key="convolution.relu").set_value(True).run()
    assert output_map(at).min() == 0 and np.allclose(output_map(at), np.maximum(edges, 0), atol=1e-6)
    at.multiselect(key="convolution.channels").set_value(["sharpen", "emboss"]).run()
    assert [t["name"] for t in figures(at)["channels"]["data"]] == ["sharpen", "emboss"]
    assert at.query_params["filter"] == "vertical_edges" and at.query_params["channels"] == "sharpen,emboss"
    assert not at.exception


def test_slide_examples_and_stepping_drive_the_grid():
    at = open_page(PAGE)
    at.button(key="convolution.example.transposed: 3x3 → 7x7").click().run()
    field = np.array(values(trace(figures(at)["grid"], "field")["customdata"]))
    assert field.shape == (9, 9) and grid_output(at).shape == (7, 7)
    x = torch.tensor(grid_inputs(3, 0))[None, None]
    w = torch.tensor(GRID_KERNELS["vertical_edge"][1], dtype=torch.float64)[None, None]
    assert (grid_output(at) == F.conv_transpose2d(x, w, stride=2)[0, 0].numpy()).all()
    assert "(3 − 1)·2 − 2·0 + 3 = 7" in markdown(at)
    at.button(key="convolution.next").click().run()
    at.button(key="convolution.next").click().run()
    assert at.query_params["pos"] == "2" and "Position 3 of 49" in markdown(at)
    assert at.code[0].value.endswith(f"= {grid_output(at).ravel()[2]:.0f}")
    at.button(key="convolution.example.3x3 max pooling: 9x9 → 3x3").click().run()
    assert grid_output(at).shape == (3, 3) and at.query_params["pos"] == "0"
    assert grid_output(at)[0, 0] == grid_inputs(9, 0)[:3, :3].max() and at.code[0].value.startswith("max(")


def test_custom_kernel_on_the_photo_and_in_the_grid():
    at = open_page(PAGE, {"filter": "custom", "kernel": "0 0 0; 0 2 0; 0 0 0", "gk": "custom"})
    assert not at.exception and not at.error
    grey = photo() @ np.array([0.299, 0.587, 0.114])
    assert np.allclose(output_map(at), 2 * grey, atol=1e-5)
    assert (grid_output(at) == 2 * grid_inputs(7, 0)[1:-1, 1:-1]).all()


def test_a_bad_kernel_a_bad_link_and_too_much_pooling_padding_are_messages():
    at = open_page(PAGE, {"filter": "custom", "kernel": "1 2; <b>x</b>", "n": "abc", "mode": "<script>",
                          "stride": "9"})
    assert not at.exception
    assert any("cannot be read" in e.value for e in at.error)
    assert any("3 rows" in t.value for t in at.text)  # the parser's message, as plain text
    notes = " ".join(i.value for i in at.info)
    assert "value for n:" in notes and "value for stride:" in notes and "value for mode:" in notes
    sharpen = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=float)
    assert values(figures(at)["kernel"]["data"][0]["z"]) == sharpen.tolist()  # fell back to sharpen
    pooled = open_page(PAGE, {"mode": "max_pool", "pool": "2", "pad": "2"})
    assert not pooled.exception and "grid" not in figures(pooled)
    assert any("at most half its window" in w.value for w in pooled.warning)


def test_upload_chosen_without_a_file_keeps_the_default_photo_and_says_so():
    at = open_page(PAGE, {"photo": "upload"})
    assert not at.exception
    assert any("Choose a photo" in i.value for i in at.info)
    assert at.get("file_uploader") and np.allclose(output_map(at).shape, photo().shape[:2])


def test_without_a_data_directory_a_scikit_image_photo_is_the_default(tmp_path, monkeypatch):
    monkeypatch.setenv("DLCC_DATA_DIR", str(tmp_path))  # empty: no animals
    at = open_page(PAGE)
    assert not at.exception and not at.info
    assert at.query_params["photo"] == "scikit-image: cat (Chelsea)"
    assert any(c.value == "Photo: scikit-image: chelsea." for c in at.caption)
    cat = resize_max_side(load_photo("scikit-image: cat (Chelsea)").pixels, PHOTO_SIDE)
    assert output_map(at).shape == cat.shape[:2]


def test_each_grid_step_redraws_the_grid_only_and_stepping_back_restores_it():
    """Figures are cached by their inputs: a new window position must reach the grid (shading and outline), the
    photo's charts stay as they were, and the old position comes back as the very same chart."""
    at = open_page(PAGE)
    before = figures(at)
    at.slider(key="convolution.pos").set_value(4).run()
    assert not at.exception
    figs = figures(at)
    done = np.array(values(trace(figs["grid"], "output")["z"])).ravel()
    assert done[:5].all() and not done[5:].any()  # five outputs of the 5x5 computed so far
    outline = figs["grid"]["layout"]["shapes"][1]
    assert (outline["x0"], outline["y0"], outline["xref"]) == (3.5, -0.5, "x3")  # row 0, column 4 of the output
    for key in ("photo", "kernel", "output", "channels"):
        assert figs[key] == before[key], key
    at.slider(key="convolution.pos").set_value(0).run()
    assert figures(at)["grid"] == before["grid"]
