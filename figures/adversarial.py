"""Figures for adversarial examples: original / perturbation / adversarial, and the top-5 before and after."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from figures.images import image_grid
from figures.palette import NEGATIVE, NEUTRAL, POSITIVE, base_layout
from figures.subplots import subplots


def amplified(perturbation: np.ndarray) -> tuple[np.ndarray, float]:
    """The perturbation made visible: grey is no change; (picture in [0, 1], amplification factor)."""
    peak = float(np.abs(perturbation).max())
    gain = 0.5 / peak if peak > 0 else 1.0
    return 0.5 + perturbation * gain, gain


def attack_figure(original: np.ndarray, perturbation: np.ndarray, adversarial: np.ndarray,
                  before: str, after: str) -> go.Figure:
    """Three pictures side by side; the middle one states its true range (in 1/255) and how much it was amplified."""
    visible, gain = amplified(perturbation)
    peak = float(np.abs(perturbation).max()) * 255
    titles = ["original", f"change ±{peak:.2f}/255, ×{gain:.0f}", "adversarial"]  # short: three fit side by side
    return image_grid([original, visible, adversarial], titles, cols=3, height_per_row=330,
                      title=f"{before} → {after}")


def top5_figure(before: list[tuple[str, float]], after: list[tuple[str, float]], watched: str | None = None,
                height: int = 320) -> go.Figure:
    """Top-5 probabilities before and after, as horizontal bars; the class the attack aims at (or left) marked."""
    fig = subplots(rows=1, cols=2, subplot_titles=("before the attack", "after the attack"),
                   horizontal_spacing=0.25)
    for col, rows in ((1, before), (2, after)):
        labels = [label for label, _ in rows][::-1]
        probs = [p for _, p in rows][::-1]
        colours = [NEGATIVE if label == watched else (POSITIVE if i == len(rows) - 1 else NEUTRAL)
                   for i, label in enumerate(labels)]
        fig.add_trace(go.Bar(x=probs, y=labels, orientation="h", marker_color=colours, showlegend=False,
                             text=[f"{p:.0%}" for p in probs], textposition="auto",
                             name="before" if col == 1 else "after"),
                      row=1, col=col)
        fig.update_xaxes(range=[0, 1], tickformat=".0%", row=1, col=col)
    return base_layout(fig, None, height=height)
