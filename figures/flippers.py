"""Flippers figures: the board as tiles with a TFR bar under each (colour and length, as in the talk), learning
curves, Q-learning vs SARSA, the learned moves against the minimum, and the Q-table as a heatmap."""
from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from figures.palette import CLASS_COLOURS, NEGATIVE, NEUTRAL, SEQUENTIAL, base_layout
from figures.subplots import subplots

TILE, GAP, BAR = 0.70, 0.06, 0.14  # tile height, gap, bar thickness (a cell is 1 × 1, row 0 at the top)
DOT = "#0072B2"


def _cell(tile: int, n: int) -> tuple[int, int]:
    return divmod(tile, n)


def board_figure(grid: np.ndarray, tfr: np.ndarray | None = None, tfr_range: tuple[float, float] | None = None,
                 next_move: int | None = None, title: str | None = None, height: int = 380,
                 clickable: bool = False, span: float = 1.0) -> go.Figure:
    """An n×n board of tiles (a dot where grid is 1), each move's TFR as a bar under its tile; `next_move` is
    outlined in vermillion (the talk's red cell). Traces: "dots", "TFR" (customdata: the raw TFRs), "tiles"."""
    n = grid.shape[0]
    shapes = []
    for t in range(n * n):
        r, c = _cell(t, n)
        chosen = t == next_move
        shapes.append(dict(type="rect", x0=c + GAP, x1=c + 1 - GAP, y0=-r - GAP, y1=-r - GAP - TILE, layer="below",
                           line=dict(color=NEGATIVE if chosen else NEUTRAL, width=5 if chosen else 1),
                           fillcolor="#FBE3D6" if chosen else "#F4F4F4"))
    fig = go.Figure(layout=dict(shapes=shapes))  # all at once: one add_shape per tile re-validates the layout each time
    rows, cols = np.nonzero(grid)
    fig.add_trace(go.Scatter(x=cols + 0.5, y=-rows - GAP - TILE / 2, mode="markers", name="dots",
                             marker=dict(size=max(12, 120 // n), color=DOT), hoverinfo="skip"))
    tiles = np.arange(n * n)
    if tfr is not None:
        lo, hi = tfr_range if tfr_range is not None else (float(np.min(tfr)), float(np.max(tfr)))
        extent = hi - lo if hi > lo else 1.0
        length = (1 - 2 * GAP) * np.clip((np.asarray(tfr, dtype=float) - lo) / extent, 0.0, 1.0)
        fig.add_trace(go.Bar(x=np.maximum(length, 0.01), y=-(tiles // n) - 2 * GAP - TILE - BAR / 2,
                             base=tiles % n + GAP, orientation="h", width=BAR, name="TFR",
                             customdata=np.asarray(tfr, dtype=float),
                             marker=dict(color=np.asarray(tfr, dtype=float), colorscale=SEQUENTIAL, cmin=lo, cmax=hi,
                                         colorbar=dict(title="TFR", thickness=12, len=0.8)),
                             hovertemplate="TFR %{customdata:.4f}<extra></extra>"))
    if next_move is not None:
        r, c = _cell(next_move, n)
        fig.add_trace(go.Scatter(x=[c + 0.5], y=[-r - GAP - TILE / 2], mode="markers", name="next move",
                                 marker=dict(symbol="circle-open", size=max(16, 150 // n), color=NEGATIVE,
                                             line=dict(width=3)), hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=tiles % n + 0.5, y=-(tiles // n) - GAP - TILE / 2, mode="markers", name="tiles",
                             customdata=tiles, marker=dict(symbol="square", size=max(20, 220 // n), opacity=0.01 if
                                                           clickable else 0.0, color=NEUTRAL),
                             hovertemplate=("click to flip tile %{customdata}" if clickable else "tile %{customdata}")
                             + "<extra></extra>"))
    fig.update_xaxes(range=[0, n], visible=False, fixedrange=True)
    fig.update_yaxes(range=[-n, 0], visible=False, scaleanchor="x", fixedrange=True)
    base_layout(fig, title, height, span)  # span: the share of the page it is drawn in (figures.layout)
    fig.update_layout(showlegend=False, bargap=0, clickmode="event+select" if clickable else None)
    return fig


def curves_figure(history: dict, height: int = 400) -> go.Figure:
    """Left: the share of boards where the greedy move is optimal, win rates; right: moves to win vs the minimum."""
    games = history["games"]
    fig = subplots(rows=1, cols=2, subplot_titles=("share of boards", "moves to win"))
    pct = lambda ys: [None if y is None else 100 * y for y in ys]  # noqa: E731
    fig.add_trace(go.Scatter(x=games, y=pct(history["optimal_share"]), name="greedy move optimal",
                             line=dict(color=CLASS_COLOURS[0], width=3)), 1, 1)
    fig.add_trace(go.Scatter(x=games, y=pct(history["win_rate"]), name="training games won",
                             line=dict(color=CLASS_COLOURS[1])), 1, 1)
    fig.add_trace(go.Scatter(x=games, y=history["moves"], name="training games (ε-greedy)",
                             line=dict(color=CLASS_COLOURS[1])), 1, 2)
    fig.add_trace(go.Scatter(x=games, y=history["greedy_moves"], name="greedy play", line=dict(color=CLASS_COLOURS[0],
                                                                                              width=3)), 1, 2)
    fig.add_trace(go.Scatter(x=games, y=history["min_moves"], name="minimum", line=dict(color="black", dash="dash")),
                  1, 2)
    fig.update_yaxes(title_text="%", range=[0, 101], row=1, col=1)
    fig.update_xaxes(title_text="games played")
    base_layout(fig, None, height)
    return fig


def compare_figure(q_history: dict, sarsa_history: dict, height: int = 380) -> go.Figure:
    """Q-learning and SARSA on one chart: optimal share (left) and how far their values sit below Q* (right)."""
    fig = subplots(rows=1, cols=2, subplot_titles=("greedy move optimal (%)", "V* − learned value"))
    for name, h, colour in (("Q-learning", q_history, CLASS_COLOURS[0]), ("SARSA", sarsa_history, CLASS_COLOURS[1])):
        fig.add_trace(go.Scatter(x=h["games"], y=[100 * y for y in h["optimal_share"]], name=name,
                                 line=dict(color=colour, width=3)), 1, 1)
        fig.add_trace(go.Scatter(x=h["games"], y=h["value_gap"], name=f"{name}: value gap", showlegend=False,
                                 line=dict(color=colour, width=3, dash="dot")), 1, 2)
    fig.add_hline(y=0, line=dict(color="black", dash="dash"), row=1, col=2)
    fig.update_xaxes(title_text="games played")
    return base_layout(fig, None, height)


def optimality_figure(minimum: np.ndarray, agent: np.ndarray, height: int = 340) -> go.Figure:
    """Boards counted by (fewest moves possible, moves the greedy policy took); -1 = never won. On the diagonal
    the policy is optimal."""
    agent_y = np.where(agent < 0, -1, agent)
    pairs, counts = np.unique(np.stack([minimum, agent_y]), axis=1, return_counts=True)
    optimal = pairs[0] == pairs[1]
    fig = go.Figure()
    for mask, name, colour in ((optimal, "optimal", CLASS_COLOURS[2]), (~optimal, "more moves", NEGATIVE)):
        fig.add_trace(go.Scatter(x=pairs[0][mask], y=pairs[1][mask], mode="markers+text", name=name,
                                 customdata=counts[mask], text=[f"{c:,}" for c in counts[mask]],
                                 textposition="middle right",
                                 marker=dict(size=8 + 30 * np.sqrt(counts[mask] / counts.max()), color=colour),
                                 hovertemplate="minimum %{x}, took %{y} (−1: never won): %{customdata} boards"
                                               "<extra></extra>"))
    top = int(max(minimum.max(), agent_y.max())) + 1
    fig.add_trace(go.Scatter(x=[0, top], y=[0, top], mode="lines", name="minimum",
                             line=dict(color="black", dash="dash"), hoverinfo="skip"))
    tick = 1 if top <= 12 else None
    fig.update_xaxes(title_text="fewest moves possible", dtick=tick)
    # A short title: a long one is cut at the top in presenter mode. Boards never won sit at −1, labelled so.
    ys = list(range(-1 if (agent_y < 0).any() else 0, top + 1, tick or math.ceil(top / 10)))
    fig.update_yaxes(title_text="moves taken", tickvals=ys, ticktext=["never" if y < 0 else str(y) for y in ys])
    return base_layout(fig, None, height)


def qtable_figure(q: np.ndarray, labels: list[str], tiles: int, highlight: int | None = None,
                  height: int = 420) -> go.Figure:
    """Rows: boards (labelled '010-111-000'), columns: the tile flipped; colour: the stored TFR."""
    fig = go.Figure(go.Heatmap(z=q, x=[f"tile {t}" for t in range(tiles)], y=labels, colorscale=SEQUENTIAL,
                               name="Q-table", colorbar=dict(title="TFR", thickness=12),
                               hovertemplate="board %{y}, flip %{x}: TFR %{z:.4f}<extra></extra>"))
    if highlight is not None:
        fig.add_hline(y=highlight, line=dict(color=NEGATIVE, width=2))
    fig.update_yaxes(showticklabels=len(labels) <= 40, autorange="reversed", title_text="board")
    return base_layout(fig, None, height)


def dqn_curves_figure(history: dict, height: int = 360) -> go.Figure:
    """The deep Q-network as it trains: left, the share of random boards whose greedy first move is a best one;
    right, the training loss (log scale)."""
    fig = subplots(rows=1, cols=2, subplot_titles=("greedy move optimal (%)", "loss (Huber)"))
    x = history["updates"]
    fig.add_trace(go.Scatter(x=x, y=[100 * y for y in history["optimal_share"]], name="greedy move optimal",
                             line=dict(color=CLASS_COLOURS[0], width=3)), 1, 1)
    fig.add_trace(go.Scatter(x=x, y=history["loss"], name="loss", line=dict(color=CLASS_COLOURS[1], width=2)), 1, 2)
    fig.update_yaxes(range=[0, 101], row=1, col=1)
    fig.update_yaxes(type="log", row=1, col=2)
    fig.update_xaxes(title_text="updates")
    base_layout(fig, None, height)
    fig.update_layout(showlegend=False)
    return fig
