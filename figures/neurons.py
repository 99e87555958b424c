"""Figures for the Neurons page: the perceptron, activations, softmax and collapse."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from figures.palette import DIVERGING, NEGATIVE, NEUTRAL, POSITIVE, base_layout, class_colour
from figures.subplots import subplots


def perceptron_diagram(inputs, weights, bias: float, z: float, out: float, span: float = 1.0) -> go.Figure:
    """Inputs (with the constant 1 for the bias) wired to a summing node and a threshold.
    Wire width shows |weight|, colour its sign."""
    labels = ["1 (bias input)"] + [f"x{i + 1} = {v:+.2f}" for i, v in enumerate(inputs)]
    ws = [bias] + list(weights)
    n = len(labels)
    ys = np.linspace(1, -1, n)
    fig = go.Figure()
    for y, w in zip(ys, ws, strict=True):
        fig.add_trace(go.Scatter(x=[0, 1], y=[y, 0], mode="lines", hoverinfo="skip", showlegend=False,
                                 line=dict(width=1 + 6 * min(abs(w), 3) / 3, color=POSITIVE if w >= 0 else NEGATIVE)))
        fig.add_annotation(x=0.4, y=y * 0.6, text=f"w={w:+.2f}", showarrow=False,
                           bgcolor="rgba(255,255,255,0.9)")
    fig.add_trace(go.Scatter(x=[0] * n, y=ys, mode="markers+text", text=labels, textposition="middle left",
                             marker=dict(size=26, color="#FFFFFF", line=dict(width=2, color="#333")), showlegend=False,
                             hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=[1, 1.6], y=[0, 0], mode="lines", line=dict(width=3, color=NEUTRAL), showlegend=False,
                             hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=[1], y=[0], mode="markers+text", text=[f"Σ = {z:+.2f}"], textposition="top center",
                             marker=dict(size=44, color="#F7F7F7", line=dict(width=2, color="#333")), showlegend=False))
    fig.add_trace(go.Scatter(x=[1.6], y=[0], mode="markers+text", text=[f"output {out:+g}"],
                             textposition="middle right",
                             marker=dict(size=40, symbol="square", color=POSITIVE if out > 0 else NEGATIVE),
                             showlegend=False))
    fig.update_xaxes(visible=False, range=[-1.7, 2.9])  # room for the input labels left of their circles
    fig.update_yaxes(visible=False, range=[-1.3, 1.3])
    return base_layout(fig, "One neuron: weight, sum, threshold", height=320, span=span)


def perceptron_plane(axis, outputs, weights, bias: float, point) -> go.Figure:
    """Where a 2-input perceptron says +1 and where it says the other value; its line w·x + b = 0."""
    axis = np.asarray(axis)
    fig = go.Figure(go.Heatmap(x=axis, y=axis, z=np.asarray(outputs), colorscale=DIVERGING, showscale=False, zmin=-1,
                               zmax=1, hovertemplate="x1=%{x:.2f}<br>x2=%{y:.2f}<br>output=%{z}<extra></extra>"))
    w1, w2 = float(weights[0]), float(weights[1])
    if abs(w2) > 1e-9:
        ys = -(w1 * axis + bias) / w2
        fig.add_trace(go.Scatter(x=axis, y=ys, mode="lines", line=dict(color="#000", width=3), name="w·x + b = 0"))
    elif abs(w1) > 1e-9:
        fig.add_trace(go.Scatter(x=[-bias / w1] * 2, y=[axis[0], axis[-1]], mode="lines",
                                 line=dict(color="#000", width=3), name="w·x + b = 0"))
    fig.add_trace(go.Scatter(x=[point[0]], y=[point[1]], mode="markers", name="your input",
                             marker=dict(size=16, color="#F0E442", line=dict(width=2, color="#000"))))
    fig.update_xaxes(range=[axis[0], axis[-1]], title="x1")
    fig.update_yaxes(range=[axis[0], axis[-1]], title="x2", scaleanchor="x")
    return base_layout(fig, "Its line splits the plane", height=380)


def activation_figure(x, curves: dict, show_derivative: bool = True) -> go.Figure:
    """Each activation (left) and, optionally, its slope (right); colours match across the two."""
    cols = 2 if show_derivative else 1
    titles = ("f(x)", "f′(x), by autograd") if show_derivative else ("f(x)",)
    fig = subplots(rows=1, cols=cols, subplot_titles=titles)
    x = np.asarray(x)
    for i, (name, (y, dy)) in enumerate(curves.items()):
        colour = class_colour(i)
        fig.add_trace(go.Scatter(x=x, y=np.asarray(y), name=name, line=dict(color=colour, width=3),
                                 legendgroup=name), row=1, col=1)
        if show_derivative:
            fig.add_trace(go.Scatter(x=x, y=np.asarray(dy), name=name, showlegend=False, legendgroup=name,
                                     line=dict(color=colour, width=3, dash="dot")), row=1, col=2)
    return base_layout(fig, None, height=380)


def softmax_figure(names, colours, scores, probs, temperature: float) -> go.Figure:
    """Raw scores above, probabilities below: same order, and the probabilities sum to 1."""
    fig = subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12,
                   subplot_titles=("scores (any real numbers)",
                                   f"softmax probabilities at temperature {temperature:g} "
                                   f"(sum = {float(np.sum(probs)):.3f})"))
    fig.add_trace(go.Bar(x=list(names), y=np.asarray(scores), marker_color=list(colours), name="score",
                         marker_line=dict(color="#333", width=1)), row=1, col=1)
    fig.add_trace(go.Bar(x=list(names), y=np.asarray(probs), marker_color=list(colours), name="probability",
                         text=[f"{p:.2f}" for p in probs], textposition="outside",
                         marker_line=dict(color="#333", width=1)), row=2, col=1)
    fig.update_yaxes(range=[0, 1.1], row=2, col=1)
    fig.update_layout(showlegend=False)
    return base_layout(fig, None, height=460)


def label_vs_prediction(names, colours, label, probs, loss: float) -> go.Figure:
    """The one-hot label next to the prediction; cross-entropy is -log of the bar under the label's 1."""
    fig = go.Figure()
    fig.add_trace(go.Bar(x=list(names), y=np.asarray(label), name="label (one-hot)", marker_color="#FFFFFF",
                         marker_line=dict(color="#000", width=2)))
    fig.add_trace(go.Bar(x=list(names), y=np.asarray(probs), name="prediction", marker_color=list(colours)))
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[0, 1.05])
    return base_layout(fig, f"cross-entropy = {loss:.3f}", height=320)


def collapse_figure(axis, network_map, linear_map, activation: str) -> go.Figure:
    """The layered network's output over the input plane next to the closest single linear neuron's."""
    axis = np.asarray(axis)
    net, lin = np.asarray(network_map), np.asarray(linear_map)
    lim = float(max(np.abs(net).max(), np.abs(lin).max(), 1e-9))
    right = "the one neuron it collapses to" if activation == "identity" else "best single linear neuron"
    fig = subplots(rows=1, cols=2, subplot_titles=(f"network ({activation} between layers)", right))
    for col, z in ((1, net), (2, lin)):
        fig.add_trace(go.Contour(x=axis, y=axis, z=z, colorscale=DIVERGING, zmin=-lim, zmax=lim, ncontours=18,
                                 showscale=col == 2, contours=dict(showlines=True)), row=1, col=col)
    return base_layout(fig, None, height=380)
