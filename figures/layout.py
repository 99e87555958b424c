"""One layout for every chart, in a normal and a presenter size.

Rules (checked over every builder by tests/pages/test_figure_layout.py):
- the title sits at the top of the figure, inside a top margin tall enough for it and for any subplot titles;
- the legend sits at the bottom of the figure, below the x-axis ticks and title, in a margin sized for it;
- text never smaller than the base font by much; in presenter mode everything is bigger, explicit sizes too;
- in presenter mode a title wraps to the width of its chart: a builder drawn in a column is told its share of the
  page (`span`), since a figure cannot know how wide Streamlit will draw it.
Presenter mode is per session: ui.page sets it at the start of every script run (the run's own thread)."""
from __future__ import annotations

import math
import textwrap
import threading
from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio


@dataclass(frozen=True)
class Sizes:
    font: int  # px, axis labels and legend
    title: int  # px, the chart title
    height_scale: float


NORMAL = Sizes(font=14, title=17, height_scale=1.0)
PRESENTER = Sizes(font=20, title=24, height_scale=1.25)
LINE = 1.35  # a line of text is about this many font sizes tall
CHAR = 0.6  # an average character is about this many font sizes wide
LEGEND_WIDTH = 480  # px: the width we assume a legend can use before it wraps (charts often sit in columns)
# The page's main column in presenter mode on a 1280 px projector (the narrowest screen the presenter test checks;
# the sidebar is hidden there), and a title character's width in font sizes (0.47 measured on our titles there).
PRESENTER_PAGE_PX = 1230
TITLE_CHAR = 0.5
MULTILINE_PAD = 4  # px more above a title of several lines (Plotly draws its first line at the figure's edge)
_state = threading.local()

# plotly_white's look without its per-trace defaults (for some forty trace types): validating and copying those took
# ~40 ms per figure, twice per chart (when built, and again when Streamlit re-validates it), on every live redraw.
TEMPLATE = "dlcc_white"
pio.templates[TEMPLATE] = go.layout.Template(layout=pio.templates["plotly_white"].layout)
pio.templates.default = TEMPLATE


def set_presenter(on: bool) -> None:
    """Called by ui.page for the session whose script runs in this thread."""
    _state.presenter = bool(on)


def presenter() -> bool:
    return bool(getattr(_state, "presenter", False))


def sizes() -> Sizes:
    return PRESENTER if presenter() else NORMAL


def legend_entries(fig: go.Figure) -> list[str]:
    """Names the legend will list (one per legend group), or [] when Plotly shows no legend."""
    if fig.layout.showlegend is False:
        return []
    names, groups = [], set()
    for t in fig.data:
        if getattr(t, "showlegend", False) is False or not getattr(t, "name", None):  # go.Image has no legend
            continue
        group = getattr(t, "legendgroup", None) or t.name
        if group in groups:
            continue
        groups.add(group)
        names.append(str(t.name))
    return names if (len(names) >= 2 or fig.layout.showlegend) else []


def legend_rows(names: list[str], font: int) -> int:
    width = sum(len(n) * CHAR * font + 2.6 * font for n in names)
    return max(1, math.ceil(width / LEGEND_WIDTH))


def top_annotations(fig: go.Figure) -> list:
    """Annotations drawn above the plot area (subplot titles): they need room in the top margin."""
    out = []
    for a in fig.layout.annotations:
        yref = a.yref or "y"
        if (yref == "paper" or yref.endswith("domain")) and a.y is not None and a.y >= 0.999 and a.yanchor == "bottom":
            out.append(a)
    return out


def title_lines(title: str, span: float, font: int) -> list[str]:
    """`title` broken at spaces into lines that fit a chart `span` of the presenter page wide (its own <br> kept)."""
    room = max(8, int((span * PRESENTER_PAGE_PX - 30) / (TITLE_CHAR * font)))  # 30 px: the title's pad and slack
    return [line for part in title.split("<br>")
            for line in (textwrap.wrap(part, room, break_long_words=False, break_on_hyphens=False) or [part])]


