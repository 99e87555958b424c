"""A drawn digit is made to look like MNIST: cropped, 20 pixels on its longer side, centred by mass in 28x28."""
import numpy as np
import pytest

from core.mnist.preprocess import BOX, FIELD, confidence, ink_of, prepare_drawing
from tests.conftest import needs_real_data, real_data_dir


def canvas_with_stroke(rows: slice, cols: slice, size: int = 280) -> np.ndarray:
    """An RGBA canvas like the drawing pad's: white paper, a black block of ink."""
    rgba = np.full((size, size, 4), 255, dtype=np.uint8)
    rgba[rows, cols, :3] = 0
    return rgba


def ink_box(image: np.ndarray) -> tuple[int, int, int, int]:
    rows, cols = np.flatnonzero((image > 0).any(1)), np.flatnonzero((image > 0).any(0))
    return rows[0], rows[-1] + 1, cols[0], cols[-1] + 1


def test_an_off_centre_too_large_digit_comes_out_centred_and_20_pixels_tall():
    # a tall "1" with a foot, far in the top-left corner, 200 px tall: ten times MNIST's size
    rgba = canvas_with_stroke(slice(10, 210), slice(20, 50))
    rgba[190:210, 20:120, :3] = 0  # the foot makes it wide at the bottom: the mass sits low and left
    out = prepare_drawing(rgba)
    assert out is not None and out.image.shape == (FIELD, FIELD) and out.image.dtype == np.float32
    top, bottom, left, right = ink_box(out.image)
    assert bottom - top == BOX  # the longer side (height) is 20 pixels
    assert right - left == round(100 * BOX / 200)  # the aspect ratio is kept: 100 x 200 -> 10 x 20
    cy, cx = out.centre_of_mass
    assert abs(cy - 14) <= 0.5 and abs(cx - 14) <= 0.5  # centre of mass on pixel (14, 14), as in MNIST
    assert out.box == (10, 210, 20, 120)
    assert 0 < out.image.max() <= 1


def test_a_wide_digit_is_20_pixels_wide_and_the_aspect_is_kept():
    out = prepare_drawing(canvas_with_stroke(slice(200, 240), slice(0, 280)))
    top, bottom, left, right = ink_box(out.image)
    assert right - left == BOX and bottom - top == round(40 * BOX / 280)


def test_transparent_paper_is_not_ink_and_an_empty_canvas_is_none():
    transparent = np.zeros((100, 100, 4), dtype=np.uint8)  # black but fully transparent
    assert ink_of(transparent).max() == 0
    assert prepare_drawing(transparent) is None
    assert prepare_drawing(np.full((50, 50, 4), 255, dtype=np.uint8)) is None
    speck = canvas_with_stroke(slice(5, 6), slice(5, 7), size=50)  # 2 pixels: a slip of the pen, not a digit
    assert prepare_drawing(speck) is None


@needs_real_data
def test_real_mnist_digits_go_through_almost_unchanged(monkeypatch):
    """MNIST was made this way, so its digits are (nearly) fixed points of the preprocessing."""
    from core.mnist.data import get_digits

    monkeypatch.setenv("DLCC_DATA_DIR", str(real_data_dir()))
    correlations = []
    for digit in get_digits("mnist").test_x[:100, 0].numpy():
        out = prepare_drawing(digit)  # float ink in [0, 1]
        correlations.append(np.corrcoef(out.image.ravel(), digit.ravel())[0, 1])
    assert np.median(correlations) > 0.99 and min(correlations) > 0.7


@pytest.mark.parametrize("probs, word", [([0.95] + [0.05 / 9] * 9, "confident"),
                                         ([0.3, 0.25] + [0.45 / 8] * 8, "unsure")])
def test_confidence_words(probs, word):
    assert confidence(np.array(probs)) == (0, probs[0], word)
