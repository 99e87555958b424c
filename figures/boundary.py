"""Figures for the Classification boundaries page: decision regions, training curves, errors per class."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from figures.palette import NEGATIVE, POSITIVE, base_layout, class_colour, on_white

CLICK_GRID_NAME = "click anywhere to add a point"
CLASS_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x")  # shape as well as colour tells classes apart


def region_colourscale(n_classes: int) -> list:
    """Band k of [0, 1] is class k, from pale (unsure) to its light colour (sure)."""
    scale = []
    for k in range(n_classes):
        colour = class_colour(k)
        scale += [[k / n_classes, on_white(colour, 0.08)], [(k + 1) / n_classes, on_white(colour, 0.6)]]
    return scale


def region_values(probs: np.ndarray) -> np.ndarray:
    """Winning class + how sure (0 = a coin toss between all classes, just under 1 = certain), for the colourscale."""
    n_classes = probs.shape[-1]
    best = probs.argmax(-1)
    sure = (probs.max(-1) - 1 / n_classes) / (1 - 1 / n_classes)
    return best + np.clip(sure, 0.0, 0.999)


def decision_figure(xs, ys, probs, train_x, train_y, test_x, test_y, class_names, *, added=None,
                    click_grid: int = 0, title: str | None = None, height: int = 460) -> go.Figure:
    """Decision regions as a heatmap, training points filled, test points hollow, clicked-in points as stars.

    `click_grid` > 0 lays an invisible click_grid x click_grid scatter over the plot so a click anywhere
    selects a point (Plotly only reports clicks on points, not on a heatmap)."""
    probs = np.asarray(probs)
    n_classes = probs.shape[-1]
    fig = go.Figure(go.Heatmap(x=xs, y=ys, z=region_values(probs), zmin=0, zmax=n_classes, showscale=False,
                               colorscale=region_colourscale(n_classes), hoverinfo="skip", name="decision regions"))
    if click_grid:
        gx, gy = np.meshgrid(np.linspace(xs[0], xs[-1], click_grid), np.linspace(ys[0], ys[-1], click_grid))
        fig.add_trace(go.Scatter(x=gx.ravel(), y=gy.ravel(), mode="markers", name=CLICK_GRID_NAME, showlegend=False,
                                 marker=dict(size=12, opacity=0.0, color="#000000"),
                                 hovertemplate="add a point at (%{x:.2f}, %{y:.2f})<extra></extra>"))
    for split, x, y, style in (("train", train_x, train_y, "filled"), ("test", test_x, test_y, "open")):
        x, y = np.asarray(x), np.asarray(y)
        for k in range(n_classes):
            pts = x[y == k]
            symbol = CLASS_SYMBOLS[k % len(CLASS_SYMBOLS)]
            marker = (dict(size=8, color=class_colour(k), symbol=symbol, line=dict(width=1, color="#FFFFFF"))
                      if style == "filled" else
                      dict(size=9, color=class_colour(k), symbol=f"{symbol}-open", line=dict(width=2)))
            fig.add_trace(go.Scatter(x=pts[:, 0], y=pts[:, 1], mode="markers", marker=marker,
                                     name=f"{class_names[k]} {split}",
                                     legendgroup=split, hovertemplate=f"{class_names[k]} ({split})<extra></extra>"))
    if added is not None and len(added):
        added = np.asarray(added, dtype=float)
        colours = [class_colour(int(c)) for c in added[:, 2]]
        fig.add_trace(go.Scatter(x=added[:, 0], y=added[:, 1], mode="markers", name="added by you",
                                 marker=dict(size=15, symbol="star", color=colours,
                                             line=dict(width=1.5, color="#000000")),
                                 hovertemplate="added (%{x:.2f}, %{y:.2f})<extra></extra>"))
    fig.update_xaxes(range=[xs[0], xs[-1]], title="x1", constrain="domain")
    fig.update_yaxes(range=[ys[0], ys[-1]], title="x2", scaleanchor="x", constrain="domain")
    fig = base_layout(fig, title, height=height)
    fig.update_layout(clickmode="event+select")
    return fig


def curves_figure(history: dict, height: int = 460) -> go.Figure:
    """Loss (top) and accuracy (bottom) on the training and test sets, per logged step."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.16)
    steps = history.get("step", [])
    for split, colour, dash in (("train", POSITIVE, "solid"), ("test", NEGATIVE, "dash")):
        for row, metric in ((1, "loss"), (2, "acc")):
            fig.add_trace(go.Scatter(x=steps, y=history.get(f"{split}_{metric}", []), mode="lines", name=split,
                                     legendgroup=split, showlegend=row == 1,
                                     line=dict(color=colour, dash=dash, width=2.5)),
                          row=row, col=1)
    fig.update_yaxes(rangemode="tozero", title="loss", row=1, col=1)
    fig.update_yaxes(range=[0, 1.02], title="accuracy", row=2, col=1)
    fig.update_xaxes(title="training step", row=2, col=1)
    return base_layout(fig, None, height=height)


def errors_figure(train_errors, test_errors, train_counts, test_counts, class_names, height: int = 280) -> go.Figure:
    """Mistakes per class: solid bars on the training set, hatched on the test set, labelled with the count.
    The favoured class of a policy should sink here while the others rise."""
    names = list(class_names)
    colours = [class_colour(k) for k in range(len(names))]
    fig = go.Figure()
    splits = (("train", train_errors, train_counts, ""), ("test", test_errors, test_counts, "/"))
    for split, errors, totals, pattern in splits:
        fig.add_trace(go.Bar(x=names, y=list(errors), name=split, marker=dict(color=colours, pattern_shape=pattern),
                             text=[str(e) for e in errors], textposition="outside", customdata=list(totals),
                             hovertemplate=f"class %{{x}} ({split}): %{{y}} of %{{customdata}} wrong<extra></extra>"))
    top = max([1, *train_errors, *test_errors])
    fig.update_yaxes(title="points wrong", range=[0, top * 1.3 + 1])
    fig.update_layout(barmode="group")
    return base_layout(fig, "Mistakes per class", height=height)
