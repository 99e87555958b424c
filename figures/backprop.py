"""The tiny network as a diagram (values on the neurons, gradients on the weights), its error per step, and the
batch-size comparison. Pure builders: numbers in, Plotly figures out."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from figures.palette import CLASS_COLOURS, NEGATIVE, NEUTRAL, POSITIVE, base_layout
from figures.subplots import subplots

MAX_EDGE_WIDTH = 12.0


def edge_name(layer: int, i: int, j: int) -> str:
    """Layer `layer`'s weight from neuron j (previous layer) to neuron i."""
    return f"w{layer}[{i},{j}]"


def network_figure(values: list[list[float]], weights: list, grads: list, one_hot: list[float], lr: float,
                   title: str | None = None, height: int = 420) -> go.Figure:
    """Neurons as circles with their values; each weight a line coloured by its gradient's sign (blue: the error
    grows with the weight, so it will shrink; orange: the other way) and as wide as |gradient| (largest = widest)."""
    sizes = [len(v) for v in values]
    pos = [[(float(c), (n - 1) / 2 - r) for r in range(n)] for c, n in enumerate(sizes)]
    biggest = max((float(np.abs(np.asarray(g)).max()) for g in grads), default=0.0) or 1.0
    fig = go.Figure()
    for layer, (w, g) in enumerate(zip(weights, grads, strict=True), start=1):
        w, g = np.asarray(w), np.asarray(g)
        for i in range(w.shape[0]):
            for j in range(w.shape[1]):
                (x0, y0), (x1, y1) = pos[layer - 1][j], pos[layer][i]
                width = 1.0 + (MAX_EDGE_WIDTH - 1.0) * abs(g[i, j]) / biggest
                fig.add_trace(go.Scatter(
                    x=[x0, (x0 + x1) / 2, x1], y=[y0, (y0 + y1) / 2, y1], mode="lines", name=edge_name(layer, i, j),
                    showlegend=False, line=dict(color=POSITIVE if g[i, j] > 0 else NEGATIVE, width=width),
                    hovertemplate=(f"w = {w[i, j]:+.4f}<br>∂E/∂w = {g[i, j]:+.4f}<br>"
                                   f"update: w − η·∂E/∂w = {w[i, j] - lr * g[i, j]:+.4f}<extra></extra>")))
    last = len(values) - 1
    for c, layer_values in enumerate(values):
        xs = [p[0] for p in pos[c]]
        ys = [p[1] for p in pos[c]]
        kind = "input" if c == 0 else ("softmax" if c == last else f"hidden {c}")
        text = [f"{v:.3f}" for v in layer_values]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="markers+text", name=kind, text=text, textposition="middle center",
                                 showlegend=False, textfont=dict(size=13, color="#000000"),
                                 marker=dict(size=52, color="#FFFFFF", line=dict(width=2.5, color=NEUTRAL)),
                                 hovertemplate=f"{kind}: %{{text}}<extra></extra>"))
    label_ys = [p[1] for p in pos[last]]
    fig.add_trace(go.Scatter(x=[last + 0.45] * len(one_hot), y=label_ys, mode="text", name="label",
                             text=[f"target {int(v)}" for v in one_hot], showlegend=False,
                             textfont=dict(size=14, color=CLASS_COLOURS[2])))
    fig.update_xaxes(visible=False, range=[-0.4, last + 0.8])
    fig.update_yaxes(visible=False, range=[-(max(sizes) / 2) - 0.2, max(sizes) / 2 + 0.2])
    return base_layout(fig, title, height)


def loss_figure(losses: list[float], height: int = 260) -> go.Figure:
    fig = go.Figure(go.Scatter(x=list(range(len(losses))), y=losses, mode="lines+markers", name="error",
                               line=dict(color=NEGATIVE, width=2.5)))
    fig.update_xaxes(title="step")
    fig.update_yaxes(title="cross-entropy error", rangemode="tozero")
    return base_layout(fig, "error after each step", height)


def batches_figure(runs: dict, height: int = 380) -> go.Figure:
    """Whole-training-set loss against samples seen (left) and against seconds of training (right)."""
    fig = subplots(rows=1, cols=2, subplot_titles=("against samples seen", "against training time"),
                   shared_yaxes=True, horizontal_spacing=0.06)
    for k, (name, log) in enumerate(runs.items()):
        colour = CLASS_COLOURS[k % len(CLASS_COLOURS)]
        for col, x in ((1, "samples"), (2, "seconds")):
            first = 0 if col == 1 else 1  # a log time axis has no 0: the time panel starts at the first log
            fig.add_trace(go.Scatter(x=log[x][first:], y=log["loss"][first:], mode="lines", name=name,
                                     legendgroup=name, showlegend=col == 1, line=dict(color=colour, width=2)),
                          row=1, col=col)
    fig.update_xaxes(title="samples seen", row=1, col=1)
    fig.update_xaxes(title="seconds of training (log)", type="log", row=1, col=2)
    fig.update_yaxes(title="training loss", row=1, col=1)
    return base_layout(fig, None, height)
