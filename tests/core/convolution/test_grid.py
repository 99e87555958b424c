"""The numeric grid view: output sizes against the formula for every setting the page offers, the slides' cases,
and every shown number against torch.nn.functional."""
import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.convolution.grid import (
    MODES,
    GridConfig,
    formula_text,
    grid_inputs,
    grid_view,
    max_view_error,
    output_size,
    reference_output,
)

# Every combination the page's widgets can make: size 3..9, padding 0..2, stride 1..3, pooling window 2 or 3.
SHOWN = [GridConfig(size=n, mode=m, padding=p, stride=s, pool=k)
         for m, n, p, s, k in itertools.product(MODES, range(3, 10), range(3), range(1, 4), (2, 3))
         if m in ("max_pool", "avg_pool") or k == 2]
VALID = [c for c in SHOWN if c.problem() is None]


def torch_size(c: GridConfig) -> int:
    """The size PyTorch itself produces for these settings (a zero input, no formula involved)."""
    x = torch.zeros(1, 1, c.size, c.size)
    if c.mode == "max_pool":
        return F.max_pool2d(x, c.pool, stride=c.stride, padding=c.padding).shape[-1]
    if c.mode == "avg_pool":
        return F.avg_pool2d(x, c.pool, stride=c.stride, padding=c.padding).shape[-1]
    op = F.conv_transpose2d if c.mode == "transposed" else F.conv2d
    return op(x, torch.zeros(1, 1, 3, 3), stride=c.stride, padding=c.padding).shape[-1]


def test_only_pooling_with_too_much_padding_is_refused_and_with_a_reason():
    for c in SHOWN:
        too_much = c.mode in ("max_pool", "avg_pool") and 2 * c.padding > c.pool
        assert (c.problem() is not None) == too_much, c
        if too_much:
            with pytest.raises(ValueError):
                grid_view(c)


@pytest.mark.parametrize("mode", MODES)
def test_every_combination_shown_has_the_formulas_size_and_torchs_numbers(mode):
    for c in (c for c in VALID if c.mode == mode):
        view = grid_view(c)
        o = output_size(c.size, c.window, c.padding, c.stride, c.mode == "transposed")
        assert view.output.shape == (o, o) == (torch_size(c),) * 2, c
        assert formula_text(c.size, c.window, c.padding, c.stride, c.mode == "transposed").endswith(f"= {o}")
        assert view.positions == o * o and len(view.windows) == o * o
        ref = reference_output(c)  # the output straight from torch.nn.functional
        assert (view.output == ref).all() and (view.reduced == ref.ravel()).all(), c


def test_the_slides_cases():
    assert grid_view(GridConfig(size=5)).output.shape == (3, 3)  # 5x5 input, 3x3 filter: 9 places
    assert grid_view(GridConfig(size=7)).output.shape == (5, 5)  # 7x7: 25 places
    ring = grid_view(GridConfig(size=5, padding=1))
    assert ring.field.shape == (7, 7) and ring.output.shape == (5, 5)  # one ring of zeros keeps the size
    assert (ring.field[0] == 0).all() and ring.is_input.sum() == 25
    spread = grid_view(GridConfig(size=3, mode="transposed", stride=2))
    assert spread.field.shape == (9, 9) and spread.output.shape == (7, 7)  # two rings, zeros between: 9x9 -> 7x7
    assert (spread.field[spread.is_input] == spread.inputs.ravel()).all()
    assert np.argwhere(spread.is_input).tolist() == [[r, c] for r in (2, 4, 6) for c in (2, 4, 6)]
    assert (spread.field[~spread.is_input] == 0).all()
    assert grid_view(GridConfig(size=7, stride=2)).output.shape == (3, 3)  # striding shrinks
    pooled = grid_view(GridConfig(size=9, mode="max_pool", pool=3, stride=3))
    assert pooled.output.shape == (3, 3) and pooled.output[0, 0] == pooled.inputs[:3, :3].max()


def test_the_benchmarks_error_measure_sees_a_wrong_view():
    assert max_view_error(GridConfig(size=7, padding=1, stride=2)) == 0.0
    broken = grid_view(GridConfig(size=7))
    broken.reduced[3] += 1
    assert np.abs(broken.reduced - reference_output(broken.config).ravel()).max() == 1


def test_each_window_is_the_slice_of_the_field_at_its_position():
    for c in (GridConfig(size=7, padding=1, stride=2), GridConfig(size=3, mode="transposed", stride=3, padding=1),
              GridConfig(size=8, mode="avg_pool", pool=3, stride=2, padding=1)):
        view = grid_view(c)
        k = c.window
        for t in range(view.positions):
            r, col = view.window_origin(t)
            assert (view.windows[t] == view.field[r:r + k, col:col + k]).all()


def test_conv_step_products_add_up_to_the_output():
    view = grid_view(GridConfig(size=7, kernel=((1, 2, 3), (0, -1, 0), (4, 0, -2)), seed=3))
    x = torch.tensor(grid_inputs(7, 3))[None, None]
    w = torch.tensor([[1.0, 2, 3], [0, -1, 0], [4, 0, -2]], dtype=torch.float64)[None, None]
    ref = F.conv2d(x, w)[0, 0].numpy()
    for t in range(view.positions):
        assert view.products(t).sum() == ref.ravel()[t]


def test_transposed_uses_the_kernel_turned_half_way_round():
    kernel = ((1, 2, 0), (0, 0, 0), (0, 0, 5))
    view = grid_view(GridConfig(size=3, mode="transposed", stride=2, kernel=kernel))
    assert view.weights.tolist() == [[5, 0, 0], [0, 0, 0], [0, 2, 1]]


def test_max_pool_padding_is_minus_infinity_and_too_much_is_a_message():
    view = grid_view(GridConfig(size=5, mode="max_pool", pool=2, stride=2, padding=1))
    assert np.isneginf(view.field[0]).all()
    assert "at most half" in GridConfig(size=5, mode="max_pool", pool=2, padding=2).problem()
    assert "does not fit" in GridConfig(size=1, padding=0).problem()
