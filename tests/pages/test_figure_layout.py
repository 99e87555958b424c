"""Every figure builder (every public function in figures/*.py that returns a go.Figure), called with small sample
arguments in the normal and the presenter size, keeps the layout rules of figures/layout.py: the title and subplot
titles inside the top margin, no label printed over a subplot title, the legend below the x axis in a margin of
its own, no text much smaller than the rest, everything bigger in presenter mode, WebGL traces not hiding others.

A new builder needs an entry in SAMPLES (the test says which are missing)."""
from __future__ import annotations

import importlib
import inspect
import pkgutil

import numpy as np
import plotly.graph_objects as go
import pytest

import figures
from figures import layout

RNG = np.random.default_rng(0)


def _boundary():
    xs = ys = np.linspace(-2, 2, 12)
    probs = RNG.dirichlet(np.ones(3), size=(12, 12))
    train_x, test_x = RNG.normal(size=(30, 2)), RNG.normal(size=(12, 2))
    train_y, test_y = np.arange(30) % 3, np.arange(12) % 3
    return dict(xs=xs, ys=ys, probs=probs, train_x=train_x, train_y=train_y, test_x=test_x, test_y=test_y,
                class_names=("A", "B", "C"), added=[(0.1, 0.2, 1)], click_grid=6, title="step 100: test accuracy 90%")


def _kmeans(n):
    points = RNG.normal(size=(n, 2)).astype(np.float32)
    centroids = RNG.normal(size=(8, 2)).astype(np.float32)
    labels = np.arange(n) % 8
    grid = (np.linspace(-3, 3, 10), np.linspace(-3, 3, 10), np.arange(100).reshape(10, 10) % 8)
    return dict(points=points, labels=labels, centroids=centroids, trail=np.stack([centroids, centroids + 0.1]),
                regions=grid, title="k = 8: too many")


history = dict(step=[0, 25, 50], train_loss=[1.0, 0.6, 0.4], test_loss=[1.1, 0.7, 0.5], train_acc=[0.3, 0.7, 0.9],
               test_acc=[0.3, 0.6, 0.8])
curves = {name: (np.tanh(np.linspace(-4, 4, 20) * i), np.ones(20))
          for i, name in enumerate(("ReLU", "tanh", "GELU"), 1)}
names, colours = ["red", "orange", "yellow"], ["#D55E00", "#E69F00", "#F0E442"]
SAMPLES = {
    "figures.boundary.decision_figure": [_boundary()],
    "figures.boundary.curves_figure": [dict(history=history)],
    "figures.boundary.errors_figure": [dict(train_errors=[3, 1, 0], test_errors=[2, 2, 1], train_counts=[10, 10, 10],
                                            test_counts=[5, 5, 5], class_names=("A", "B", "C"))],
    "figures.digits.digit_grid": [dict(images=RNG.random((20, 1, 28, 28)), labels=np.arange(20) % 10)],
    "figures.kmeans.kmeans_figure": [_kmeans(200), _kmeans(4000), dict(_kmeans(50), labels=None, trail=None)],
    "figures.kmeans.choose_k_figure": [dict(ks=list(range(1, 11)), inertias=[100 / k for k in range(1, 11)],
                                            silhouettes=[np.nan] + [0.5 - 0.03 * k for k in range(2, 11)],
                                            chosen_k=4, true_k=4, best_k=2)],
    "figures.neurons.perceptron_diagram": [dict(inputs=[1.0, -0.5], weights=[0.8, 1.2], bias=-0.3, z=-0.1, out=-1.0)],
    "figures.neurons.perceptron_plane": [dict(axis=np.linspace(-2, 2, 9), outputs=np.ones((9, 9)), weights=[0.8, 1.2],
                                              bias=-0.3, point=[1.0, -0.5])],
    "figures.neurons.activation_figure": [dict(x=np.linspace(-4, 4, 20), curves=curves, show_derivative=True),
                                          dict(x=np.linspace(-4, 4, 20), curves=curves, show_derivative=False)],
    "figures.neurons.softmax_figure": [dict(names=names, colours=colours, scores=np.array([1.0, 2.0, 0.5]),
                                            probs=np.array([0.2, 0.7, 0.1]), temperature=1.0)],
    "figures.neurons.label_vs_prediction": [dict(names=names, colours=colours, label=np.array([0, 0, 1.0]),
                                                 probs=np.array([0.2, 0.7, 0.1]), loss=2.303)],
    "figures.neurons.collapse_figure": [dict(axis=np.linspace(-1, 1, 9), network_map=RNG.normal(size=(9, 9)),
                                             linear_map=RNG.normal(size=(9, 9)), activation="ReLU")],
}


