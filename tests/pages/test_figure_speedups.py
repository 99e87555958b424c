"""The figures' two shortcuts give exactly Plotly's own figures: layout.apply's own merge of its layout changes, and
figures.subplots' grids built once. Every builder's sample figures (tests/pages/figure_samples.py), normal and
presenter size, are built with the shortcut and without it and must have identical JSON."""
from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from plotly.subplots import make_subplots

import figures
import figures.subplots
from figures import layout
from tests.pages.figure_samples import builders, sample_calls


def as_json(fig: go.Figure) -> dict:
    return json.loads(pio.to_json(fig, validate=False))


def same_figures_without(patch) -> None:
    """Every builder's samples, built as they are and again under `patch(monkeypatch)`, are the same figures."""
    found = builders()
    for presenter in (False, True):
        layout.set_presenter(presenter)
        try:
            for param in sample_calls():
                name, kwargs = param.values
                quick = found[name](**kwargs)
                with pytest.MonkeyPatch.context() as m:
                    patch(m)
                    reference = found[name](**kwargs)
                assert as_json(quick) == as_json(reference), (param.id, presenter)
        finally:
            layout.set_presenter(False)


def test_the_quick_layout_update_gives_plotlys_own_result():
    """Settings a builder makes before apply (legend order, axis titles) are kept, as Plotly's update would."""
    same_figures_without(lambda m: m.setattr(layout, "quick_update", lambda fig, changes: fig.update_layout(changes)))


def test_grids_built_once_give_make_subplots_figures():
    cached = figures.subplots.subplots

    def plain(m):
        patched = [module for module in list(vars(figures).values()) if getattr(module, "subplots", None) is cached]
        assert len(patched) >= 10  # the builders that lay out a grid, and figures.subplots itself
        for module in patched:
            m.setattr(module, "subplots", make_subplots)
    same_figures_without(plain)
    same_figures_without(plain)  # a second time from the cache: the first round's figures changed nothing in it


def test_a_grid_copy_is_its_own_figure():
    grid = dict(rows=1, cols=2, subplot_titles=("a", "b"), horizontal_spacing=0.12)
    first = figures.subplots.subplots(**grid)
    first.add_trace(go.Scatter(x=[1], y=[2], name="mine"), row=1, col=2)
    first.layout.annotations[0].text = "changed"
    first.update_layout(height=123)
    second = figures.subplots.subplots(**grid)
    assert as_json(second) == as_json(make_subplots(**grid)) and not second.data
    assert first.data[0].xaxis == "x2" and first.data[0].yaxis == "y2"  # rows and columns work on a copy
    odd = figures.subplots.subplots(rows=1, cols=2, horizontal_spacing=np.float64(0.1))  # not JSON: built as usual
    assert as_json(odd) == as_json(make_subplots(rows=1, cols=2, horizontal_spacing=0.1))
