"""Figures for the Eigendogs page: the elephant's features and the empty direction, three photos mixed and
rebuilt from three numbers, image grids (augmented photos, eigen-images, reconstructions), explained variance."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from figures.palette import DIVERGING, NEGATIVE, NEUTRAL, POSITIVE, base_layout, class_colour

GRAY = [[0.0, "#000000"], [1.0, "#FFFFFF"]]
FLOOR = 1e-6  # shares below this are drawn as a stub at the bottom of a log axis (the label gives the value)


def mosaic(images: np.ndarray, per_row: int, gap: int = 1) -> np.ndarray:
    """Images (n, h, w[, c]) tiled per_row across with `gap` pixels of NaN (or white for RGB) between them."""
    images = np.asarray(images, dtype=np.float64)
    n, h, w = images.shape[:3]
    rows = -(-n // per_row)
    shape = (rows * (h + gap) - gap, per_row * (w + gap) - gap) + images.shape[3:]
    out = np.full(shape, np.nan if images.ndim == 3 else 1.0)
    for i, image in enumerate(images):
        r, c = divmod(i, per_row)
        out[r * (h + gap):r * (h + gap) + h, c * (w + gap):c * (w + gap) + w] = image
    return out


def _image_axes(fig: go.Figure, row=None, col=None) -> None:
    fig.update_xaxes(visible=False, scaleanchor="y" if row is None else None, row=row, col=col)
    fig.update_yaxes(visible=False, autorange="reversed", row=row, col=col)


def image_grid(images: np.ndarray, per_row: int, name: str, signed: bool = False, height: int = 300,
               title: str | None = None) -> go.Figure:
    """Grayscale images as one heatmap; signed ones (eigen-images) on the diverging scale, centred at 0."""
    z = mosaic(images, per_row)
    if signed:
        top = float(np.nanmax(np.abs(z))) or 1.0
        trace = go.Heatmap(z=z, colorscale=DIVERGING, zmin=-top, zmax=top, showscale=False, name=name,
                           hoverinfo="skip")
    else:
        trace = go.Heatmap(z=z, colorscale=GRAY, zmin=float(np.nanmin(z)), zmax=float(np.nanmax(z)),
                           showscale=False, name=name, hoverinfo="skip")
    fig = go.Figure(trace)
    _image_axes(fig)
    return base_layout(fig, title, height)


def rgb_grid(images: np.ndarray, per_row: int, name: str, height: int = 300, title: str | None = None) -> go.Figure:
    z = (np.clip(mosaic(images, per_row), 0, 1) * 255).round().astype(np.uint8)
    fig = go.Figure(go.Image(z=z, name=name, hoverinfo="skip"))
    _image_axes(fig)
    return base_layout(fig, title, height)


def _columns(widths, spacing: float) -> list[list[float]]:
    """Each column's x domain: what make_subplots(rows=1, cols=n, column_widths, horizontal_spacing) gives."""
    widths = np.asarray(widths, dtype=float)
    widths = widths / widths.sum() * (1 - spacing * (len(widths) - 1))
    starts = np.concatenate([[0.0], np.cumsum(widths + spacing)[:-1]])
    return [[float(a), float(a + w)] for a, w in zip(starts, widths, strict=True)]


def elephant_figure(x: np.ndarray, ratio: np.ndarray, last: np.ndarray, features, height: int = 360) -> go.Figure:
    """Age against ear size (a line: one is the other); each component's share of the variance; what the last,
    empty component is made of. Three subplots laid out in one go: make_subplots and per-subplot axis updates cost
    several times the whole figure on every rerun."""
    domains = _columns([0.34, 0.33, 0.33], 0.1)
    titles = ("ear size follows age", "share of variance", "the empty direction")
    traces = [
        go.Scatter(x=x[:, 0], y=x[:, 2], mode="markers", name="elephants", xaxis="x", yaxis="y",
                   marker=dict(size=6, color=POSITIVE, opacity=0.7)),
        go.Bar(x=[f"PC{i + 1}" for i in range(len(ratio))], y=np.maximum(ratio, 3 * FLOOR), customdata=ratio,
               name="share of variance", hovertemplate="%{customdata:.3g}<extra></extra>",
               marker_color=[POSITIVE] * (len(ratio) - 1) + [NEGATIVE],
               text=[f"{r:.1%}" if r >= 1e-3 else f"{r:.0e}" for r in ratio], textposition="outside",
               xaxis="x2", yaxis="y2"),
        go.Bar(x=[f.split(" (")[0] for f in features], y=last, name="last component",
               marker_color=[class_colour(i) for i in range(len(features))], xaxis="x3", yaxis="y3"),
    ]
    layout = dict(showlegend=False, annotations=[
        dict(text=t, x=(d[0] + d[1]) / 2, y=1.0, xref="paper", yref="paper", xanchor="center", yanchor="bottom",
             showarrow=False, font=dict(size=16)) for t, d in zip(titles, domains, strict=True)])
    for c, domain in enumerate(domains, 1):
        suffix = str(c) if c > 1 else ""
        layout[f"xaxis{suffix}"] = dict(anchor=f"y{suffix}", domain=domain)
        layout[f"yaxis{suffix}"] = dict(anchor=f"x{suffix}", domain=[0.0, 1.0])
    layout["xaxis"]["title"] = "age (years)"
    layout["yaxis"]["title"] = "ear size (m²)"
    layout["yaxis2"].update(type="log", title="share (log)", range=[np.log10(FLOOR), 0.3])
    return base_layout(go.Figure(data=traces, layout=layout), None, height)


def amounts_figure(true_amounts: np.ndarray, recovered: np.ndarray, names, height: int = 300) -> go.Figure:
    """How much of each photo is in each mixture: bars for the amounts used, labels for those read back from the
    three PCA numbers (the seed's bars under each picture)."""
    fig = go.Figure()
    pictures = [f"mix {i + 1}" for i in range(len(true_amounts))]
    for j, name in enumerate(names):
        fig.add_trace(go.Bar(x=pictures, y=true_amounts[:, j], name=name, marker_color=class_colour(j),
                             customdata=recovered[:, j], text=[f"{r:.2f}" for r in recovered[:, j]],
                             textposition="outside", hovertemplate="used %{y:.3f}, read back %{customdata:.3f}"))
    fig.update_yaxes(title="amount (label: read back from 3 numbers)")
    return base_layout(fig, None, height)


def variance_figure(cumulative: np.ndarray, k: int, height: int = 320) -> go.Figure:
    """Cumulative explained variance against the number of components; the chosen k and the seed's 12/100/500."""
    n = np.arange(1, len(cumulative) + 1)
    fig = go.Figure(go.Scatter(x=n, y=cumulative, mode="lines", name="explained variance",
                               line=dict(color=POSITIVE, width=3)))
    marks = [m for m in (12, 100, 500) if m <= len(cumulative)]
    fig.add_trace(go.Scatter(x=marks, y=[cumulative[m - 1] for m in marks], mode="markers+text", name="12 / 100 / 500",
                             text=[f"{cumulative[m - 1]:.0%}" for m in marks], textposition="bottom right",
                             marker=dict(size=9, color=NEUTRAL)))
    fig.add_trace(go.Scatter(x=[k], y=[cumulative[k - 1]], mode="markers", name=f"your {k}",
                             marker=dict(size=14, symbol="star", color=NEGATIVE, line=dict(width=1))))
    fig.update_xaxes(title="components kept", type="log")
    fig.update_yaxes(title="share of the variance explained", range=[0, 1.02], tickformat=".0%")
    return base_layout(fig, None, height)
