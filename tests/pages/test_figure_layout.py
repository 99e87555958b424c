"""Every figure builder (every public function in figures/*.py that returns a go.Figure), called with small sample
arguments in the normal and the presenter size, keeps the layout rules of figures/layout.py: the title and subplot
titles inside the top margin, no label printed over a subplot title, the legend below the x axis in a margin of
its own, no text much smaller than the rest, everything bigger in presenter mode, WebGL traces not hiding others.

A new builder needs an entry in SAMPLES (tests/pages/figure_samples.py; the test says which are missing)."""
from __future__ import annotations

import inspect

import plotly.graph_objects as go
import pytest

from figures import layout
from tests.pages.figure_samples import SAMPLES, builders, sample_calls


def test_every_builder_has_sample_arguments():
    missing = sorted(set(builders()) - set(SAMPLES))
    assert not missing, f"add sample arguments for these builders to SAMPLES (tests/pages/figure_samples.py): {missing}"
    assert len(builders()) >= 12


def _font(fig: go.Figure) -> int:
    return fig.layout.font.size


def _in_top_band(a) -> bool:
    yref = a.yref or "y"
    return (yref == "paper" or yref.endswith("domain")) and a.y is not None and a.y >= 0.999 and a.yanchor == "bottom"


def check_rules(fig: go.Figure) -> list[str]:
    problems = []
    font = _font(fig)
    margin = fig.layout.margin
    need_top = 0.0
    if fig.layout.title.text:
        t = fig.layout.title
        if t.yref != "container" or t.yanchor != "top":
            problems.append("the title must hang from the top of the figure (yref container, yanchor top)")
        need_top += 1.2 * (t.font.size or font) * (1 + t.text.count("<br>"))  # a line of margin for each
    top = [a for a in fig.layout.annotations if _in_top_band(a)]
    if top:
        need_top += 1.2 * max((a.font.size or font) * (1 + str(a.text).count("<br>")) for a in top)
    if (margin.t or 0) < need_top:
        problems.append(f"top margin {margin.t} px is less than the {need_top:.0f} px its titles need")
    for a in top:
        if a.xref != "paper":
            problems.append(f"annotation {a.text!r} sits in the subplot-title band: put it inside its plot")
    def width(a):  # the longest of its lines
        return max(len(line) for line in str(a.text).split("<br>")) * 0.3 * (a.font.size or font) / 700

    spans = sorted((a.x - width(a), a.x + width(a), a.text) for a in top)
    for (_, end, text), (start, _, other) in zip(spans, spans[1:], strict=False):
        if start < end:
            problems.append(f"subplot titles {text!r} and {other!r} overlap")
    for a in fig.layout.annotations:  # text standing right of the plots (row titles) needs a right margin for it
        if (a.xref or "x") == "paper" and a.x is not None and a.x >= 0.999 and a.xanchor == "left":
            need = len(str(a.text)) * 0.6 * (a.font.size or font)
            if (margin.r or 0) < need:
                problems.append(f"{a.text!r} stands right of the plots in a {margin.r} px margin ({need:.0f} needed)")
    for a in fig.layout.annotations:
        yref = a.yref or "y"
        if yref.endswith("domain") and yref != "paper" and a.y is not None and not _in_top_band(a):
            if a.y > 1 or (a.y > 0.9 and a.yanchor not in ("top", "middle")):
                problems.append(f"annotation {a.text!r} reaches above its plot, over the subplot title")
    names = layout.legend_entries(fig)
    if names:
        lg = fig.layout.legend
        if lg.yref != "container" or (lg.y or 0) > 0.01 or lg.yanchor != "bottom":
            problems.append("the legend must sit at the bottom of the figure, below the x axis (yref container, y 0)")
        need = layout.x_axis_band(fig, font) + layout.legend_rows(names, font) * 1.2 * font
        if (margin.b or 0) < need:
            problems.append(f"bottom margin {margin.b} px cannot hold the x axis and the legend ({need:.0f} px)")
    sizes = [a.font.size for a in fig.layout.annotations if a.font.size] + [
        t.textfont.size for t in fig.data if getattr(t, "textfont", None) is not None
        and isinstance(t.textfont.size, (int, float))]
    small = [s for s in sizes if s < 0.8 * font]
    if small:
        problems.append(f"text of {small} px next to a base font of {font} px")
    if fig.layout.template.data.to_plotly_json():
        problems.append("a template with per-trace defaults: every redraw validates and copies it twice (use "
                        "figures.layout's light template, the default)")
    gl = [i for i, t in enumerate(fig.data) if t.type == "scattergl"]
    if gl:
        hidden = [t.name for t in fig.data if t.type == "scatter" and (t.visible is not False)]
        if hidden:
            problems.append(f"SVG traces {hidden} are drawn under the WebGL canvas: make them WebGL too")
    return problems


@pytest.fixture
def presenter_mode():
    layout.set_presenter(True)
    yield
    layout.set_presenter(False)


@pytest.mark.parametrize("name,kwargs", list(sample_calls()))
def test_layout_rules_normal_and_presenter(name, kwargs):
    fn = builders()[name]
    layout.set_presenter(False)
    normal = fn(**kwargs)
    assert check_rules(normal) == [], name
    layout.set_presenter(True)
    try:
        big = fn(**kwargs)
    finally:
        layout.set_presenter(False)
    assert check_rules(big) == [], name
    assert _font(big) >= 18 and _font(big) > _font(normal)
    assert big.layout.height > normal.layout.height
    if normal.layout.title.text:
        assert big.layout.title.font.size > normal.layout.title.font.size


def test_the_rules_catch_the_old_layout():
    """The checker itself: the layout every figure had before (legend at y=-0.15 of the plot, a 10 px top margin
    under subplot titles) breaks the rules."""
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=2, subplot_titles=("f(x)", "f′(x)"))
    fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], name="a"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[0, 1], y=[1, 0], name="b"), row=1, col=2)
    fig.update_layout(margin=dict(l=10, r=10, t=10, b=10), font=dict(size=14), legend=dict(orientation="h", y=-0.15))
    problems = " ".join(check_rules(fig))
    assert "top margin" in problems and "legend" in problems



LONG_TITLE = "a title of many words that would never fit a narrow column on a projector"


def _fits(line: str, span: float, font: int) -> bool:
    return " " not in line or len(line) * layout.TITLE_CHAR * font <= span * layout.PRESENTER_PAGE_PX - 30


@pytest.mark.parametrize("name", [n for n, fn in builders().items() if "span" in inspect.signature(fn).parameters])
def test_a_builder_told_its_span_wraps_its_presenter_title_to_it(name, presenter_mode):
    """A chart in a narrow column: in presenter mode its title breaks into lines that fit the column (at 1280 px
    such titles ran off the chart's side); every word kept; in the normal size it stays one line."""
    fn = builders()[name]
    kwargs = dict(SAMPLES[name][0])
    if "title" in inspect.signature(fn).parameters:
        kwargs["title"] = LONG_TITLE
    fig = fn(**kwargs, span=0.2)
    size, text = fig.layout.title.font.size, fig.layout.title.text
    lines = text.split("<br>")
    assert len(lines) >= 2 and all(_fits(line, 0.2, size) for line in lines), (name, lines)
    assert " ".join(lines).split() == (kwargs.get("title") or text.replace("<br>", " ")).split()
    assert check_rules(fig) == [], name
    layout.set_presenter(False)
    assert "<br>" not in fn(**kwargs, span=0.2).layout.title.text
