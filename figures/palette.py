"""One colour-blind-safe palette (Okabe & Ito) and layout defaults for every chart."""
from __future__ import annotations

import plotly.graph_objects as go

from figures import layout

CLASS_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
POSITIVE, NEGATIVE, NEUTRAL = "#0072B2", "#D55E00", "#999999"
# Diverging scale for signed maps (blue positive, orange-red negative), readable with any colour vision.
DIVERGING = [[0.0, "#D55E00"], [0.5, "#F7F7F7"], [1.0, "#0072B2"]]
SEQUENTIAL = "Cividis"


def class_colour(i: int) -> str:
    return CLASS_COLOURS[i % len(CLASS_COLOURS)]


def rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))


def light(hex_colour: str, alpha: float = 0.25) -> str:
    """The colour, see-through: for regions drawn under points."""
    r, g, b = rgb(hex_colour)
    return f"rgba({r},{g},{b},{alpha})"


def on_white(hex_colour: str, amount: float) -> str:
    """The opaque colour `amount` of the way from white to `hex_colour`."""
    r, g, b = (round(255 + (c - 255) * amount) for c in rgb(hex_colour))
    return f"rgb({r},{g},{b})"


def text_on(hex_colour: str) -> str:
    """Black or white, whichever reads better on `hex_colour` (WCAG relative luminance)."""
    def linear(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(hex_colour))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#FFFFFF"


def base_layout(fig: go.Figure, title: str | None = None, height: int = 360, span: float = 1.0) -> go.Figure:
    """Every figure's layout (title, margins, legend, normal or presenter size): see figures/layout.py."""
    return layout.apply(fig, title, height, span)
