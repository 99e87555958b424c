"""k-means pictures: Voronoi regions, points coloured by cluster, centroids with their trails; and the
elbow / silhouette curves for choosing k."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from figures import layout
from figures.palette import NEUTRAL, base_layout, class_colour, light, rgb, text_on
from figures.raster import SHAPES, IndexedPicture, label_picture, picture_size, png_data_uri, point_cover
from figures.subplots import subplots

MAX_DRAWN_POINTS = 5000  # more would slow the browser; the clustering itself uses every point
REGION_ALPHA = 0.22  # the regions' colours, see-through over white: the points stay the strongest colours
# A wrong-k picture is drawn on the server (figures/raster.py) at about twice the size it takes on a laptop's page,
# so it stays sharp on a projector: a ~240 px panel, 480 px pictures, the markers scaled to match.
PICTURE_PIXELS, PANEL_PIXELS = 480, 240


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
        traces.append(go.Heatmap(x=xs, y=ys, z=grid, zmin=-0.5, zmax=k - 0.5,
                                 colorscale=_discrete_scale(k, REGION_ALPHA),
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
    traces.append(centroid_trace(centroids, scatter))
    if scatter is go.Scattergl:
        numbers, text_colours = _centroid_numbers(k)
        notes = [dict(x=cx, y=cy, text=number, showarrow=False, font=dict(color=colour, size=12),
                      name="centroid number")
                 for (cx, cy), number, colour in zip(centroids[:, :2].tolist(), numbers, text_colours, strict=True)]
    return traces, notes


def _centroid_numbers(k: int) -> tuple[list[str], list[str]]:
    """Each centroid's number and the text colour that reads on its marker (black on yellow, white on dark blue)."""
    return [str(i + 1) for i in range(k)], [text_on(class_colour(i)) for i in range(k)]


def centroid_trace(centroids: np.ndarray, scatter=go.Scatter):
    """The centroids as big markers in their clusters' colours, numbered inside (WebGL cannot draw the numbers:
    kmeans_traces adds them as annotations)."""
    k = len(centroids)
    numbers, text_colours = _centroid_numbers(k)
    return scatter(x=centroids[:, 0], y=centroids[:, 1], mode="markers" if scatter is go.Scattergl else "markers+text",
                   name="centroids", text=numbers, textposition="middle center",
                   textfont=dict(color=text_colours, size=12),
                   marker=dict(size=24, symbol="circle", color=[class_colour(i) for i in range(k)],
                               line=dict(color="black", width=2)),
                   hovertemplate="centroid %{text}<br>(%{x:.2f}, %{y:.2f})<extra></extra>")


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


def cluster_picture(points: np.ndarray, labels: np.ndarray, k: int,
                    regions: tuple[np.ndarray, np.ndarray, np.ndarray], long_side: int = PICTURE_PIXELS,
                    marker_size: float = 4, opacity: float = 0.8) -> IndexedPicture:
    """A k-means picture without its centroids, spanning the regions' grid from its first cell centre to its last:
    the regions in light colours, every point in its cluster's colour and shape at `opacity` over its region.
    `marker_size` is a marker's diameter on a PANEL_PIXELS-wide panel, as Plotly's marker size is. Colour
    numbers: 0..k-1 the regions, then k + k * cluster + region a point of `cluster` over `region`."""
    if k + k * k > 256:
        raise ValueError(f"a picture of {k} clusters needs {k + k * k} colours; a PNG palette holds 256")
    xs, ys, grid = regions
    x_range, y_range = (float(xs[0]), float(xs[-1])), (float(ys[0]), float(ys[-1]))
    width, height = picture_size(x_range, y_range, long_side)
    cluster_rgb = np.array([rgb(class_colour(i)) for i in range(k)], dtype=np.float64)
    region_rgb = 255 + (cluster_rgb - 255) * REGION_ALPHA
    blends = opacity * cluster_rgb[:, None] + (1 - opacity) * region_rgb[None, :]  # (cluster, region, 3)
    index = label_picture(np.asarray(grid), width, height).astype(np.uint8)
    shown = drawn_subset(len(points))  # as the main chart: past that the picture is full and the drawing slow
    points, labels = np.asarray(points)[shown, :2], np.asarray(labels)[shown]
    shapes = np.array([SHAPES.index(cluster_symbol(i)) for i in range(k)])[labels]
    radius = marker_size / 2 * long_side / PANEL_PIXELS
    top = point_cover(points, x_range, y_range, width, height, radius, shapes)
    covered = top >= 0
    index[covered] = k + k * labels[top[covered]] + index[covered]
    return IndexedPicture(index, np.concatenate([region_rgb, blends.reshape(-1, 3)]))


