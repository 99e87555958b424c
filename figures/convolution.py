"""Figures for the convolution playground: a photo, a kernel, a filter's output, the numeric grid, channel maps."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from figures.palette import DIVERGING, NEGATIVE, base_layout

GREY = [[0.0, "#000000"], [1.0, "#FFFFFF"]]
RING, INPUT, UNDER = "#CFE8F7", "#FFFFFF", "#FFE2A8"  # padding and spreading zeros light blue, as in the slides


def _square(fig: go.Figure) -> None:
    fig.update_xaxes(showticklabels=False, showgrid=False, zeroline=False, constrain="domain")
    fig.update_yaxes(showticklabels=False, showgrid=False, zeroline=False, autorange="reversed", constrain="domain")


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


def _outline(r0: int, c0: int, size: int, colour: str, col: int) -> dict:
    suffix = str(col) if col > 1 else ""
    return dict(type="rect", x0=c0 - 0.5, x1=c0 + size - 0.5, y0=r0 - 0.5, y1=r0 + size - 0.5,
                line=dict(color=colour, width=4), xref=f"x{suffix}", yref=f"y{suffix}")


def _row_layout(titles, spacing: float, widths=None, x_titles=None) -> dict:
    """The layout make_subplots(rows=1, cols=n, column_widths, subplot_titles, horizontal_spacing) gives, with
    square, unlabelled axes, written out in one go: make_subplots and per-subplot axis updates cost several times
    the whole figure, and the grid is rebuilt on every move of its sliders."""
    n = len(titles)
    widths = np.ones(n) if widths is None else np.asarray(widths, dtype=float)
    widths = widths / widths.sum() * (1 - spacing * (n - 1))
    starts = np.concatenate([[0.0], np.cumsum(widths + spacing)[:-1]])
    layout, annotations = dict(showlegend=False), []  # heatmaps only: no legend to make room for
    for c, (start, width, title) in enumerate(zip(starts, widths, titles, strict=True), 1):
        suffix = str(c) if c > 1 else ""
        layout[f"xaxis{suffix}"] = dict(anchor=f"y{suffix}", domain=[start, start + width], showticklabels=False,
                                        showgrid=False, zeroline=False, constrain="domain")
        if x_titles is not None:
            layout[f"xaxis{suffix}"]["title"] = x_titles[c - 1]
        layout[f"yaxis{suffix}"] = dict(anchor=f"x{suffix}", domain=[0.0, 1.0], showticklabels=False, showgrid=False,
                                        zeroline=False, autorange="reversed", constrain="domain",
                                        scaleanchor=f"x{suffix}")
        if title:  # make_subplots leaves an empty title out
            annotations.append(dict(text=title, x=start + width / 2, y=1.0, xref="paper", yref="paper",
                                    xanchor="center", yanchor="bottom", showarrow=False, font=dict(size=16)))
    layout["annotations"] = annotations
    return layout


def grid_figure(view, position: int, height: int = 430) -> go.Figure:
    """Field (input with its padding rings or spreading zeros), the weights, and the output; the window at
    `position` outlined on the field and its result outlined on the output. Every number is the view's."""
    k = view.windows.shape[-1]
    r0, c0 = view.window_origin(position)
    oi, oj = divmod(position, view.output.shape[1])
    widths = [view.field.shape[1], k if view.weights is not None else 0.001, view.output.shape[1]]
    titles = ["input" + (" with padding" if (~view.is_input).any() else ""),
              "weights" if view.weights is not None else "", "output"]
    layout = _row_layout(titles, 0.05, widths)
    under = np.zeros(view.field.shape, dtype=bool)
    under[r0:r0 + k, c0:c0 + k] = True
    kind = np.where(view.is_input, 2, 0) + under  # 0 ring, 1 ring under window, 2 input, 3 input under window
    scale = [[0, RING], [0.25, RING], [0.25, UNDER], [0.5, UNDER], [0.5, INPUT], [0.75, INPUT], [0.75, UNDER],
             [1, UNDER]]
    traces = [go.Heatmap(z=kind, zmin=-0.5, zmax=3.5, colorscale=scale, showscale=False, xgap=1, ygap=1,
                         text=_cells(view.field, _number), texttemplate="%{text}", textfont=dict(size=15),
                         customdata=view.field, name="field", hovertemplate="%{text}<extra></extra>", xaxis="x",
                         yaxis="y")]
    if view.weights is not None:
        traces.append(go.Heatmap(z=view.weights, colorscale=DIVERGING, zmid=0, showscale=False, xgap=1, ygap=1,
                                 text=_cells(view.weights, _number), texttemplate="%{text}", textfont=dict(size=15),
                                 name="weights", hovertemplate="%{text}<extra></extra>", xaxis="x2", yaxis="y2"))
    done = np.zeros(view.output.shape)
    done.ravel()[:position + 1] = 1  # outputs already computed by the sweep so far are shaded
    traces.append(go.Heatmap(z=done, zmin=0, zmax=1, colorscale=[[0, "#FFFFFF"], [1, "#E3EEF7"]], showscale=False,
                             xgap=1, ygap=1, text=_cells(view.output, _number), texttemplate="%{text}",
                             textfont=dict(size=15), customdata=view.output, name="output",
                             hovertemplate="%{text}<extra></extra>", xaxis="x3", yaxis="y3"))
    layout["shapes"] = [_outline(r0, c0, k, NEGATIVE, 1), _outline(oi, oj, 1, NEGATIVE, 3)]
    return base_layout(go.Figure(data=traces, layout=layout), None, height)


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
    traces = [go.Heatmap(z=m, colorscale=GREY, zmin=lo, zmax=hi if hi > lo else lo + 1, showscale=False,
                         name=labels[c], hovertemplate="%{z:.3f}<extra></extra>", xaxis=f"x{c + 1 if c else ''}",
                         yaxis=f"y{c + 1 if c else ''}")
              for c, (m, (lo, hi)) in enumerate(zip(maps, ranges, strict=True))]
    layout = _row_layout(list(labels), 0.02, x_titles=[f"[{lo:.2f}, {hi:.2f}]" for lo, hi in ranges])  # under each map
    return base_layout(go.Figure(data=traces, layout=layout), None, height)
