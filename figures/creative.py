"""Figures for deep dreaming and style transfer: how the objective moves, and Gram matrices side by side."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from figures.palette import SEQUENTIAL, base_layout, class_colour
from figures.subplots import subplots


def curves(history: dict[str, list], keys: list[str], title: str, log_y: bool = False, height: int = 300,
           span: float = 1.0) -> go.Figure:
    """One line per key against history["step"]; `span`: the share of the page it is drawn in (figures.layout)."""
    fig = go.Figure()
    for i, key in enumerate(keys):
        fig.add_trace(go.Scatter(x=history.get("step", []), y=history.get(key, []), name=key, mode="lines",
                                 line=dict(color=class_colour(i), width=3)))
    fig.update_xaxes(title="step")
    if log_y:
        fig.update_yaxes(type="log")
    return base_layout(fig, title, height=height, span=span)


def gram_figure(grams: dict[str, np.ndarray], layer: str, channels: int = 32, height: int = 330) -> go.Figure:
    """The first `channels` rows and columns of each Gram matrix, on one shared colour range so they compare."""
    names = list(grams)
    cut = {k: np.asarray(v)[:channels, :channels] for k, v in grams.items()}
    top = max(float(np.abs(v).max()) for v in cut.values()) or 1.0
    fig = subplots(rows=1, cols=len(names), subplot_titles=[f"{n}" for n in names], horizontal_spacing=0.04)
    for i, name in enumerate(names):
        fig.add_trace(go.Heatmap(z=cut[name], zmin=0, zmax=top, colorscale=SEQUENTIAL, showscale=i == len(names) - 1,
                                 name=name, hovertemplate="channels %{y} and %{x}: %{z:.3g}<extra></extra>"),
                      row=1, col=i + 1)
    fig.update_yaxes(autorange="reversed", showticklabels=False)
    fig.update_xaxes(showticklabels=False)
    fig.update_layout(showlegend=False)  # heatmaps only: no legend to make room for
    return base_layout(fig, f"Gram matrices, {layer}", height=height)
