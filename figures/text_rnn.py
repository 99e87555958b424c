"""Figures for the text RNN page: held-out loss as it learns, and the next-token probabilities."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from figures.palette import NEUTRAL, POSITIVE, base_layout, class_colour


def loss_figure(history: dict[str, list], unit: str = "character", height: int = 320) -> go.Figure:
    """Training and held-out loss in nats per token against tokens read."""
    fig = go.Figure()
    for i, (key, name) in enumerate((("train_loss", "training text"), ("val_nats", "held-out text (last 10%)"))):
        fig.add_trace(go.Scatter(x=history["tokens_seen"], y=history[key], name=name, mode="lines+markers",
                                 line=dict(color=class_colour(i), width=3)))
    fig.update_xaxes(title=f"{unit}s read")
    fig.update_yaxes(title=f"nats per {unit}")
    return base_layout(fig, "loss", height=height)


def next_token_figure(probs: np.ndarray, tokens: tuple[str, ...], top: int = 20, height: int = 300) -> go.Figure:
    """The `top` likeliest next tokens, likeliest first."""
    order = np.argsort(probs)[::-1][:top]
    shown = [repr(tokens[i])[1:-1] if tokens[i].isspace() or not tokens[i].isprintable() else tokens[i]
             for i in order]
    shown = [s if s.strip() else "␣" for s in shown]
    colours = [POSITIVE if j == 0 else NEUTRAL for j in range(len(order))]
    fmt = ".0%" if probs[order][0] >= 0.1 else ".1%"  # near-uniform guesses need the decimal to differ
    fig = go.Figure(go.Bar(x=shown, y=probs[order], marker_color=colours, name="next",
                           text=[format(p, fmt) for p in probs[order]], textposition="outside"))
    fig.update_yaxes(range=[0, min(1.0, float(probs[order][0]) * 1.25 + 0.02)], tickformat=fmt)
    fig.update_xaxes(type="category")
    return base_layout(fig, "what could come next", height=height)
