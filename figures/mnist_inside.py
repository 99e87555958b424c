"""Inside the MNIST networks: first-layer filters as images, feature maps layer by layer, and the stages a drawn
digit goes through before the network sees it."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from figures import layout
from figures.mnist import INK
from figures.palette import DIVERGING, SEQUENTIAL, base_layout
from figures.subplots import subplots


def filters_figure(weights: np.ndarray, per_row: int = 8, title: str | None = None) -> go.Figure:
    """First-layer 3x3 kernels (C, 1, k, k): blue adds where the image is inked, orange subtracts."""
    weights = np.asarray(weights)[:, 0]
    n, k = len(weights), weights.shape[-1]
    rows = -(-n // per_row)
    fig = subplots(rows, per_row, horizontal_spacing=0.01, vertical_spacing=0.02,
                   subplot_titles=[f"filter {i + 1}" for i in range(n)])
    limit = float(np.abs(weights).max()) or 1.0
    for i, w in enumerate(weights):
        fig.add_trace(go.Heatmap(z=w, colorscale=DIVERGING, zmin=-limit, zmax=limit, showscale=i == 0,
                                 name=f"filter {i + 1}", hovertemplate="%{z:.2f}<extra></extra>"),
                      row=i // per_row + 1, col=i % per_row + 1)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, autorange="reversed")
    fig.update_annotations(font_size=10)
    return base_layout(fig, title, height=90 * rows + 50 + 20 * (k > 3))


def feature_maps_figure(maps: list[tuple[str, np.ndarray]], channels: int = 8, title: str | None = None) -> go.Figure:
    """One row per layer: the first `channels` maps (C, H, W) that layer computes for one digit."""
    rows = len(maps)
    fig = subplots(rows, channels, horizontal_spacing=0.01, vertical_spacing=0.04,
                   row_titles=[f"{name} {m.shape[1]}×{m.shape[2]}" for name, m in maps])
    for r, (name, m) in enumerate(maps, start=1):
        for c in range(min(channels, len(m))):
            fig.add_trace(go.Heatmap(z=m[c], colorscale=SEQUENTIAL, showscale=False, name=f"{name} {c + 1}",
                                     hovertemplate="%{z:.2f}<extra></extra>"), row=r, col=c + 1)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x")
    fig.update_annotations(font_size=11, textangle=0, xanchor="left", x=1.0)
    base_layout(fig, title, height=110 * rows + 40)
    # the row titles ("conv1 26×26") stand right of the maps: room for them at their size, normal or presenter
    # (base_layout's margin is 10 px: they were cut at the side on a 1280 px laptop)
    right = max(len(str(a.text)) * layout.CHAR * (a.font.size or layout.sizes().font) for a in fig.layout.annotations)
    layout.quick_update(fig, {"margin": {"r": round(right) + 12}})
    return fig


def stages_figure(cropped: np.ndarray, scaled: np.ndarray, image: np.ndarray, centre: tuple[float, float],
                  title: str | None = None, height: int = 230) -> go.Figure:
    """What the network sees: the ink cropped from the canvas, scaled to 20 pixels, centred by mass in 28x28."""
    fig = subplots(1, 3, subplot_titles=(f"cropped {cropped.shape[1]}×{cropped.shape[0]}",
                                         f"scaled {scaled.shape[1]}×{scaled.shape[0]}",
                                         "what it sees (28×28)"), horizontal_spacing=0.06)
    for col, (name, z) in enumerate((("cropped", cropped), ("scaled", scaled), ("model input", image)), start=1):
        fig.add_trace(go.Heatmap(z=z, colorscale=INK, zmin=0, zmax=1, showscale=False, name=name,
                                 hovertemplate="%{z:.2f}<extra></extra>"), row=1, col=col)
    fig.add_trace(go.Scatter(x=[centre[1]], y=[centre[0]], mode="markers", name="centre of mass",
                             marker=dict(symbol="x", size=10, color="#D55E00")), row=1, col=3)
    fig.add_shape(type="rect", x0=-0.5, x1=27.5, y0=-0.5, y1=27.5, line=dict(color="#999999"), row=1, col=3)
    fig.add_shape(type="rect", x0=3.5, x1=23.5, y0=3.5, y1=23.5, line=dict(color="#56B4E9", dash="dot"), row=1, col=3)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x")
    fig.update_yaxes(scaleanchor="x2", row=1, col=2)
    fig.update_yaxes(scaleanchor="x3", row=1, col=3)
    fig.update_layout(showlegend=False)
    base_layout(fig, title, height)
    fig.update_layout(margin=dict(t=60))  # room for the panel titles
    return fig

