"""GAN figures: the fixed-noise grid of samples, the two losses and the discriminator's accuracy, the
mode-collapse meter's class histogram, and a strip of samples between two noise vectors. Arrays in, Plotly out."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from figures.mnist import INK, TILE, tile
from figures.palette import NEGATIVE, NEUTRAL, POSITIVE, base_layout, class_colour
from figures.subplots import subplots


def _as_unit(images: np.ndarray) -> np.ndarray:
    images = np.asarray(images)
    return images.astype(np.float32) / 255 if images.dtype == np.uint8 else images.astype(np.float32)


def samples_figure(images: np.ndarray, per_row: int = 8, title: str | None = None, height: int | None = None,
                   labels: np.ndarray | None = None, span: float = 1.0) -> go.Figure:
    """Generated digits (N, 28, 28), uint8 or in [0, 1], tiled; `labels` (the judge's answers) under each; `span`:
    the share of the page it is drawn in (figures.layout)."""
    images = _as_unit(images)
    canvas = tile(images, per_row)
    fig = go.Figure(go.Heatmap(z=canvas, colorscale=INK, zmin=0, zmax=1, showscale=False, hoverinfo="skip",
                               name="samples"))
    if labels is not None:
        idx = np.arange(len(labels))
        r, c = np.divmod(idx, per_row)
        fig.add_trace(go.Scatter(x=c * TILE + 24, y=r * TILE + 6, mode="text", name="judge's answer",
                                 text=[str(int(v)) for v in labels], showlegend=False,
                                 textfont=dict(color=POSITIVE, size=14), hoverinfo="skip"))
    rows = max(1, -(-len(images) // per_row))
    fig.update_xaxes(visible=False, range=[-0.5, per_row * TILE - 0.5])
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x")
    return base_layout(fig, title, height or int(420 * rows / per_row) + 80, span)


def curves_figure(history: dict, title: str | None = None, height: int = 320) -> go.Figure:
    """Left: the discriminator's and the generator's loss. Right: the share of real images the discriminator
    calls real and of fakes it calls fake (both near 50% when the counterfeits are good)."""
    fig = subplots(1, 2, subplot_titles=("losses", "discriminator right on"), horizontal_spacing=0.12)
    x = history.get("step", [])
    for key, name, colour in (("loss_d", "discriminator loss", class_colour(0)),
                              ("loss_g", "generator loss", class_colour(1))):
        fig.add_trace(go.Scatter(x=x, y=history.get(key, []), mode="lines", name=name,
                                 line=dict(color=colour, width=2.5)), row=1, col=1)
    for key, name, colour, dash in (("acc_real", "real images", class_colour(2), "solid"),
                                    ("acc_fake", "fakes", class_colour(5), "dash")):
        fig.add_trace(go.Scatter(x=x, y=history.get(key, []), mode="lines", name=name,
                                 line=dict(color=colour, width=2.5, dash=dash)), row=1, col=2)
    fig.add_hline(y=0.5, line=dict(color=NEUTRAL, dash="dot"), row=1, col=2)
    fig.update_xaxes(title_text="step", rangemode="tozero")
    fig.update_yaxes(rangemode="tozero", row=1, col=1)
    fig.update_yaxes(range=[0, 1.02], tickformat=".0%", row=1, col=2)
    return base_layout(fig, title, height)


def meter_figure(fractions: np.ndarray, confident: np.ndarray | None = None, title: str | None = None,
                 height: int = 300, scarce: float = 0.05) -> go.Figure:
    """The judge's class histogram of generated samples (share per digit), the confident part darker; the fair
    share (10%) dotted, digits under `scarce` in orange."""
    fractions = np.asarray(fractions, dtype=float)
    digits = [str(d) for d in range(len(fractions))]
    colours = [NEGATIVE if f < scarce else POSITIVE for f in fractions]
    fig = go.Figure()
    if confident is not None:
        confident = np.asarray(confident, dtype=float)
        fig.add_trace(go.Bar(x=digits, y=confident, name="judged with p ≥ 0.9", marker_color=colours))
        fig.add_trace(go.Bar(x=digits, y=fractions - confident, name="less sure", marker_color=colours,
                             marker_opacity=0.4))
        fig.update_layout(barmode="stack")
    else:
        fig.add_trace(go.Bar(x=digits, y=fractions, name="share of samples", marker_color=colours))
    fig.add_hline(y=0.1, line=dict(color=NEUTRAL, dash="dot"), annotation_text="fair share",
                  annotation_position="top right")
    fig.update_xaxes(title_text="digit (the judge's answer)", type="category")
    fig.update_yaxes(title_text="share of samples", tickformat=".0%", rangemode="tozero")
    return base_layout(fig, title, height)


def interpolation_figure(images: np.ndarray, labels: np.ndarray | None = None, title: str | None = None,
                         height: int = 190) -> go.Figure:
    """Samples along a path between two noise vectors, left to right, in one row."""
    images = _as_unit(images)
    return samples_figure(images, per_row=len(images), title=title, height=height, labels=labels)
