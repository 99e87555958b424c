"""Figures for the Overfitting page: fitted curves over the points, error against complexity with the sweet
spot, several training runs overlaid with their best epochs and stopping points, k-fold blocks and scores,
learning curves."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from figures.palette import CLASS_COLOURS, NEGATIVE, NEUTRAL, POSITIVE, base_layout, class_colour, on_white
from figures.subplots import subplots

TRAIN, VAL = POSITIVE, NEGATIVE
DASHES = ("solid", "dash", "dot", "dashdot")


def fit_figure(data, curves: dict[str, np.ndarray], height: int = 420) -> go.Figure:
    """The noisy points (training filled, validation hollow), the true function, and each fitted curve."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=data.val_x, y=data.val_y, mode="markers", name="validation points",
                             marker=dict(size=6, color=VAL, symbol="circle-open", opacity=0.6)))
    fig.add_trace(go.Scatter(x=data.train_x, y=data.train_y, mode="markers", name="training points",
                             marker=dict(size=9, color=TRAIN, line=dict(width=1, color="#FFFFFF"))))
    fig.add_trace(go.Scatter(x=data.grid_x, y=data.grid_y, mode="lines", name="the truth",
                             line=dict(color=NEUTRAL, width=2, dash="dot")))
    for i, (label, y) in enumerate(curves.items()):
        fig.add_trace(go.Scatter(x=data.grid_x, y=y, mode="lines", name=label,
                                 line=dict(color=CLASS_COLOURS[(i + 2) % len(CLASS_COLOURS)], width=3)))
    lo, hi = float(np.min(data.train_y)), float(np.max(data.train_y))
    pad = 0.3 * (hi - lo)
    fig.update_yaxes(range=[lo - pad, hi + pad], title="y")  # a wiggly fit leaves the chart instead of squashing it
    fig.update_xaxes(title="x")
    return base_layout(fig, None, height)


