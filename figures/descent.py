"""Error curves and surfaces with the paths optimisers take on them; error per step; learning-rate schedules.
Pure builders: arrays and core.descent Paths in, Plotly figures out. Every value drawn is finite (paths stop
before they diverge)."""
from __future__ import annotations

import copy
import functools

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from figures.palette import CLASS_COLOURS, NEGATIVE, NEUTRAL, SEQUENTIAL, base_layout

CLICK_NAME = "click to start here"
START_NAME = "start"
FLOOR = 1e-12  # errors drawn on a log axis: an exact 0 would vanish


def colour(i: int) -> str:
    return CLASS_COLOURS[i % len(CLASS_COLOURS)]


def _inside(points: np.ndarray, extent) -> np.ndarray:
    mask = np.ones(len(points), dtype=bool)
    for i in range(points.shape[1]):
        mask &= (points[:, i] >= extent[2 * i]) & (points[:, i] <= extent[2 * i + 1])
    return mask


def shade(z: np.ndarray) -> np.ndarray:
    """log(1 + z - min): keeps a deep narrow valley and a high rim both visible in one colour scale."""
    return np.log1p(z - np.nanmin(z))


def curve_figure(xs, z, paths: dict, f_min: float, title: str | None = None, height: int = 340) -> go.Figure:
    """A 1-D error curve; each path as numbered dots at (w, error(w)). `paths`: label -> Path."""
    fig = go.Figure(go.Scatter(x=xs, y=z, mode="lines", name="error curve", line=dict(color=NEUTRAL, width=3)))
    for i, (label, path) in enumerate(paths.items()):
        keep = _inside(path.points, (xs[0], xs[-1]))
        steps = np.arange(len(path.points))[keep]
        fig.add_trace(go.Scatter(x=path.points[keep, 0], y=path.errors[keep] + f_min, mode="lines+markers",
                                 name=label, line=dict(color=colour(i), width=1.5),
                                 marker=dict(size=7, color=colour(i)), customdata=steps,
                                 hovertemplate="step %{customdata}: w = %{x:.3f}, error %{y:.4f}<extra></extra>"))
    fig.update_xaxes(title="weight w", range=[xs[0], xs[-1]])
    fig.update_yaxes(title="error", range=[float(np.min(z)) - 0.05 * np.ptp(z), float(np.max(z)) + 0.05 * np.ptp(z)])
    return base_layout(fig, title, height)


def error_figure(paths: dict, title: str | None = "error after each step", height: int = 300,
                 upto: int | None = None) -> go.Figure:
    """Error (f - f_min) against step, log scale; `upto` marks the race's current step."""
    fig = go.Figure()
    for i, (label, path) in enumerate(paths.items()):
        errors = np.maximum(path.errors, FLOOR)
        fig.add_trace(go.Scatter(x=np.arange(len(errors)), y=errors, mode="lines", name=label,
                                 line=dict(color=colour(i), width=2.5)))
        if path.diverged_at is not None:
            fig.add_trace(go.Scatter(x=[len(errors) - 1], y=[errors[-1]], mode="markers", showlegend=False,
                                     name=f"{label} diverged", marker=dict(symbol="x", size=14, color=colour(i)),
                                     hovertemplate="diverged after this step<extra></extra>"))
    if upto is not None:
        fig.add_vline(x=upto, line=dict(color=NEUTRAL, dash="dot"))
    fig.update_xaxes(title="step")
    fig.update_yaxes(title="error (log)", type="log", exponentformat="power")
    return base_layout(fig, title, height)


def _path_traces_2d(paths: dict, extent, upto: int | None):
    for i, (label, path) in enumerate(paths.items()):
        pts = path.points if upto is None else path.points[:upto + 1]
        keep = _inside(pts, extent)
        yield go.Scatter(x=pts[keep, 0], y=pts[keep, 1], mode="lines+markers", name=label,
                         line=dict(color=colour(i), width=2), marker=dict(size=5, color=colour(i)),
                         customdata=np.arange(len(pts))[keep], hovertemplate="step %{customdata}<extra></extra>")


def contour_figure(xs, ys, z, paths: dict, start, extent, click_grid: int = 0, title: str | None = None,
                   height: int = 440, upto: int | None = None) -> go.Figure:
    """The contour map (colour = log error) with paths; `click_grid` lays invisible points to click on."""
    fig = go.Figure(go.Contour(x=xs, y=ys, z=shade(z), colorscale=SEQUENTIAL, ncontours=25, showscale=False,
                               name="error", hoverinfo="skip", line=dict(width=0.5)))
    if click_grid:
        gx, gy = np.meshgrid(np.linspace(extent[0], extent[1], click_grid),
                             np.linspace(extent[2], extent[3], click_grid))
        fig.add_trace(go.Scatter(x=gx.ravel(), y=gy.ravel(), mode="markers", name=CLICK_NAME, showlegend=False,
                                 marker=dict(size=11, opacity=0.0, color="#000000"),
                                 hovertemplate="start at (%{x:.2f}, %{y:.2f})<extra></extra>"))
    for tr in _path_traces_2d(paths, extent, upto):
        fig.add_trace(tr)
    fig.add_trace(go.Scatter(x=[start[0]], y=[start[1]], mode="markers", name=START_NAME,
                             marker=dict(symbol="star", size=16, color="#FFFFFF", line=dict(width=2, color="#000000"))))
    fig.update_xaxes(title="w₁", range=[extent[0], extent[1]], constrain="domain")
    fig.update_yaxes(title="w₂", range=[extent[2], extent[3]])
    if click_grid:
        fig.update_layout(clickmode="event+select")
    return base_layout(fig, title, height)


