"""Figures for the Classification boundaries page: decision regions, training curves, errors per class.

Live training redraws these several times a second, and the server holds Python's GIL (which the trainer needs)
while it builds and serialises them. So each figure is split into a frame (traces and layout that do not move
while training: the points, the click grid, titles and margins), built once and cached by the page, and the few
arrays that do move, filled in without Plotly's per-property validation, compactly typed (the regions as one byte
per cell, curves as float32)."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from figures.palette import NEGATIVE, POSITIVE, base_layout, class_colour, on_white

CLICK_GRID_NAME = "click anywhere to add a point"
CLASS_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x")  # shape as well as colour tells classes apart
REGION_LEVELS = 50  # heatmap values per class: z = class * 50 + how sure (0-49), one byte per cell for 5 classes
_TITLE = "·"  # a frame's stand-in title: the margins are sized for one; each redraw writes the real one


def region_colourscale(n_classes: int) -> list:
    """Band k of [0, 1] is class k, from pale (unsure) to its light colour (sure)."""
    scale = []
    for k in range(n_classes):
        colour = class_colour(k)
        scale += [[k / n_classes, on_white(colour, 0.08)], [(k + 1) / n_classes, on_white(colour, 0.6)]]
    return scale


def region_values(probs: np.ndarray) -> np.ndarray:
    """Winning class * REGION_LEVELS + how sure (0 = a coin toss between all classes, REGION_LEVELS - 1 = certain),
    as uint8 for the colourscale (zmax = n_classes * REGION_LEVELS): class k's band is [k, k + 1) * REGION_LEVELS."""
    probs = np.asarray(probs)
    n_classes = probs.shape[-1]
    best = probs.argmax(-1)
    sure = (probs.max(-1) - 1 / n_classes) / (1 - 1 / n_classes)
    level = np.clip(np.floor(sure * REGION_LEVELS), 0, REGION_LEVELS - 1)
    return (best * REGION_LEVELS + level).astype(np.uint8)


def region_classes(z) -> np.ndarray:
    """The winning class of each cell of a decision figure's heatmap values."""
    return np.asarray(z) // REGION_LEVELS


def refill(fig: dict, columns: dict[int, dict], title: str | None = None, layout: dict | None = None) -> go.Figure:
    """A figure from a cached frame `fig` (a figure's dict) with trace i's fields replaced by columns[i], and the
    title text and top-level layout entries replaced. The frame is shared and never changed; nothing is re-validated
    (the frame was built through Plotly, and the columns are plain arrays). Every trace is a new dict: Plotly pops
    and puts back a trace's "type" as it builds a figure, which would change the frame under another session."""
    data = [dict(t) for t in fig["data"]]
    for i, fields in columns.items():
        data[i] = {**data[i], **fields}
    lay = {**fig["layout"], **(layout or {})}
    if title is not None and "title" in lay:
        lay["title"] = {**lay["title"], "text": title}
    return go.Figure({"data": data, "layout": lay}, skip_invalid=False, _validate=False)