def complexity_figure(sweep, label: str, chosen: int | None = None, log_x: bool = False,
                      height: int = 340) -> go.Figure:
    """Training and validation error against complexity; the sweet spot (lowest validation error) marked."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=sweep.complexity, y=sweep.train_mse, mode="lines+markers", name="training error",
                             line=dict(color=TRAIN, width=3)))
    fig.add_trace(go.Scatter(x=sweep.complexity, y=sweep.val_mse, mode="lines+markers", name="validation error",
                             line=dict(color=VAL, width=3)))
    best = sweep.best
    fig.add_trace(go.Scatter(x=[best], y=[sweep.val_mse[sweep.complexity.index(best)]], mode="markers+text",
                             name="sweet spot", text=["sweet spot"], textposition="top center",
                             marker=dict(size=16, symbol="star", color=CLASS_COLOURS[2], line=dict(width=1))))
    if chosen is not None:
        fig.add_vline(x=chosen, line=dict(color=NEUTRAL, dash="dot"))
    # a degree-19 fit through 20 points has training error ~1e-25 and a wild one validation error ~1e9: keep the
    # axis on the range that matters and let those run off it
    lo = max(min(min(sweep.val_mse), min(sweep.train_mse)) / 3, min(sweep.val_mse) / 100)
    hi = min(max(sweep.val_mse + sweep.train_mse) * 3, min(sweep.val_mse) * 1e4)
    fig.update_yaxes(type="log", title="mean squared error (log)", range=[np.log10(lo), np.log10(hi)])
    fig.update_xaxes(title=label, type="log" if log_x else "linear")
    return base_layout(fig, None, height)


def runs_figure(runs: dict[str, dict], metric: str = "loss", height: int = 420) -> go.Figure:
    """Every run's training (thin, dashed) and validation (thick) curve; each run's best epoch as a dot, and an X
    where early stopping stopped it. `runs`: label -> {"history", "best_epoch", "stopped_at"}."""
    fig = go.Figure()
    for i, (label, run) in enumerate(runs.items()):
        colour = class_colour(i)
        h = run["history"]
        epochs = list(range(len(h[f"val_{metric}"])))
        fig.add_trace(go.Scatter(x=epochs, y=h[f"train_{metric}"], mode="lines", name=f"{label} · training",
                                 legendgroup=label, line=dict(color=on_white(colour, 0.55), width=1.5, dash="dash")))
        # the first run (no regularisation) is drawn wide underneath: an early-stopping run follows it exactly
        # until it stops, and would otherwise hide it
        fig.add_trace(go.Scatter(x=epochs, y=h[f"val_{metric}"], mode="lines", name=f"{label} · validation",
                                 legendgroup=label, line=dict(color=colour, width=7 if i == 0 else 3)))
        best = run["best_epoch"]
        fig.add_trace(go.Scatter(x=[best], y=[h[f"val_{metric}"][best]], mode="markers", name=f"{label} · best",
                                 legendgroup=label, showlegend=False, marker=dict(size=11, color=colour,
                                                                                  line=dict(width=2, color="#000000")),
                                 hovertemplate=f"{label}: best validation at epoch %{{x}}<extra></extra>"))
        if run.get("stopped_at") is not None:
            s = run["stopped_at"]
            fig.add_trace(go.Scatter(x=[s], y=[h[f"val_{metric}"][s]], mode="markers+text", name=f"{label} · stopped",
                                     legendgroup=label, showlegend=False, text=[f"stopped (epoch {s})"],
                                     textposition="top center", marker=dict(size=14, symbol="x", color=colour),
                                     hovertemplate=f"{label}: early stopping at epoch %{{x}}<extra></extra>"))
    fig.update_xaxes(title="epoch")
    fig.update_yaxes(title="cross-entropy loss" if metric == "loss" else "accuracy",
                     type="log" if metric == "loss" else "linear")
    return base_layout(fig, None, height)


def folds_figure(fold_of: np.ndarray, height: int = 260) -> go.Figure:
    """k rows (one per round), one block per point: coloured where it validates, grey where it trains."""
    k = int(fold_of.max()) + 1
    order = np.argsort(fold_of, kind="stable")  # each fold's points side by side
    rounds = np.array([[f if f == r else -1 for f in fold_of[order]] for r in range(k)], dtype=float)
    colours = [[0.0, on_white(NEUTRAL, 0.35)], [1 / (k + 1), on_white(NEUTRAL, 0.35)]]
    for f in range(k):
        colours += [[(f + 1) / (k + 1), class_colour(f)], [(f + 2) / (k + 1), class_colour(f)]]
    fig = go.Figure(go.Heatmap(z=rounds + 1, x=np.arange(len(order)), y=[f"round {r + 1}" for r in range(k)],
                               zmin=0, zmax=k + 1, colorscale=colours, showscale=False, xgap=1, ygap=3,
                               name="folds", hovertemplate="%{y}: point %{x}<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title="points, grouped by the fold that validates them (grey: used for training)",
                     showticklabels=False)
    return base_layout(fig, None, height)


def scores_figure(cv, height: int = 320) -> go.Figure:
    """Each fold's validation error (a bar in its colour), their mean and spread; beside them, single random
    splits with different seeds."""
    k, r = len(cv.fold_scores), len(cv.split_scores)
    fig = subplots(rows=1, cols=2, column_widths=[0.55, 0.45], shared_yaxes=True,
                   subplot_titles=(f"{k}-fold: {cv.mean:.3f} ± {cv.spread:.3f}",
                                   f"{r} splits: {cv.split_mean:.3f} ± {cv.split_spread:.3f}"))
    fig.add_trace(go.Bar(x=[f"fold {i + 1}" for i in range(k)], y=cv.fold_scores, name="fold scores",
                         marker_color=[class_colour(i) for i in range(k)]), 1, 1)
    fig.add_trace(go.Bar(x=[f"seed {i + 1}" for i in range(r)], y=cv.split_scores, name="single splits",
                         marker_color=on_white(NEUTRAL, 0.7)), 1, 2)
    shapes = []  # add_hrect / add_hline with row= and col= look the subplot up each time: slow, so set them at once
    for axis, mean, spread in (("", cv.mean, cv.spread), ("2", cv.split_mean, cv.split_spread)):
        shapes.append(dict(type="rect", x0=0, x1=1, xref=f"x{axis} domain", y0=mean - spread, y1=mean + spread,
                           yref=f"y{axis}", fillcolor=NEUTRAL, opacity=0.15, line=dict(width=0)))
        shapes.append(dict(type="line", x0=0, x1=1, xref=f"x{axis} domain", y0=mean, y1=mean, yref=f"y{axis}",
                           line=dict(color="#000000", dash="dash")))
    fig.update_layout(shapes=shapes)
    fig.update_yaxes(title="validation error (MSE)", row=1, col=1)
    fig.update_layout(showlegend=False)
    return base_layout(fig, None, height)


def learning_figure(curve, height: int = 360) -> go.Figure:
    fig = go.Figure()
    for i, (degree, val) in enumerate(curve.val_mse.items()):
        colour = (TRAIN, VAL)[i % 2]
        fig.add_trace(go.Scatter(x=curve.sizes, y=val, mode="lines+markers", name=f"degree {degree}: validation",
                                 line=dict(color=colour, width=3)))
        fig.add_trace(go.Scatter(x=curve.sizes, y=curve.train_mse[degree], mode="lines",
                                 name=f"degree {degree}: training",
                                 line=dict(color=on_white(colour, 0.5), width=1.5, dash="dash")))
    fig.update_xaxes(type="log", title="training points")
    fig.update_yaxes(type="log", title="mean squared error (median of draws, log)")
    return base_layout(fig, None, height)
