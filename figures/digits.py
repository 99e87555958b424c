"""Small grids of digit images."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from figures.palette import base_layout


def digit_grid(images: np.ndarray, labels: np.ndarray, per_row: int = 10) -> go.Figure:
    """Images (N, 1, 28, 28) in [0, 1] tiled in rows, each labelled above."""
    n = len(images)
    rows = -(-n // per_row)
    tile = np.ones((rows * 30, per_row * 30))
    for i, img in enumerate(images):
        r, c = divmod(i, per_row)
        tile[r * 30 + 1: r * 30 + 29, c * 30 + 1: c * 30 + 29] = 1 - img[0]
    fig = go.Figure(go.Heatmap(z=tile, colorscale="Greys", reversescale=True, showscale=False, hoverinfo="skip"))
    for i, label in enumerate(labels):
        r, c = divmod(i, per_row)
        fig.add_annotation(x=c * 30 + 15, y=r * 30 + 3, text=str(int(label)), showarrow=False,
                           font=dict(size=12, color="#0072B2"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x")
    return base_layout(fig, None, height=70 * rows + 20)