def decision_frame(xs, ys, n_classes: int, train_x, train_y, test_x, test_y, class_names, *, added=None,
                   click_grid: int = 0, titled: bool = True, height: int = 460) -> dict:
    """The decision figure without its regions (heatmap values) and title text: what a redraw does not change."""
    xs, ys = np.asarray(xs), np.asarray(ys)
    fig = go.Figure(go.Heatmap(x=xs.astype(np.float32), y=ys.astype(np.float32), zmin=0,
                               zmax=n_classes * REGION_LEVELS, colorscale=region_colourscale(n_classes),
                               showscale=False, hoverinfo="skip", name="decision regions"))
    if click_grid:
        gx, gy = np.meshgrid(np.linspace(xs[0], xs[-1], click_grid), np.linspace(ys[0], ys[-1], click_grid))
        fig.add_trace(go.Scatter(x=gx.ravel().astype(np.float32), y=gy.ravel().astype(np.float32), mode="markers",
                                 name=CLICK_GRID_NAME, showlegend=False,
                                 marker=dict(size=12, opacity=0.0, color="#000000"),
                                 hovertemplate="add a point at (%{x:.2f}, %{y:.2f})<extra></extra>"))
    for split, x, y, style in (("train", train_x, train_y, "filled"), ("test", test_x, test_y, "open")):
        x, y = np.asarray(x, dtype=np.float32), np.asarray(y)
        for k in range(n_classes):
            pts = x[y == k]
            symbol = CLASS_SYMBOLS[k % len(CLASS_SYMBOLS)]
            marker = (dict(size=8, color=class_colour(k), symbol=symbol, line=dict(width=1, color="#FFFFFF"))
                      if style == "filled" else
                      dict(size=9, color=class_colour(k), symbol=f"{symbol}-open", line=dict(width=2)))
            fig.add_trace(go.Scatter(x=pts[:, 0], y=pts[:, 1], mode="markers", marker=marker,
                                     name=f"{class_names[k]} {split}",
                                     legendgroup=split, hovertemplate=f"{class_names[k]} ({split})<extra></extra>"))
    if added is not None and len(added):
        added = np.asarray(added, dtype=float)
        colours = [class_colour(int(c)) for c in added[:, 2]]
        fig.add_trace(go.Scatter(x=added[:, 0], y=added[:, 1], mode="markers", name="added by you",
                                 marker=dict(size=15, symbol="star", color=colours,
                                             line=dict(width=1.5, color="#000000")),
                                 hovertemplate="added (%{x:.2f}, %{y:.2f})<extra></extra>"))
    fig.update_xaxes(range=[float(xs[0]), float(xs[-1])], title="x1", constrain="domain")
    fig.update_yaxes(range=[float(ys[0]), float(ys[-1])], title="x2", scaleanchor="x", constrain="domain")
    fig = base_layout(fig, _TITLE if titled else None, height=height)
    fig.update_layout(clickmode="event+select")
    return fig.to_dict()


def fill_regions(fig: dict, probs, title: str | None = None) -> go.Figure:
    """A decision frame (`decision_frame`) with these class probabilities (R, R, K) as its regions, and this title."""
    return refill(fig, {0: {"z": region_values(probs)}}, title)


_HIDDEN_TEXT = "rgba(0,0,0,0)"


def split_layers(fig: dict) -> tuple[dict, dict]:
    """A decision frame `fig` as two stacked figures with the same plot area: (regions, points). The regions layer
    is the heatmap and the title, with the axes' and legend's text invisible (still taking their room); the points
    layer is everything else (points, click grid, stars, axes, legend) on a transparent background, drawn over it.
    While a network trains only the regions layer changes, so the points layer (which catches the clicks) stays put
    in the browser: it is not rebuilt, resent or replaced under the mouse."""
    lay = fig["layout"]

    def axis(name: str, **changes) -> dict:
        return {**lay[name], **changes}

    def quiet(name: str) -> dict:  # the axis's text in the same place and size, invisible
        title = lay[name].get("title", {})
        return axis(name, tickfont={**lay[name].get("tickfont", {}), "color": _HIDDEN_TEXT},
                    title={**title, "font": {**title.get("font", {}), "color": _HIDDEN_TEXT}})

    # The regions layer keeps the points layer's legend too, invisible (legend-only copies of its traces, no ink):
    # Streamlit's theme lets a legend change the plot area, and the two plot areas must match.
    ghosts = [{**t, "visible": "legendonly", "marker": {**t.get("marker", {}), "opacity": 0}, "hoverinfo": "skip"}
              for t in fig["data"][1:] if t.get("showlegend") is not False]
    legend = {**lay.get("legend", {}), "font": {**lay.get("legend", {}).get("font", {}), "color": _HIDDEN_TEXT}}
    regions = {"data": [fig["data"][0], *ghosts],
               "layout": {**lay, "legend": legend, "xaxis": quiet("xaxis"), "yaxis": quiet("yaxis")}}
    title = lay.get("title", {})
    points = {"data": [dict(t) for t in fig["data"][1:]], "layout": {
        **lay, "paper_bgcolor": _HIDDEN_TEXT, "plot_bgcolor": _HIDDEN_TEXT,
        # the grid stays under the regions (as in one figure); the title is the regions layer's; no zoom or pan,
        # which would move the points off the regions under them
        "xaxis": axis("xaxis", showgrid=False, zeroline=False, fixedrange=True),
        "yaxis": axis("yaxis", showgrid=False, zeroline=False, fixedrange=True),
        "title": {**title, "font": {**title.get("font", {}), "color": _HIDDEN_TEXT}}}}
    return regions, points