def x_axis_band(fig: go.Figure, font: int) -> float:
    """Height below the plot area used by the x axis: tick labels and, if any, its title."""
    band = 0.0
    for axis in fig.select_xaxes():
        if axis.visible is False:
            continue
        height = (LINE * font + 6) + ((LINE * font + 8) if axis.title.text else 0)
        band = max(band, height)
    return band


def _scale_fonts(fig: go.Figure, factor: float, minimum: int) -> None:
    """Explicit font sizes grow with the base font (presenter) and never fall far below it."""
    def scaled(size):
        return None if size is None else max(minimum, round(size * factor))

    for a in fig.layout.annotations:
        if a.font.size is not None:
            a.font.size = scaled(a.font.size)
    for t in fig.data:
        textfont = getattr(t, "textfont", None)
        size = getattr(textfont, "size", None) if textfont is not None else None
        if size is not None and not isinstance(size, tuple):
            textfont.size = scaled(textfont.size)


def apply(fig: go.Figure, title: str | None = None, height: int = 360, span: float = 1.0) -> go.Figure:
    """Title, margins, legend, fonts and height for `fig`, in the current (normal or presenter) size; `span`: the
    share of the page's width the chart is drawn in, so a presenter title can wrap to it (read it off the page at
    1280 px: Streamlit's columns are not exactly their weights, and the presenter test checks it there).
    Call it last in a builder: it measures the subplot titles and legend entries already there."""
    s = sizes()
    minimum = round(0.85 * s.font)
    _scale_fonts(fig, s.font / NORMAL.font, minimum)
    top = 10.0
    if title:
        lines = title_lines(title, span, s.title) if presenter() else title.split("<br>")
        title = "<br>".join(lines)
        top += LINE * s.title * len(lines) + 12 + (MULTILINE_PAD if len(lines) > 1 else 0)
    subplot_titles = top_annotations(fig)
    for a in subplot_titles:
        a.yshift = 4
    if subplot_titles:  # a title of several lines ("<br>") needs a line of margin for each
        top += LINE * max((a.font.size or s.font + 2) * (1 + str(a.text).count("<br>")) for a in subplot_titles) + 8
    names = legend_entries(fig)
    bottom = 10.0 + x_axis_band(fig, s.font)
    legend = dict(orientation="h", yref="container", y=0, yanchor="bottom", x=0, xanchor="left",
                  font=dict(size=s.font), bgcolor="rgba(255,255,255,0)")
    if names:
        bottom += legend_rows(names, s.font) * (LINE * s.font + 6) + 6
    changes = dict(
        height=round(height * s.height_scale), font=dict(size=s.font),
        margin=dict(l=10, r=10, t=round(top), b=round(bottom), autoexpand=True),
        legend=legend, hoverlabel=dict(font=dict(size=s.font)),
    )
    if title:
        # Plotly centres a title of several lines on its anchor: push it down by half the extra lines (its line
        # spacing is 1.3 font sizes) and a little more, or the first line sits above the figure or on its edge.
        extra = title.count("<br>")
        shift = 1.3 * s.title * extra / 2 + (MULTILINE_PAD if extra else 0)
        changes["title"] = dict(text=title, x=0, xref="container", xanchor="left", y=1, yref="container",
                                yanchor="top", pad=dict(t=round(8 + shift), l=10), font=dict(size=s.title))
    elif fig.layout.title.text is not None:
        changes["title"] = dict(text=None)
    changes.update({axis.plotly_name: dict(automargin=True) for axis in (*fig.select_xaxes(), *fig.select_yaxes())})
    quick_update(fig, changes)
    return fig


def quick_update(fig: go.Figure, changes: dict) -> None:
    """fig.update_layout(changes), about 8x faster: Plotly merges a nested update key by key, validating each path
    (~4 ms a figure, paid on every rerun and every live redraw); merging plain dicts and replacing each top-level
    property whole gives the same layout."""
    fig.update_layout({name: _merged(fig.layout[name], change) for name, change in changes.items()}, overwrite=True)


def _merged(current, change):
    """`change` laid over `current` (a Plotly object, a plain value or None), as plain values."""
    if not isinstance(change, dict):
        return change
    base = current.to_plotly_json() if hasattr(current, "to_plotly_json") else dict(current or {})
    return {**base, **{k: _merged(base.get(k), v) for k, v in change.items()}}
