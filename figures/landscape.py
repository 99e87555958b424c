"""A real network's loss over a plane through its trained weights, with the training trail projected onto it."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from figures.palette import NEGATIVE, SEQUENTIAL, base_layout

TRAIL_NAME = "training trail"
TRAINED_NAME = "trained weights"


def landscape_contour(surface: dict, trail_steps: list[int], title: str, height: int = 400) -> go.Figure:
    a, b = np.asarray(surface["alphas"]), np.asarray(surface["betas"])
    loss = np.asarray(surface["loss"])
    path = np.asarray(surface["path"])
    fig = go.Figure(go.Contour(x=a, y=b, z=np.log10(loss), colorscale=SEQUENTIAL, ncontours=24, name="log₁₀ loss",
                               colorbar=dict(title="log₁₀ loss", thickness=12),
                               hovertemplate="a %{x:.2f}, b %{y:.2f}: log₁₀ loss %{z:.2f}<extra></extra>"))
    fig.add_trace(go.Scatter(x=path[:, 0], y=path[:, 1], mode="lines+markers", name=TRAIL_NAME,
                             customdata=np.asarray(trail_steps), line=dict(color=NEGATIVE, width=2),
                             marker=dict(size=5, color=NEGATIVE), hovertemplate="step %{customdata}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[0.0], y=[0.0], mode="markers", name=TRAINED_NAME,
                             marker=dict(symbol="star", size=16, color="#FFFFFF", line=dict(width=2, color="#000000"))))
    fig.update_xaxes(title="direction 1 (a)", range=[a[0], a[-1]], constrain="domain")
    fig.update_yaxes(title="direction 2 (b)", range=[b[0], b[-1]])
    return base_layout(fig, title, height)


def landscape_surface(surface: dict, title: str, height: int = 400) -> go.Figure:
    loss = np.asarray(surface["loss"])
    fig = go.Figure(go.Surface(x=np.asarray(surface["alphas"]), y=np.asarray(surface["betas"]), z=np.log10(loss),
                               colorscale=SEQUENTIAL, showscale=False, name="log₁₀ loss"))
    fig.update_layout(scene=dict(xaxis_title="a", yaxis_title="b", zaxis_title="log₁₀ loss",
                                 camera=dict(eye=dict(x=1.5, y=-1.5, z=1.0))))
    return base_layout(fig, title, height)
