"""Pictures in a grid: photos, perturbations and feature maps side by side, shared by the image pages."""
from __future__ import annotations

import math
import textwrap

import numpy as np
import plotly.graph_objects as go

from figures.palette import SEQUENTIAL, base_layout
from figures.subplots import subplots


def to_uint8(pixels: np.ndarray) -> np.ndarray:
    """(H, W, 3) or (H, W) floats in [0, 1] as (H, W, 3) bytes for go.Image."""
    pixels = np.asarray(pixels, dtype=np.float32)
    if pixels.ndim == 3 and pixels.shape[2] == 1:
        pixels = pixels[..., 0]
    if pixels.ndim == 2:
        pixels = np.repeat(pixels[..., None], 3, axis=2)
    return (np.clip(np.nan_to_num(pixels), 0, 1) * 255).round().astype(np.uint8)


def image_grid(panels: list[np.ndarray], titles: list[str], cols: int | None = None, heatmap: bool = False,
               height_per_row: int = 260, title: str | None = None) -> go.Figure:
    """Each panel a photo ((H, W, 3) in [0, 1]) or, with heatmap=True, a map (H, W) drawn in a sequential scale
    (each map on its own range, stated in its title by the caller)."""
    n = len(panels)
    cols = cols or min(n, 4)
    rows = math.ceil(n / cols)
    # a long title (a painting's name) on two lines rather than wider than its picture: ~24 characters fit
    # above each of four pictures on a 1280 px laptop with the sidebar open
    titles = ["<br>".join(textwrap.wrap(t, max(12, 96 // cols), max_lines=2, placeholder=" …")) for t in titles]
    fig = subplots(rows=rows, cols=cols, subplot_titles=titles, horizontal_spacing=0.02,
                   vertical_spacing=0.08 if rows > 1 else 0.0)
    for i, panel in enumerate(panels):
        r, c = i // cols + 1, i % cols + 1
        if heatmap:
            fig.add_trace(go.Heatmap(z=np.asarray(panel)[::-1], colorscale=SEQUENTIAL, showscale=False,
                                     hovertemplate="response %{z:.2f}<extra></extra>"), row=r, col=c)
        else:
            fig.add_trace(go.Image(z=to_uint8(panel), hoverinfo="skip"), row=r, col=c)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    if heatmap:
        fig.update_yaxes(scaleanchor="x")
    return base_layout(fig, title, height=height_per_row * rows + (40 if title else 0))
