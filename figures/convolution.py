"""Figures for the convolution playground: a photo, a kernel, a filter's output, the numeric grid, channel maps."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from figures.palette import DIVERGING, NEGATIVE, base_layout

GREY = [[0.0, "#000000"], [1.0, "#FFFFFF"]]
RING, INPUT, UNDER = "#CFE8F7", "#FFFFFF", "#FFE2A8"  # padding and spreading zeros light blue, as in the slides


def _square(fig: go.Figure, row: int | None = None, col: int | None = None) -> None:
    kw = {} if row is None else dict(row=row, col=col)
    fig.update_xaxes(showticklabels=False, showgrid=False, zeroline=False, constrain="domain", **kw)
    fig.update_yaxes(showticklabels=False, showgrid=False, zeroline=False, autorange="reversed", constrain="domain",
                     **kw)


def photo_figure(pixels: np.ndarray, title: str, height: int = 320) -> go.Figure:
    z = (np.clip(pixels, 0, 1) * 255).round().astype(np.uint8)
    fig = go.Figure(go.Image(z=z, name="photo", hovertemplate="x %{x}, y %{y}: RGB %{z}<extra></extra>"))
    _square(fig)
    fig.update_yaxes(scaleanchor="x")
    return base_layout(fig, title, height)


def kernel_figure(weights: np.ndarray, kernel: np.ndarray | None, title: str, height: int = 320) -> go.Figure:
    """A spatial kernel as numbers on a blue (+) / orange (-) grid; the 1x1 RGB filter as its three weights."""
    if kernel is None:
        z = np.asarray(weights).reshape(1, 3)
        x = ["red", "green", "blue"]
        y = ["weight"]
    else:
        z = np.asarray(kernel, dtype=float)
        x = y = None
    top = float(np.abs(z).max()) or 1.0
    fig = go.Figure(go.Heatmap(z=z, x=x, y=y, text=[[f"{v:.3g}" for v in row] for row in z], texttemplate="%{text}",
                               textfont=dict(size=18), colorscale=DIVERGING, zmin=-top, zmax=top, showscale=False,
                               xgap=2, ygap=2, name="kernel", hovertemplate="weight %{z:.4g}<extra></extra>"))
    fig.update_xaxes(showgrid=False, zeroline=False, showticklabels=kernel is None, constrain="domain")
    fig.update_yaxes(showgrid=False, zeroline=False, showticklabels=False, autorange="reversed", constrain="domain",
                     scaleanchor="x")
    return base_layout(fig, title, height)


def output_figure(values: np.ndarray, lo: float, hi: float, title: str, height: int = 320) -> go.Figure:
    """The raw response, drawn from its minimum (black) to its maximum (white); the colour bar gives the numbers."""
    fig = go.Figure(go.Heatmap(z=values, colorscale=GREY, zmin=lo, zmax=hi if hi > lo else lo + 1, name="output",
                               colorbar=dict(thickness=12, len=0.9),
                               hovertemplate="x %{x}, y %{y}: %{z:.3f}<extra></extra>"))
    _square(fig)
    fig.update_yaxes(scaleanchor="x")
    return base_layout(fig, title, height)


def _cells(values: np.ndarray, fmt) -> list[list[str]]:
    return [[fmt(v) for v in row] for row in values]


def _number(v: float) -> str:
    if np.isneginf(v):
        return "−∞"
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.2f}"


def _outline(fig: go.Figure, r0: int, c0: int, size: int, colour: str, col: int) -> None:
    fig.add_shape(type="rect", x0=c0 - 0.5, x1=c0 + size - 0.5, y0=r0 - 0.5, y1=r0 + size - 0.5,
                  line=dict(color=colour, width=4), row=1, col=col)


def grid_figure(view, position: int, height: int = 430) -> go.Figure:
    """Field (input with its padding rings or spreading zeros), the weights, and the output; the window at
    `position` outlined on the field and its result outlined on the output. Every number is the view's."""
    k = view.windows.shape[-1]
    r0, c0 = view.window_origin(position)
    oi, oj = divmod(position, view.output.shape[1])
    widths = [view.field.shape[1], k if view.weights is not None else 0.001, view.output.shape[1]]
    titles = ["input" + (" with padding" if (~view.is_input).any() else ""),
              "weights" if view.weights is not None else "", "output"]
    fig = make_subplots(rows=1, cols=3, column_widths=widths, subplot_titles=titles, horizontal_spacing=0.05)
    under = np.zeros(view.field.shape, dtype=bool)
    under[r0:r0 + k, c0:c0 + k] = True
    kind = np.where(view.is_input, 2, 0) + under  # 0 ring, 1 ring under window, 2 input, 3 input under window
    scale = [[0, RING], [0.25, RING], [0.25, UNDER], [0.5, UNDER], [0.5, INPUT], [0.75, INPUT], [0.75, UNDER],
             [1, UNDER]]
    fig.add_trace(go.Heatmap(z=kind, zmin=-0.5, zmax=3.5, colorscale=scale, showscale=False, xgap=1, ygap=1,
                             text=_cells(view.field, _number), texttemplate="%{text}", textfont=dict(size=15),
                             customdata=view.field, name="field", hovertemplate="%{text}<extra></extra>"), 1, 1)
    _outline(fig, r0, c0, k, NEGATIVE, 1)
    if view.weights is not None:
        fig.add_trace(go.Heatmap(z=view.weights, colorscale=DIVERGING, zmid=0, showscale=False, xgap=1, ygap=1,
                                 text=_cells(view.weights, _number), texttemplate="%{text}", textfont=dict(size=15),
                                 name="weights", hovertemplate="%{text}<extra></extra>"), 1, 2)
    done = np.zeros(view.output.shape)
    done.ravel()[:position + 1] = 1  # outputs already computed by the sweep so far are shaded
    fig.add_trace(go.Heatmap(z=done, zmin=0, zmax=1, colorscale=[[0, "#FFFFFF"], [1, "#E3EEF7"]], showscale=False,
                             xgap=1, ygap=1, text=_cells(view.output, _number), texttemplate="%{text}",
                             textfont=dict(size=15), customdata=view.output, name="output",
                             hovertemplate="%{text}<extra></extra>"), 1, 3)
    _outline(fig, oi, oj, 1, NEGATIVE, 3)
    for col in (1, 2, 3):
        _square(fig, 1, col)
    fig.update_yaxes(scaleanchor="x", row=1, col=1)
    fig.update_yaxes(scaleanchor="x2", row=1, col=2)
    fig.update_yaxes(scaleanchor="x3", row=1, col=3)
    fig.update_layout(showlegend=False)  # heatmaps only: no legend to make room for
    return base_layout(fig, None, height)


