"""Hand-set filters, the kernel parser, a photo through a filter and a stack of channels, against references."""
import numpy as np
import pytest
from scipy.ndimage import correlate

from core.convolution.apply import apply_filter, apply_filters
from core.convolution.channels import channel_stack, stack_weights
from core.convolution.filters import FILTERS, LUMA, YELLOW, KernelProblem, format_kernel, get_filter, parse_kernel


def test_yellow_finder_is_the_slides_perceptron():
    colours = {"yellow": (1, 1, 0), "red": (1, 0, 0), "blue": (0, 0, 1), "black": (0, 0, 0), "white": (1, 1, 1)}
    pixels = np.array([[c for c in colours.values()]], dtype=np.float32)  # one row of five pixels
    out = apply_filter(pixels, YELLOW)
    assert out.values.tolist() == [[2.0, 1.0, 0.0, 0.0, 2.0]]
    assert (out.lo, out.hi) == (0.0, 2.0)
    assert out.stretched().tolist() == [[1.0, 0.5, 0.0, 0.0, 1.0]]


@pytest.mark.parametrize("name", [n for n in FILTERS if n != "yellow"])
def test_spatial_filters_equal_scipy_on_the_grey_picture(name):
    rng = np.random.default_rng(0)
    pixels = rng.random((17, 23, 3)).astype(np.float32)
    grey = pixels.astype(np.float64) @ LUMA
    expected = correlate(grey, FILTERS[name].kernel, mode="nearest")  # nearest = replicate padding
    out = apply_filter(pixels, FILTERS[name])
    assert out.values.shape == (17, 23)
    assert np.allclose(out.values, expected, atol=1e-5)
    assert out.lo == pytest.approx(expected.min(), abs=1e-5) and out.hi == pytest.approx(expected.max(), abs=1e-5)


def test_zero_padding_and_relu():
    pixels = np.ones((5, 5, 3), dtype=np.float32)
    edges = FILTERS["vertical_edges"]
    assert np.allclose(apply_filters(pixels, edges.weights[None])[0], 0, atol=1e-6)  # flat: no edges anywhere
    zeros = apply_filters(pixels, edges.weights[None], padding_mode="zeros")[0]
    assert zeros[:, 0].min() > 0.5 and zeros[:, -1].max() < -0.5  # the zero rings make edges at the border
    assert apply_filters(pixels, edges.weights[None], relu=True, padding_mode="zeros")[0].min() == 0


def test_a_stack_of_filters_gives_one_channel_each_equal_to_each_alone():
    rng = np.random.default_rng(1)
    pixels = rng.random((12, 9, 3)).astype(np.float32)
    chosen = [FILTERS["yellow"], FILTERS["blur"], FILTERS["emboss"]]
    stack = channel_stack(pixels, chosen)
    assert stack.maps.shape == (3, 12, 9) and stack.names == ("yellow", "blur", "emboss")
    for c, f in enumerate(chosen):
        alone = apply_filter(pixels, f)
        assert np.allclose(stack.maps[c], alone.values, atol=1e-6)
        assert stack.ranges[c] == pytest.approx((alone.lo, alone.hi), abs=1e-6)
    assert stack_weights([YELLOW]).shape == (1, 3, 1, 1)
    with pytest.raises(ValueError):
        stack_weights([])


@pytest.mark.parametrize("text,expected", [
    ("1 2 3; 4 5 6; 7 8 9", [[1, 2, 3], [4, 5, 6], [7, 8, 9]]),
    ("1,0,-1\n2,0,-2\n1,0,-1", [[1, 0, -1], [2, 0, -2], [1, 0, -1]]),
    ("  .5 -1e-1 +2 ;0 0 0;1/4 -3/4 0 ", [[0.5, -0.1, 2], [0, 0, 0], [0.25, -0.75, 0]]),
])
def test_kernel_text_that_reads(text, expected):
    assert parse_kernel(text).tolist() == expected
    assert parse_kernel(format_kernel(parse_kernel(text))).tolist() == expected


@pytest.mark.parametrize("text", [
    "", "   ", "1 2 3", "1 2 3; 4 5 6", "1 2 3; 4 5 6; 7 8 9; 1 1 1", "1 2; 3 4; 5 6", "1 2 3 4; 1 2 3; 1 2 3",
    "a b c; d e f; g h i", "1 2 3; 4 5 6; 7 8 nan", "inf 0 0; 0 0 0; 0 0 0", "1e999 0 0; 0 0 0; 0 0 0",
    "1/0 0 0; 0 0 0; 0 0 0", "2000 0 0; 0 0 0; 0 0 0", "__import__('os').system('ls')", "0x10 0 0; 0 0 0; 0 0 0",
    "<script>alert(1)</script> 0 0; 0 0 0; 0 0 0", "1 " * 150, "1--1 0 0; 0 0 0; 0 0 0",
])
def test_bad_kernel_text_is_a_message_that_never_echoes_it(text):
    with pytest.raises(KernelProblem) as err:
        parse_kernel(text)
    message = str(err.value)
    assert message and message[0].isupper()
    assert "<script>" not in message and "import" not in message and "nan" not in message


def test_custom_filter_is_the_parsed_kernel_on_luminance():
    f = get_filter("custom", parse_kernel("0 0 0; 0 2 0; 0 0 0"))
    assert f.weights.shape == (3, 3, 3) and np.allclose(f.weights[:, 1, 1], 2 * LUMA)
    pixels = np.full((4, 4, 3), 0.5, dtype=np.float32)
    assert np.allclose(apply_filter(pixels, f).values, 1.0, atol=1e-6)