def decision_figure(xs, ys, probs, train_x, train_y, test_x, test_y, class_names, *, added=None,
                    click_grid: int = 0, title: str | None = None, height: int = 460) -> go.Figure:
    """Decision regions as a heatmap, training points filled, test points hollow, clicked-in points as stars.

    `click_grid` > 0 lays an invisible click_grid x click_grid scatter over the plot so a click anywhere
    selects a point (Plotly only reports clicks on points, not on a heatmap)."""
    frame = decision_frame(xs, ys, np.shape(probs)[-1], train_x, train_y, test_x, test_y, class_names, added=added,
                           click_grid=click_grid, titled=bool(title), height=height)
    return fill_regions(frame, probs, title)


SERIES = (("train", POSITIVE, "solid"), ("test", NEGATIVE, "dash"))
METRICS = (("loss", "y"), ("acc", "y2"))  # loss on top, accuracy below, one shared x axis


def curves_frame(height: int = 460) -> dict:
    """The curves figure with no data: two stacked y axes over one x axis (lighter than make_subplots)."""
    fig = go.Figure()
    for split, colour, dash in SERIES:
        for metric, yaxis in METRICS:
            fig.add_trace(go.Scatter(x=[], y=[], yaxis=yaxis, mode="lines", name=split, legendgroup=split,
                                     showlegend=metric == "loss", line=dict(color=colour, dash=dash, width=2.5)))
    fig.update_layout(xaxis=dict(anchor="y2", title="training step"),
                      yaxis=dict(domain=[0.58, 1.0], rangemode="tozero", title="loss"),
                      yaxis2=dict(domain=[0.0, 0.42], range=[0, 1.02], title="accuracy"))
    return base_layout(fig, None, height=height).to_dict()


def fill_curves(fig: dict, history: dict) -> go.Figure:
    """A curves frame (`curves_frame`) with this training history."""
    steps = np.asarray(history.get("step", []), dtype=np.int32)
    columns, i = {}, 0
    for split, _, _ in SERIES:
        for metric, _ in METRICS:
            columns[i] = {"x": steps, "y": np.asarray(history.get(f"{split}_{metric}", []), dtype=np.float32)}
            i += 1
    return refill(fig, columns)


def curves_figure(history: dict, height: int = 460) -> go.Figure:
    """Loss (top) and accuracy (bottom) on the training and test sets, per logged step."""
    return fill_curves(curves_frame(height), history)


def errors_frame(train_counts, test_counts, class_names, height: int = 280) -> dict:
    """The errors figure with no counts of mistakes yet: bars, colours, totals, titles."""
    names = list(class_names)
    colours = [class_colour(k) for k in range(len(names))]
    fig = go.Figure()
    for split, totals, pattern in (("train", train_counts, ""), ("test", test_counts, "/")):
        fig.add_trace(go.Bar(x=names, y=[0] * len(names), name=split, textposition="outside",
                             marker=dict(color=colours, pattern_shape=pattern), customdata=list(totals),
                             hovertemplate=f"class %{{x}} ({split}): %{{y}} of %{{customdata}} wrong<extra></extra>"))
    fig.update_yaxes(title="points wrong")
    fig.update_layout(barmode="group")
    return base_layout(fig, "Mistakes per class", height=height).to_dict()


def fill_errors(fig: dict, train_errors, test_errors) -> go.Figure:
    """An errors frame (`errors_frame`) with these mistakes per class."""
    top = max([1, *train_errors, *test_errors])
    columns = {i: {"y": [int(e) for e in errors], "text": [str(int(e)) for e in errors]}
               for i, errors in enumerate((train_errors, test_errors))}
    yaxis = {**fig["layout"].get("yaxis", {}), "range": [0, top * 1.3 + 1]}
    return refill(fig, columns, layout={"yaxis": yaxis})


def errors_figure(train_errors, test_errors, train_counts, test_counts, class_names, height: int = 280) -> go.Figure:
    """Mistakes per class: solid bars on the training set, hatched on the test set, labelled with the count.
    The favoured class of a policy should sink here while the others rise."""
    return fill_errors(errors_frame(train_counts, test_counts, class_names, height), train_errors, test_errors)
