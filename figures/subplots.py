"""plotly.subplots.make_subplots, built once per grid: Plotly lays a grid out with validation at every step (11-23 ms
a figure here, on every rerun and every live redraw), and a copy of a grid built before is the same figure in a
fraction of that time. Builders call `subplots(...)` exactly as they would call make_subplots."""
from __future__ import annotations

import functools
import json

import plotly.graph_objects as go
from plotly.subplots import make_subplots


def subplots(*args, **grid) -> go.Figure:
    """make_subplots(*args, **grid) as a new figure of its own (add_trace(row=, col=) works as usual)."""
    try:
        key = json.dumps([args, grid], sort_keys=True)
    except TypeError:  # arguments JSON cannot hold (numpy numbers, Plotly objects): built as usual
        return make_subplots(*args, **grid)
    return go.Figure(_grid(key))


@functools.lru_cache(maxsize=128)
def _grid(key: str) -> go.Figure:
    """The grid of `key`; never handed out itself (go.Figure copies it), so nothing can change it."""
    args, grid = json.loads(key)
    return make_subplots(*args, **grid)