def wrong_k_figure(points: np.ndarray, cases: list[tuple[str, np.ndarray, np.ndarray, tuple]],
                   height: int = 360, marker_size: int = 4) -> go.Figure:
    """Several k-means pictures side by side in one chart, each `case` (title, labels, centroids, regions). The
    regions and points of each are one picture drawn on the server (cluster_picture: a browser takes ~0.15 ms to
    draw each SVG point, ~300 ms for three pictures of 600 points, after every change of the data); the centroids
    stay markers, numbered, with their hover. No legend: the colours are the clusters, numbered on their
    centroids."""
    fig = subplots(rows=1, cols=len(cases), subplot_titles=[c[0] for c in cases], horizontal_spacing=0.04)
    traces, changes = [], {"images": []}
    for col, (_, labels, centroids, regions) in enumerate(cases, start=1):
        axis = "" if col == 1 else str(col)
        traces.append(centroid_trace(np.asarray(centroids)).update(showlegend=False, xaxis=f"x{axis}",
                                                                    yaxis=f"y{axis}"))
        xs, ys, _ = regions
        x_range, y_range = [float(xs[0]), float(xs[-1])], [float(ys[0]), float(ys[-1])]
        picture = cluster_picture(points, labels, len(centroids), regions, marker_size=marker_size)
        changes["images"].append(dict(source=png_data_uri(picture), xref=f"x{axis}", yref=f"y{axis}", x=x_range[0],
                                      y=y_range[1], sizex=x_range[1] - x_range[0], sizey=y_range[1] - y_range[0],
                                      xanchor="left", yanchor="top", sizing="stretch", layer="below"))
        # the picture covers the plot area exactly; grid lines would be drawn over it
        changes[f"xaxis{axis}"] = dict(range=x_range, showgrid=False, zeroline=False)
        changes[f"yaxis{axis}"] = dict(range=y_range, showgrid=False, zeroline=False, scaleanchor=f"x{axis}",
                                       scaleratio=1)
    fig.add_traces(traces)
    layout.quick_update(fig, changes)
    return base_layout(fig, None, height)


def _vline(x: float, col: int, line: dict) -> dict:
    """A vertical line across subplot `col` of a one-row figure, as a layout shape."""
    axis = "" if col == 1 else str(col)
    return dict(type="line", x0=x, x1=x, y0=0, y1=1, xref=f"x{axis}", yref=f"y{axis} domain", line=line)


def choose_k_figure(ks, inertias, silhouettes, chosen_k: int, true_k: int | None = None, best_k: int | None = None,
                    height: int = 360) -> go.Figure:
    """Inertia (look for the elbow) and silhouette (higher is better; undefined at k = 1) against k. Built from
    plain traces and one layout update (Plotly's add_trace / add_shape / add_annotation by row and column look the
    subplot up and validate at every call: ~4x slower, and this chart is rebuilt whenever k moves)."""
    fig = subplots(rows=1, cols=2, subplot_titles=("Inertia: look for the elbow", "Silhouette: higher is better"),
                   horizontal_spacing=0.12)
    ks = list(ks)
    sil = [None if (s is None or np.isnan(s)) else s for s in silhouettes]
    traces = [dict(type="scatter", x=ks, y=list(inertias), mode="lines+markers", name="inertia",
                   line=dict(color=class_colour(0), width=3), marker=dict(size=8), xaxis="x", yaxis="y"),
              dict(type="scatter", x=ks, y=sil, mode="lines+markers", name="silhouette",
                   line=dict(color=class_colour(1), width=3), marker=dict(size=8), xaxis="x2", yaxis="y2")]
    shapes, notes = [], [a.to_plotly_json() for a in fig.layout.annotations]  # the subplot titles
    if chosen_k in ks:
        j = ks.index(chosen_k)
        star = dict(size=18, symbol="star", color=class_colour(5), line=dict(color="black", width=1))
        traces.append(dict(type="scatter", x=[chosen_k], y=[inertias[j]], mode="markers",
                           name=f"your k = {chosen_k}", marker=star, xaxis="x", yaxis="y"))
        if sil[j] is not None:
            traces.append(dict(type="scatter", x=[chosen_k], y=[sil[j]], mode="markers", showlegend=False,
                               name=f"your k = {chosen_k}", marker=star, xaxis="x2", yaxis="y2"))
        shapes += [_vline(chosen_k, col, dict(color=class_colour(5), width=2)) for col in (1, 2)]
    if true_k is not None:
        shapes += [_vline(true_k, col, dict(color=NEUTRAL, width=2, dash="dash")) for col in (1, 2)]
        # inside the plot, under its top edge: above it is the subplot title's place
        notes.append(dict(x=true_k, y=0.98, xref="x", yref="y domain", text=f"true k = {true_k}", showarrow=False,
                          xanchor="left", xshift=4, yanchor="top", font=dict(color="#555555"),
                          bgcolor="rgba(255,255,255,0.85)"))
    if best_k is not None:  # below the point: above the highest silhouette is the title's place
        notes.append(dict(x=best_k, y=sil[ks.index(best_k)], xref="x2", yref="y2", text="best", showarrow=True,
                          arrowhead=2, ay=30))
    if ks and ks[0] == 1:
        notes.append(dict(x=1, y=0.05, xref="x2", yref="y2 domain", text="undefined<br>at k = 1", showarrow=False,
                          font=dict(color="#555555"), yanchor="bottom"))
    fig.add_traces(traces)
    axis = dict(title=dict(text="k (number of clusters)"), dtick=1)
    layout.quick_update(fig, {"shapes": shapes, "annotations": notes, "xaxis": axis, "xaxis2": axis})
    return base_layout(fig, None, height)
