"""Figures for the hierarchy of filters: the clickable binary picture, each layer's maps, labelled tables, goals."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from figures.palette import NEGATIVE, NEUTRAL, POSITIVE, base_layout

CLICK_NAME = "click a pixel to toggle it"
ON, OFF = "#1B1B1B", "#EDEDED"
BINARY = [[0, OFF], [0.5, OFF], [0.5, ON], [1, ON]]
FIRED = [[0, "#F4F4F4"], [0.5, "#F4F4F4"], [0.5, POSITIVE], [1, POSITIVE]]


def _grid_axes(fig: go.Figure) -> None:
    fig.update_xaxes(showticklabels=False, showgrid=False, zeroline=False, constrain="domain")
    fig.update_yaxes(showticklabels=False, showgrid=False, zeroline=False, autorange="reversed", constrain="domain",
                     scaleanchor="x")


def _row_of_grids(traces: list, titles: list[str], spacing: float, widths=None, title_font: dict | None = None
                  ) -> go.Figure:
    """Grids side by side, one subplot each, titled above: the layout make_subplots(rows=1, cols=n) gives, written
    out in one go (make_subplots and per-subplot axis updates cost several times the whole figure on every rerun)."""
    n = len(traces)
    widths = np.ones(n) if widths is None else np.asarray(widths, dtype=float)
    widths = widths / widths.sum() * (1 - spacing * (n - 1))
    starts = np.concatenate([[0.0], np.cumsum(widths + spacing)[:-1]])
    layout, annotations = {}, []
    for c, (trace, start, width, title) in enumerate(zip(traces, starts, widths, titles, strict=True), 1):
        suffix = str(c) if c > 1 else ""
        trace.update(xaxis=f"x{suffix}", yaxis=f"y{suffix}")
        layout[f"xaxis{suffix}"] = dict(anchor=f"y{suffix}", domain=[start, start + width], showticklabels=False,
                                        showgrid=False, zeroline=False, constrain="domain")
        layout[f"yaxis{suffix}"] = dict(anchor=f"x{suffix}", domain=[0.0, 1.0], showticklabels=False, showgrid=False,
                                        zeroline=False, autorange="reversed", constrain="domain",
                                        scaleanchor=f"x{suffix}")
        annotations.append(dict(text=title, x=start + width / 2, y=1.0, xref="paper", yref="paper", xanchor="center",
                                yanchor="bottom", showarrow=False, font=title_font or dict(size=16)))
    return go.Figure(data=traces, layout=dict(layout, annotations=annotations, showlegend=False))


def pixels_figure(pixels: np.ndarray, flipped: np.ndarray | None = None, click: bool = True,
                  title: str | None = None, height: int = 420) -> go.Figure:
    """The binary picture (dark = on). Pixels the visitor toggled wear an orange ring. With `click`, an invisible
    marker sits on every pixel so a click selects it (Plotly reports clicks on points, not on a heatmap)."""
    h, w = pixels.shape
    fig = go.Figure(go.Heatmap(z=pixels, zmin=0, zmax=1, colorscale=BINARY, showscale=False, xgap=1, ygap=1,
                               name="pixels", hovertemplate="row %{y}, column %{x}: %{z}<extra></extra>"))
    if flipped is not None and flipped.any():
        rows, cols = np.nonzero(flipped)
        fig.add_trace(go.Scatter(x=cols, y=rows, mode="markers", name="toggled by you", showlegend=False,
                                 marker=dict(size=16, symbol="square-open", color=NEGATIVE, line=dict(width=3)),
                                 hoverinfo="skip"))
    if click:
        rows, cols = np.mgrid[0:h, 0:w]
        fig.add_trace(go.Scatter(x=cols.ravel(), y=rows.ravel(), mode="markers", name=CLICK_NAME, showlegend=False,
                                 marker=dict(size=22, symbol="square", opacity=0.0, color="#000000"),
                                 hovertemplate="toggle row %{y}, column %{x}<extra></extra>"))
    _grid_axes(fig)
    fig.update_xaxes(range=[-0.5, w - 0.5])
    fig.update_yaxes(range=[h - 0.5, -0.5], autorange=False)
    fig = base_layout(fig, title, height)
    fig.update_layout(clickmode="event+select", dragmode=False)
    return fig


def maps_figure(maps: np.ndarray, names, title: str | None = None, height: int = 240,
                texts: list[list[list[str]]] | None = None) -> go.Figure:
    """A row of 0/1 maps, one per filter (blue where it fires), each titled with its name and how often it fires."""
    titles = [f"{name}: {int((m > 0).sum())}" for name, m in zip(names, maps, strict=True)]
    traces = [go.Heatmap(z=(m > 0).astype(int), zmin=0, zmax=1, colorscale=FIRED, showscale=False, xgap=1, ygap=1,
                         name=str(names[c]), hovertemplate="row %{y}, column %{x}: %{z}<extra></extra>",
                         **(dict(text=texts[c], texttemplate="%{text}") if texts else {}))
              for c, m in enumerate(maps)]
    fig = _row_of_grids(traces, titles, 0.03)  # heatmaps only: no legend to make room for
    return base_layout(fig, title, height)


def labels_figure(labels: list[list[str]], title: str, height: int = 300) -> go.Figure:
    """A map labelled with every filter on at each cell ('TQ', 'RL'): the slides' flat picture of a stack of maps."""
    z = np.array([[1 if cell else 0 for cell in row] for row in labels])
    fig = go.Figure(go.Heatmap(z=z, zmin=0, zmax=1, colorscale=FIRED, showscale=False, xgap=2, ygap=2,
                               text=labels, texttemplate="%{text}", textfont=dict(size=16, color="#FFFFFF"),
                               name="labels", hovertemplate="%{text}<extra></extra>"))
    _grid_axes(fig)
    return base_layout(fig, title, height)


def filters_figure(pictures: dict[str, np.ndarray], height: int = 170) -> go.Figure:
    """Small pixel pictures of filters side by side (T, Q, L, R; or the 4x4 eye, nose and mouth)."""
    traces = [go.Heatmap(z=pic, zmin=0, zmax=1, colorscale=BINARY, showscale=False, xgap=2, ygap=2, name=name,
                         hoverinfo="skip") for name, pic in pictures.items()]
    fig = _row_of_grids(traces, list(pictures), 0.04, widths=[p.shape[1] for p in pictures.values()])
    return base_layout(fig, None, height)


def goals_figure(goals: dict[str, str], cells: dict[str, np.ndarray], matched: dict[str, bool],
                 height: int = 260) -> go.Figure:
    """Each 3x3 goal: a wanted part that is there in blue, one that is missing in orange, don't-care in grey."""
    names = list(goals)
    titles = [f"{n}: {'MATCH ✓' if matched[n] else 'no match ✗'}" for n in names]
    scale = [[0, NEUTRAL], [1 / 3, NEUTRAL], [1 / 3, NEGATIVE], [2 / 3, NEGATIVE], [2 / 3, POSITIVE], [1, POSITIVE]]
    traces = [go.Heatmap(z=cells[n], zmin=-1.5, zmax=1.5, colorscale=scale, showscale=False, xgap=3, ygap=3,
                         text=[list(goals[n][r * 3:r * 3 + 3].replace("x", "×")) for r in range(3)],
                         texttemplate="%{text}", textfont=dict(size=20, color="#FFFFFF"), name=n,
                         hovertemplate="%{text}<extra></extra>") for n in names]
    fig = _row_of_grids(traces, titles, 0.06, title_font=dict(size=16, color="#000000"))
    return base_layout(fig, None, height)