def step_sum_text(view, position: int) -> str:
    """The arithmetic at one position, e.g. '3×1 + 5×0 + … = 12' (only the view's own numbers)."""
    window = view.windows[position]
    if view.weights is not None:
        pairs = zip(window.ravel(), view.weights.ravel(), strict=True)
        terms = [f"{_number(a)}×{_number(b) if b >= 0 else '(' + _number(b) + ')'}" for a, b in pairs if b != 0]
        return " + ".join(terms or ["0"]) + f" = {_number(view.reduced[position])}"
    shown = ", ".join(_number(v) for v in window.ravel())
    op = "max" if view.config.mode == "max_pool" else "mean"
    return f"{op}({shown}) = {_number(view.reduced[position])}"


def channels_figure(maps: np.ndarray, labels: list[str], ranges, height: int = 300) -> go.Figure:
    """One grey map per output channel, each stretched over its own range (given under it)."""
    n = len(maps)
    fig = make_subplots(rows=1, cols=n, subplot_titles=list(labels), horizontal_spacing=0.02)
    for c, (m, (lo, hi)) in enumerate(zip(maps, ranges, strict=True), 1):
        fig.add_trace(go.Heatmap(z=m, colorscale=GREY, zmin=lo, zmax=hi if hi > lo else lo + 1, showscale=False,
                                 name=labels[c - 1], hovertemplate="%{z:.3f}<extra></extra>"), 1, c)
        _square(fig, 1, c)
        fig.update_yaxes(scaleanchor=f"x{c if c > 1 else ''}", row=1, col=c)
        fig.update_xaxes(title=f"[{lo:.2f}, {hi:.2f}]", row=1, col=c)  # under the map: one-line titles fit
    fig.update_layout(showlegend=False)  # heatmaps only: no legend to make room for
    return base_layout(fig, None, height)
