"""MNIST figures: learning curves, the grid of predictions (right in green, wrong in red), the confusion matrix,
the gallery of mistakes with their top-3 guesses, and the softmax bars of a drawn digit. Arrays in, Plotly out."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from figures.palette import NEGATIVE, NEUTRAL, SEQUENTIAL, base_layout, class_colour
from figures.subplots import subplots

RIGHT, WRONG = "#009E73", NEGATIVE  # Okabe & Ito bluish green and vermillion; every label also says ✓ or ✗
INK = [[0.0, "#FFFFFF"], [1.0, "#000000"]]  # ink is black on white paper, as the digits were written
TILE = 30  # a 28-pixel digit and a 2-pixel gap


def tile(images: np.ndarray, per_row: int) -> np.ndarray:
    """Images (N, 28, 28) or (N, 1, 28, 28) in [0, 1] side by side, `per_row` to a row, on white."""
    images = np.asarray(images).reshape(len(images), 28, 28)
    rows = max(1, -(-len(images) // per_row))
    canvas = np.zeros((rows * TILE, per_row * TILE), dtype=np.float32)
    for i, img in enumerate(images):
        r, c = divmod(i, per_row)
        canvas[r * TILE + 1: r * TILE + 29, c * TILE + 1: c * TILE + 29] = img
    return canvas


def _digits_heatmap(fig: go.Figure, canvas: np.ndarray, **where) -> None:
    fig.add_trace(go.Heatmap(z=canvas, colorscale=INK, zmin=0, zmax=1, showscale=False, hoverinfo="skip",
                             name="digits"), **where)


def curves_figure(history: dict, epochs: dict, title: str | None = None, height: int = 320) -> go.Figure:
    """Loss and accuracy against epochs: training (mean over the batches since the last point) and test
    (a fixed sample of test images); diamonds are whole-test-set measurements at the end of each epoch."""
    fig = subplots(1, 2, subplot_titles=("loss (cross-entropy)", "accuracy"), horizontal_spacing=0.1)
    x = history.get("epoch", [])
    for col, metric in ((1, "loss"), (2, "acc")):
        word = "loss" if metric == "loss" else "accuracy"
        for split, colour, dash in (("train", class_colour(0), "solid"), ("test", class_colour(1), "dash")):
            fig.add_trace(go.Scatter(x=x, y=history.get(f"{split}_{metric}", []), mode="lines", name=f"{split} {word}",
                                     line=dict(color=colour, dash=dash, width=2.5)), row=1, col=col)
        fig.add_trace(go.Scatter(x=epochs.get("epoch", []), y=epochs.get(f"test_{metric}", []), mode="markers",
                                 name=f"test {word}, whole test set",
                                 marker=dict(symbol="diamond", size=11, color=class_colour(1))), row=1, col=col)
    fig.add_hline(y=0.1, line=dict(color=NEUTRAL, dash="dot"), annotation_text="chance", row=1, col=2)
    fig.update_xaxes(title_text="epoch", rangemode="tozero")
    fig.update_yaxes(rangemode="tozero", row=1, col=1)
    fig.update_yaxes(range=[0, 1.02], row=1, col=2)
    return base_layout(fig, title, height)


def prediction_grid(images: np.ndarray, labels: np.ndarray, predicted: np.ndarray, per_row: int = 10,
                    title: str | None = None, span: float = 1.0) -> go.Figure:
    """Test digits with the network's answer under each: green ✓ when right, red ✗ when wrong; `span`: the share of
    the page it is drawn in (figures.layout)."""
    labels, predicted = np.asarray(labels), np.asarray(predicted)
    fig = go.Figure()
    _digits_heatmap(fig, tile(images, per_row))
    for name, mask, colour, mark in (("right", labels == predicted, RIGHT, "✓"),
                                     ("wrong", labels != predicted, WRONG, "✗")):
        idx = np.flatnonzero(mask)
        r, c = np.divmod(idx, per_row)
        fig.add_trace(go.Scatter(
            x=c * TILE + 15, y=r * TILE + 3, mode="text", name=f"{name} ({len(idx)})",
            text=[f"<b>{predicted[i]}</b> {mark}" for i in idx], textfont=dict(color=colour, size=15),
            customdata=np.stack([labels[idx], predicted[idx]], 1) if len(idx) else None,
            hovertemplate="true %{customdata[0]}, predicted %{customdata[1]}<extra></extra>"))
    rows = max(1, -(-len(labels) // per_row))
    fig.update_xaxes(visible=False, range=[-0.5, per_row * TILE - 0.5])
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x")
    fig.update_layout(showlegend=True)
    return base_layout(fig, title, height=70 * rows + 90, span=span)


def confusion_figure(counts: np.ndarray, title: str | None = None, height: int = 420) -> go.Figure:
    """Counts[true, predicted]: the diagonal is right; every other cell is one kind of mistake."""
    counts = np.asarray(counts)
    off = counts.astype(float)
    np.fill_diagonal(off, np.nan)  # colour the mistakes only: the diagonal would swamp the scale
    digits = [str(d) for d in range(len(counts))]
    fig = go.Figure(go.Heatmap(z=off, x=digits, y=digits, colorscale=SEQUENTIAL, name="mistakes",
                               colorbar=dict(title="mistakes"), hovertemplate="true %{y}, predicted %{x}: %{z}"
                                                                             "<extra></extra>"))
    fig.add_trace(go.Scatter(x=[digits[j] for i in range(len(counts)) for j in range(len(counts))],
                             y=[digits[i] for i in range(len(counts)) for j in range(len(counts))],
                             text=[str(v) if v else "" for v in counts.ravel()], mode="text", name="counts",
                             textfont=dict(size=11), hoverinfo="skip", showlegend=False))
    fig.update_xaxes(title_text="predicted", type="category", side="top")
    fig.update_yaxes(title_text="true digit", type="category", autorange="reversed")
    return base_layout(fig, title, height)


def mistakes_gallery(images: np.ndarray, labels: np.ndarray, top3: np.ndarray, top3_probs: np.ndarray,
                     per_row: int = 8, title: str | None = None) -> go.Figure:
    """Misclassified digits: the true label above each, the network's three best guesses with their
    probabilities below."""
    fig = go.Figure()
    canvas = tile(images, per_row)
    gap = 22  # room for the guesses under each digit
    rows = canvas.shape[0] // TILE
    spaced = np.zeros((rows * (TILE + gap), canvas.shape[1]), dtype=np.float32)
    for r in range(rows):
        spaced[r * (TILE + gap): r * (TILE + gap) + TILE] = canvas[r * TILE:(r + 1) * TILE]
    _digits_heatmap(fig, spaced)
    idx = np.arange(len(labels))
    r, c = np.divmod(idx, per_row)
    guesses = ["<br>".join(f"{g}: {p:.0%}" for g, p in zip(top3[i], top3_probs[i], strict=True)) for i in idx]
    fig.add_trace(go.Scatter(x=c * TILE + 15, y=r * (TILE + gap) + 2, mode="text", name="true label",
                             text=[f"<b>true {lab}</b>" for lab in labels], textfont=dict(color=RIGHT, size=12),
                             hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=c * TILE + 15, y=r * (TILE + gap) + TILE + 10, mode="text", name="top-3 guesses",
                             text=guesses, textfont=dict(color=WRONG, size=10), hoverinfo="skip"))
    fig.update_xaxes(visible=False, range=[-0.5, per_row * TILE - 0.5])
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x")
    fig.update_layout(showlegend=False)
    return base_layout(fig, title, height=110 * max(1, rows) + 40)


def probability_bars(probs: dict[str, np.ndarray], title: str | None = None, height: int = 320) -> go.Figure:
    """Each model's softmax over the ten digits, side by side."""
    fig = go.Figure()
    for i, (label, p) in enumerate(probs.items()):
        fig.add_trace(go.Bar(x=[str(d) for d in range(10)], y=np.asarray(p, dtype=float), name=label,
                             marker_color=class_colour(i), hovertemplate="%{x}: %{y:.1%}<extra></extra>"))
    fig.update_layout(barmode="group")
    fig.update_xaxes(title_text="digit", type="category")
    fig.update_yaxes(title_text="probability", range=[0, 1], tickformat=".0%")
    return base_layout(fig, title, height)
