"""Figures for the Autoencoders page: the latent plane of test digits (WebGL, click to decode), tiled digit
images (blends, grids over the plane, samples, noisy/cleaned/clean rows), a single decoded digit, and the
test error of several latent sizes on one chart."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from figures.palette import CLASS_COLOURS, base_layout, class_colour

# Ten digits, eight Okabe-Ito colours: 8 and 9 get two more colour-blind-safe colours (grey, Tol's wine) and their
# own marker shapes, so no two digits look alike.
DIGIT_COLOURS = (*CLASS_COLOURS, "#999999", "#882255")
DIGIT_SYMBOLS = ("circle",) * 8 + ("diamond", "square")
CLICK_NAME = "click anywhere to decode that point"
PICKED_NAME = "decoded point"


def latent_plane(codes: np.ndarray, labels: np.ndarray, *, picked: tuple | None = None, click_grid: int = 0,
                 title: str | None = None, height: int = 520) -> go.Figure:
    """Test digits at their 2-D codes, one WebGL trace per digit; `click_grid` > 0 lays an invisible grid of
    points over the plane so a click anywhere reports a position; `picked` marks the decoded point (a star, not in
    the legend: the legend lists the ten digits only, so it stays short in a narrow column)."""
    codes, labels = np.asarray(codes, dtype=float)[:, :2], np.asarray(labels)
    fig = go.Figure()
    lo, hi = codes.min(0), codes.max(0)
    pad = 0.05 * np.maximum(hi - lo, 1e-6)
    lo, hi = lo - pad, hi + pad
    if click_grid:
        gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], click_grid), np.linspace(lo[1], hi[1], click_grid))
        fig.add_trace(go.Scattergl(x=gx.ravel(), y=gy.ravel(), mode="markers", name=CLICK_NAME, showlegend=False,
                                   marker=dict(size=14, opacity=0.0, color="#000000"),
                                   hovertemplate="decode (%{x:.2f}, %{y:.2f})<extra></extra>"))
    for d in range(10):
        pts = codes[labels == d]
        if not len(pts):
            continue
        fig.add_trace(go.Scattergl(x=pts[:, 0], y=pts[:, 1], mode="markers", name=str(d),
                                   marker=dict(size=4, color=DIGIT_COLOURS[d], symbol=DIGIT_SYMBOLS[d], opacity=0.7),
                                   hovertemplate=f"a {d} at (%{{x:.2f}}, %{{y:.2f}})<extra></extra>"))
    if picked is not None:
        fig.add_trace(go.Scattergl(x=[picked[0]], y=[picked[1]], mode="markers", name=PICKED_NAME, showlegend=False,
                                   marker=dict(size=18, symbol="star", color="#FFFFFF",
                                               line=dict(width=2, color="#000000")),
                                   hovertemplate="decoded here (%{x:.2f}, %{y:.2f})<extra></extra>"))
    fig.update_xaxes(range=[lo[0], hi[0]], title="latent 1")
    fig.update_yaxes(range=[lo[1], hi[1]], title="latent 2")
    fig = base_layout(fig, title, height=height)
    fig.update_layout(clickmode="event+select", legend=dict(itemsizing="constant"))
    return fig


def digit_image(image: np.ndarray, title: str | None = None, height: int = 300, span: float = 1.0) -> go.Figure:
    """One 28x28 image in [0, 1], ink dark on white; `span`: the share of the page it is drawn in (figures.layout)."""
    z = np.asarray(image, dtype=float).reshape(28, 28)
    fig = go.Figure(go.Heatmap(z=z, zmin=0, zmax=1, colorscale="Greys", showscale=False, name="decoded",
                               hovertemplate="pixel (%{x}, %{y}): %{z:.2f}<extra></extra>"))
    fig.update_xaxes(visible=False, constrain="domain")
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x", constrain="domain")
    return base_layout(fig, title, height=height, span=span)


def tile(images: np.ndarray, per_row: int, gap: int = 2) -> np.ndarray:
    """Images (N, H, W) (or (N, 1, H, W)) laid out per_row to a row, `gap` blank pixels between them (NaN)."""
    images = np.asarray(images, dtype=float)
    images = images.reshape(len(images), *images.shape[-2:])
    n, h, w = images.shape
    rows = -(-n // per_row)
    out = np.full((rows * (h + gap) - gap, per_row * (w + gap) - gap), np.nan)
    for i, img in enumerate(images):
        r, c = divmod(i, per_row)
        out[r * (h + gap): r * (h + gap) + h, c * (w + gap): c * (w + gap) + w] = img
    return out


def tiles_figure(images: np.ndarray, per_row: int, *, row_titles: list[str] | None = None,
                 col_titles: list[str] | None = None, title: str | None = None, signed: bool = False,
                 photo: bool = False, height: int | None = None) -> go.Figure:
    """Images tiled in rows, one heatmap (ink dark on white; `photo`: grey photos as they are, 0 black, 1 white);
    `row_titles` name the rows on the left, `col_titles` the columns below; `signed` draws differences on a
    diverging scale."""
    images = np.asarray(images, dtype=float)
    h, w = images.shape[-2:]
    z = tile(images, per_row).astype(np.float32)  # float32: half the bytes sent to the browser
    rows = -(-len(images) // per_row)
    scale = (dict(zmin=-1, zmax=1, colorscale=[[0, "#D55E00"], [0.5, "#FFFFFF"], [1, "#0072B2"]]) if signed else
             dict(zmin=0, zmax=1, colorscale=[[0, "#000000"], [1, "#FFFFFF"]] if photo else "Greys"))
    fig = go.Figure(go.Heatmap(z=z, showscale=False, hoverongaps=False, name="images",
                               hovertemplate="%{z:.2f}<extra></extra>", **scale))
    fig.update_xaxes(visible=bool(col_titles), constrain="domain", showgrid=False, zeroline=False, ticks="",
                     tickvals=[c * (w + 2) + (w - 1) / 2 for c in range(per_row)] if col_titles else None,
                     ticktext=list(col_titles) if col_titles else None)
    fig.update_yaxes(autorange="reversed", scaleanchor="x", constrain="domain", showgrid=False, zeroline=False,
                     showticklabels=bool(row_titles), ticks="",
                     tickvals=[r * (h + 2) + (h - 1) / 2 for r in range(rows)] if row_titles else None,
                     ticktext=list(row_titles) if row_titles else None)
    width_ratio = z.shape[0] / z.shape[1]
    return base_layout(fig, title, height=height or int(min(900, max(160, 700 * width_ratio + 70))))


def sweep_figure(histories: dict[int, dict], title: str | None = None, height: int = 360) -> go.Figure:
    """Test reconstruction error (MSE per pixel) against training steps, one line per latent size."""
    fig = go.Figure()
    for i, (latents, h) in enumerate(sorted(histories.items())):
        fig.add_trace(go.Scatter(x=h.get("step", []), y=h.get("test_mse", []), mode="lines+markers",
                                 name=f"{latents} latents", line=dict(color=class_colour(i), width=3),
                                 hovertemplate=f"{latents} latents, step %{{x}}: %{{y:.4f}}<extra></extra>"))
    fig.update_xaxes(title="training step")
    fig.update_yaxes(title="test MSE per pixel", type="log")
    return base_layout(fig, title, height=height)