def builders() -> dict[str, object]:
    """Public functions of figures/*.py declared to return a go.Figure, except helpers that take one (`fig`)."""
    found = {}
    for info in pkgutil.iter_modules(figures.__path__):
        module = importlib.import_module(f"figures.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            sig = inspect.signature(fn)
            returns = sig.return_annotation
            if returns in ("go.Figure", go.Figure) and "fig" not in sig.parameters:
                found[f"{module.__name__}.{name}"] = fn
    return found


def test_every_builder_has_sample_arguments():
    missing = sorted(set(builders()) - set(SAMPLES))
    assert not missing, f"add sample arguments for these builders to SAMPLES in {__file__}: {missing}"
    assert len(builders()) >= 12


def _font(fig: go.Figure) -> int:
    return fig.layout.font.size


def _in_top_band(a) -> bool:
    yref = a.yref or "y"
    return (yref == "paper" or yref.endswith("domain")) and a.y is not None and a.y >= 0.999 and a.yanchor == "bottom"


def check_rules(fig: go.Figure) -> list[str]:
    problems = []
    font = _font(fig)
    margin = fig.layout.margin
    need_top = 0.0
    if fig.layout.title.text:
        t = fig.layout.title
        if t.yref != "container" or t.yanchor != "top":
            problems.append("the title must hang from the top of the figure (yref container, yanchor top)")
        need_top += 1.2 * (t.font.size or font)
    top = [a for a in fig.layout.annotations if _in_top_band(a)]
    if top:
        need_top += 1.2 * max(a.font.size or font for a in top)
    if (margin.t or 0) < need_top:
        problems.append(f"top margin {margin.t} px is less than the {need_top:.0f} px its titles need")
    for a in top:
        if a.xref != "paper":
            problems.append(f"annotation {a.text!r} sits in the subplot-title band: put it inside its plot")
    spans = sorted((a.x - len(a.text) * 0.3 * (a.font.size or font) / 700,
                    a.x + len(a.text) * 0.3 * (a.font.size or font) / 700, a.text) for a in top)
    for (_, end, text), (start, _, other) in zip(spans, spans[1:], strict=False):
        if start < end:
            problems.append(f"subplot titles {text!r} and {other!r} overlap")
    for a in fig.layout.annotations:
        yref = a.yref or "y"
        if yref.endswith("domain") and yref != "paper" and a.y is not None and not _in_top_band(a):
            if a.y > 1 or (a.y > 0.9 and a.yanchor not in ("top", "middle")):
                problems.append(f"annotation {a.text!r} reaches above its plot, over the subplot title")
    names = layout.legend_entries(fig)
    if names:
        lg = fig.layout.legend
        if lg.yref != "container" or (lg.y or 0) > 0.01 or lg.yanchor != "bottom":
            problems.append("the legend must sit at the bottom of the figure, below the x axis (yref container, y 0)")
        need = layout.x_axis_band(fig, font) + layout.legend_rows(names, font) * 1.2 * font
        if (margin.b or 0) < need:
            problems.append(f"bottom margin {margin.b} px cannot hold the x axis and the legend ({need:.0f} px)")
    sizes = [a.font.size for a in fig.layout.annotations if a.font.size] + [
        t.textfont.size for t in fig.data if getattr(t, "textfont", None) is not None
        and isinstance(t.textfont.size, (int, float))]
    small = [s for s in sizes if s < 0.8 * font]
    if small:
        problems.append(f"text of {small} px next to a base font of {font} px")
    gl = [i for i, t in enumerate(fig.data) if t.type == "scattergl"]
    if gl:
        hidden = [t.name for t in fig.data if t.type == "scatter" and (t.visible is not False)]
        if hidden:
            problems.append(f"SVG traces {hidden} are drawn under the WebGL canvas: make them WebGL too")
    return problems


def _calls():
    for name, samples in SAMPLES.items():
        for i, kwargs in enumerate(samples):
            yield pytest.param(name, kwargs, id=f"{name.removeprefix('figures.')}-{i}")


@pytest.fixture
def presenter_mode():
    layout.set_presenter(True)
    yield
    layout.set_presenter(False)


@pytest.mark.parametrize("name,kwargs", list(_calls()))
def test_layout_rules_normal_and_presenter(name, kwargs):
    fn = builders()[name]
    layout.set_presenter(False)
    normal = fn(**kwargs)
    assert check_rules(normal) == [], name
    layout.set_presenter(True)
    try:
        big = fn(**kwargs)
    finally:
        layout.set_presenter(False)
    assert check_rules(big) == [], name
    assert _font(big) >= 18 and _font(big) > _font(normal)
    assert big.layout.height > normal.layout.height
    if normal.layout.title.text:
        assert big.layout.title.font.size > normal.layout.title.font.size


def test_the_rules_catch_the_old_layout():
    """The checker itself: the layout every figure had before (legend at y=-0.15 of the plot, a 10 px top margin
    under subplot titles) breaks the rules."""
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=2, subplot_titles=("f(x)", "f′(x)"))
    fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], name="a"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[0, 1], y=[1, 0], name="b"), row=1, col=2)
    fig.update_layout(margin=dict(l=10, r=10, t=10, b=10), font=dict(size=14), legend=dict(orientation="h", y=-0.15))
    problems = " ".join(check_rules(fig))
    assert "top margin" in problems and "legend" in problems
