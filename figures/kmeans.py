"""k-means pictures: Voronoi regions, points coloured by cluster, centroids with their trails; and the
elbow / silhouette curves for choosing k."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from figures.palette import NEUTRAL, base_layout, class_colour, light, text_on
from figures.subplots import subplots

MAX_DRAWN_POINTS = 5000  # more would slow the browser; the clustering itself uses every point


def cluster_symbol(i: int) -> str:
    """The palette has 8 colours; clusters 9 and 10 reuse them with another marker shape."""
    return ("circle", "diamond", "square")[(i // 8) % 3]


def _discrete_scale(k: int, alpha: float) -> list:
    scale = []
    for i in range(k):
        colour = light(class_colour(i), alpha)
        scale += [[i / k, colour], [(i + 1) / k, colour]]
    return scale


WEBGL_FROM = 3000  # points


def drawn_subset(n: int, limit: int = MAX_DRAWN_POINTS) -> np.ndarray:
    """Indices of the points to draw: all, or a fixed random subset (same every rerun, so nothing flickers)."""
    if n <= limit:
        return np.arange(n)
    return np.sort(np.random.default_rng(0).choice(n, limit, replace=False))


def kmeans_traces(points: np.ndarray, labels: np.ndarray | None, centroids: np.ndarray,
                  trail: np.ndarray | None = None, regions: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
                  marker_size: int = 6) -> tuple[list, list[dict]]:
    """One k-means picture's traces (Voronoi regions as a heatmap of the nearest centroid's label, points by cluster,
    grey before the first assignment, centroids as big numbered markers, `trail` (steps, k, 2) where they came from)
    and the annotations that number the centroids when the points use WebGL."""
    k = len(centroids)
    traces, notes = [], []
    if regions is not None:
        xs, ys, grid = regions
        traces.append(go.Heatmap(x=xs, y=ys, z=grid, zmin=-0.5, zmax=k - 0.5, colorscale=_discrete_scale(k, 0.22),
                                 showscale=False, hoverinfo="skip", name="regions"))
    shown = drawn_subset(len(points))
    pts = points[shown]
    # WebGL only pays off for many points; each WebGL chart costs a context, slow to start on software rendering
    scatter = go.Scattergl if len(pts) > WEBGL_FROM else go.Scatter
    if labels is None:
        traces.append(scatter(x=pts[:, 0], y=pts[:, 1], mode="markers", name="points (not yet assigned)",
                              marker=dict(size=marker_size, color=NEUTRAL, line=dict(width=0))))
    else:
        lab = labels[shown]
        for i in range(k):
            mine = lab == i
            traces.append(scatter(x=pts[mine, 0], y=pts[mine, 1], mode="markers", name=f"cluster {i + 1}",
                                  marker=dict(size=marker_size, color=class_colour(i), symbol=cluster_symbol(i),
                                              opacity=0.8, line=dict(width=0))))
    # WebGL traces are drawn on a canvas above every SVG trace: once the points use WebGL, the trails and
    # centroids must too (drawn after the points), and the centroid numbers become annotations, which sit on top.
    if trail is not None and len(trail) > 1:
        for i in range(k):
            traces.append(scatter(x=trail[:, i, 0], y=trail[:, i, 1], mode="lines+markers", showlegend=False,
                                  name=f"trail {i + 1}", hoverinfo="skip",
                                  line=dict(color=class_colour(i), width=2,
                                            dash="dot" if scatter is go.Scatter else "dash"),
                                  marker=dict(size=5, color=class_colour(i))))
    colours = [class_colour(i) for i in range(k)]
    numbers = [str(i + 1) for i in range(k)]
    text_colours = [text_on(c) for c in colours]  # black on yellow, white on dark blue
    webgl = scatter is go.Scattergl
    traces.append(scatter(x=centroids[:, 0], y=centroids[:, 1], mode="markers" if webgl else "markers+text",
                          name="centroids", text=numbers, textposition="middle center",
                          textfont=dict(color=text_colours, size=12),
                          marker=dict(size=24, symbol="circle", color=colours, line=dict(color="black", width=2)),
                          hovertemplate="centroid %{text}<br>(%{x:.2f}, %{y:.2f})<extra></extra>"))
    if webgl:
        notes = [dict(x=cx, y=cy, text=number, showarrow=False, font=dict(color=colour, size=12),
                      name="centroid number")
                 for (cx, cy), number, colour in zip(centroids[:, :2].tolist(), numbers, text_colours, strict=True)]
    return traces, notes


def kmeans_figure(points: np.ndarray, labels: np.ndarray | None, centroids: np.ndarray, trail: np.ndarray | None = None,
                  regions: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None, title: str | None = None,
                  height: int = 520, marker_size: int = 6) -> go.Figure:
    """The k-means picture (kmeans_traces) with equal axes, so borders look as straight and square as they are."""
    traces, notes = kmeans_traces(points, labels, centroids, trail, regions, marker_size)
    fig = go.Figure(traces)
    for note in notes:
        fig.add_annotation(**note)
    base_layout(fig, title, height)
    fig.update_yaxes(scaleanchor="x", scaleratio=1)
    if regions is not None:
        fig.update_xaxes(range=[float(regions[0][0]), float(regions[0][-1])])
        fig.update_yaxes(range=[float(regions[1][0]), float(regions[1][-1])])
    return fig


def wrong_k_figure(points: np.ndarray, cases: list[tuple[str, np.ndarray, np.ndarray, tuple]],
                   height: int = 360, marker_size: int = 4) -> go.Figure:
    """Several k-means pictures side by side in one chart, each `case` (title, labels, centroids, regions): one
    chart for the browser to lay out instead of three, and above WEBGL_FROM points one WebGL context instead of
    three. No legend: the colours are the clusters, numbered on their centroids."""
    fig = subplots(rows=1, cols=len(cases), subplot_titles=[c[0] for c in cases], horizontal_spacing=0.04)
    for col, (_, labels, centroids, regions) in enumerate(cases, start=1):
        traces, notes = kmeans_traces(points, labels, centroids, None, regions, marker_size)
        for t in traces:
            fig.add_trace(t.update(showlegend=False), row=1, col=col)
        for note in notes:
            fig.add_annotation(**note, row=1, col=col)
    base_layout(fig, None, height)
    for col, (*_, regions) in enumerate(cases, start=1):
        axis = "" if col == 1 else str(col)
        fig.update_layout({f"xaxis{axis}": dict(range=[float(regions[0][0]), float(regions[0][-1])]),
                           f"yaxis{axis}": dict(range=[float(regions[1][0]), float(regions[1][-1])],
                                                scaleanchor=f"x{axis}", scaleratio=1)})
    return fig


def _vline(fig: go.Figure, x: float, col: int, line: dict) -> None:
    """A vertical line across subplot `col` of a one-row figure (add_vline's subplot lookup cost ~7 ms a line)."""
    axis = "" if col == 1 else str(col)
    fig.add_shape(type="line", x0=x, x1=x, y0=0, y1=1, xref=f"x{axis}", yref=f"y{axis} domain", line=line)


def choose_k_figure(ks, inertias, silhouettes, chosen_k: int, true_k: int | None = None, best_k: int | None = None,
                    height: int = 360) -> go.Figure:
    """Inertia (look for the elbow) and silhouette (higher is better; undefined at k = 1) against k."""
    fig = subplots(rows=1, cols=2, subplot_titles=("Inertia: look for the elbow", "Silhouette: higher is better"),
                   horizontal_spacing=0.12)
    ks = list(ks)
    sil = [None if (s is None or np.isnan(s)) else s for s in silhouettes]
    fig.add_trace(go.Scatter(x=ks, y=list(inertias), mode="lines+markers", name="inertia",
                             line=dict(color=class_colour(0), width=3), marker=dict(size=8)), row=1, col=1)
    fig.add_trace(go.Scatter(x=ks, y=sil, mode="lines+markers", name="silhouette",
                             line=dict(color=class_colour(1), width=3), marker=dict(size=8)), row=1, col=2)
    if chosen_k in ks:
        j = ks.index(chosen_k)
        fig.add_trace(go.Scatter(x=[chosen_k], y=[inertias[j]], mode="markers", name=f"your k = {chosen_k}",
                                 marker=dict(size=18, symbol="star", color=class_colour(5),
                                             line=dict(color="black", width=1))),
                      row=1, col=1)
        if sil[j] is not None:
            fig.add_trace(go.Scatter(x=[chosen_k], y=[sil[j]], mode="markers", showlegend=False,
                                     name=f"your k = {chosen_k}",
                                     marker=dict(size=18, symbol="star", color=class_colour(5),
                                                 line=dict(color="black", width=1))), row=1, col=2)
        for col in (1, 2):
            _vline(fig, chosen_k, col, dict(color=class_colour(5), width=2))
    if true_k is not None:
        for col in (1, 2):
            _vline(fig, true_k, col, dict(color=NEUTRAL, width=2, dash="dash"))
        # inside the plot, under its top edge: above it is the subplot title's place
        fig.add_annotation(x=true_k, y=0.98, yref="y domain", text=f"true k = {true_k}", showarrow=False,
                           xanchor="left", xshift=4, yanchor="top", font=dict(color="#555555"),
                           bgcolor="rgba(255,255,255,0.85)", row=1, col=1)
    if best_k is not None:
        fig.add_annotation(x=best_k, y=sil[ks.index(best_k)], text="best", showarrow=True, arrowhead=2, ay=30,
                           row=1, col=2)  # below the point: above the highest silhouette is the title's place
    if ks and ks[0] == 1:
        fig.add_annotation(x=1, y=0.05, yref="y domain", text="undefined<br>at k = 1", showarrow=False,
                           font=dict(color="#555555"), yanchor="bottom", row=1, col=2)
    fig.update_xaxes(title_text="k (number of clusters)", dtick=1)
    return base_layout(fig, None, height)