def surface_figure(xs, ys, z, paths: dict, f_min: float, extent, title: str | None = None,
                   height: int = 440, upto: int | None = None) -> go.Figure:
    """The error as a 3-D surface (height = log error, as the contour's colour) with the paths on it."""
    lo = float(np.nanmin(z))
    lift = 0.02 * float(np.ptp(shade(z)))  # just above the surface, so the path is not hidden in it
    fig = go.Figure(go.Surface(x=xs, y=ys, z=shade(z), colorscale=SEQUENTIAL, showscale=False, opacity=0.9,
                               name="error surface", hoverinfo="skip"))
    for i, (label, path) in enumerate(paths.items()):
        pts = path.points if upto is None else path.points[:upto + 1]
        err = path.errors if upto is None else path.errors[:upto + 1]
        keep = _inside(pts, extent)
        height_of = np.log1p(np.maximum(err[keep] + f_min - lo, 0)) + lift
        fig.add_trace(go.Scatter3d(x=pts[keep, 0], y=pts[keep, 1], z=height_of,
                                   mode="lines+markers", name=label, line=dict(color=colour(i), width=6),
                                   marker=dict(size=3, color=colour(i))))
    fig.update_layout(scene=dict(xaxis_title="w₁", yaxis_title="w₂", zaxis_title="log error",
                                 camera=dict(eye=dict(x=1.4, y=-1.4, z=1.1))))
    return base_layout(fig, title, height)


def schedules_figure(curves: dict[str, list[float]], labels: dict[str, str], chosen: str,
                     height: int = 280) -> go.Figure:
    """Learning rate against step for every schedule; the one in use drawn bold."""
    fig = go.Figure()
    for i, (name, lrs) in enumerate(curves.items()):
        fig.add_trace(go.Scatter(x=np.arange(len(lrs)), y=lrs, mode="lines", name=labels[name],
                                 line=dict(color=colour(i), width=4 if name == chosen else 1.5,
                                           dash="solid" if name == chosen else "dot")))
    fig.update_xaxes(title="step")
    fig.update_yaxes(title="learning rate η")
    return base_layout(fig, "schedules (bold: in use)", height)


@functools.lru_cache(maxsize=16)
def _panels_layout(titles: tuple[str, ...]) -> dict:
    """make_subplots' layout for one row of panels (axes, domains, titles), made once: building it is slow."""
    layout = make_subplots(rows=1, cols=len(titles), subplot_titles=list(titles)).layout.to_plotly_json()
    layout.pop("template", None)
    return layout


def sweep_figure(xs, z, sweep: dict, words: dict, f_min: float, height: int = 300) -> go.Figure:
    """One small panel per learning rate: the curve and the path plain gradient descent takes."""
    # the rate as the panel's title, what it does inside the panel: four "η = …: oscillates" titles overlap
    layout = copy.deepcopy(_panels_layout(tuple(f"η = {lr:g}" for lr in sweep)))
    traces, notes = [], []
    for col, (lr, path) in enumerate(sweep.items(), start=1):
        n = col if col > 1 else ""
        axes = dict(xaxis=f"x{n}", yaxis=f"y{n}")
        traces.append(go.Scatter(x=xs, y=z, mode="lines", line=dict(color=NEUTRAL, width=2), showlegend=False,
                                 name="error curve", **axes))
        keep = _inside(path.points, (xs[0], xs[-1]))
        traces.append(go.Scatter(x=path.points[keep, 0], y=path.errors[keep] + f_min, mode="lines+markers",
                                 name=f"η = {lr:g}", showlegend=False, marker=dict(size=5, color=colour(col - 1)),
                                 line=dict(width=1, color=colour(col - 1)), **axes))
        layout[f"xaxis{n}"]["range"] = [xs[0], xs[-1]]
        layout[f"yaxis{n}"]["range"] = [float(np.min(z)) - 0.1, float(np.max(z)) + 0.1]
        text = words[lr] if path.diverged_at is None else f"{words[lr]}<br>left the chart at step {path.diverged_at}"
        notes.append(dict(text=text, showarrow=False, x=0.5, y=0.98, yanchor="top", xref=f"x{n} domain",
                          yref=f"y{n} domain", font=dict(color=NEGATIVE if path.diverged_at is not None else NEUTRAL)))
    layout["annotations"] = layout.get("annotations", []) + notes
    # one Figure from the finished parts: adding traces and annotations one by one re-validates the layout each time
    return base_layout(go.Figure(data=traces, layout=layout), None, height)
