"""Widgets bound to a page's URL settings: the range and choices come from the Param, once."""
from __future__ import annotations

from contextlib import contextmanager

import streamlit as st

from ui.url_state import PageState


def slider(state: PageState, name: str, label: str, help: str | None = None, container=st, **kw):
    p = state.params[name]
    step = p.step if p.step is not None else (1 if isinstance(p.default, int) else None)
    lo = type(p.default)(p.lo)
    hi = type(p.default)(p.hi)
    return container.slider(label, min_value=lo, max_value=hi, step=step, key=state.key(name), help=help, **kw)


def select(state: PageState, name: str, label: str, help: str | None = None, container=st, horizontal=False, **kw):
    p = state.params[name]
    if horizontal:
        return container.radio(label, p.choices, key=state.key(name), help=help, horizontal=True, **kw)
    return container.selectbox(label, p.choices, key=state.key(name), help=help, **kw)


def multiselect(state: PageState, name: str, label: str, help: str | None = None, container=st, **kw):
    p = state.params[name]
    return container.multiselect(label, p.choices, key=state.key(name), help=help, **kw)


def toggle(state: PageState, name: str, label: str, help: str | None = None, container=st, **kw):
    return container.toggle(label, key=state.key(name), help=help, **kw)


def number(state: PageState, name: str, label: str, help: str | None = None, container=st, **kw):
    p = state.params[name]
    kind = type(p.default)
    return container.number_input(label, min_value=kind(p.lo), max_value=kind(p.hi), step=p.step or kind(1),
                                  key=state.key(name), help=help, **kw)


@contextmanager
def secondary(label: str = "More settings"):
    """Controls a presenter can do without: in an expander that starts closed in presenter mode."""
    presenter = bool(st.session_state.get("_presenter", False))
    with st.expander(label, expanded=not presenter):
        yield


def _points(value) -> list:
    try:
        return list((value or {}).get("selection", {}).get("points", []) or [])
    except AttributeError:
        return []


def chart_clicks(key: str) -> list[tuple[str, dict]]:
    """Every points selection (click) held for the chart with user key `key`, as (element id, selection).

    A chart redrawn on a timer (live training) gets a new element id each run (the id hashes the figure), and a
    click on the copy the browser still shows arrives under the old id, which st.session_state[key] no longer
    points at: such a click would be lost. So this also looks under every id of this key (Streamlit's element
    ids end with "-<key>"; pinned Streamlit; if its internals move, only the public lookup is used). The caller
    remembers which (id, point) it has handled."""
    found = []
    try:
        import json

        from streamlit.runtime.state.session_state import Serialized
        from streamlit.runtime.state.session_state_proxy import get_session_state

        states = get_session_state()._state._new_widget_state.states
        for wid, wstate in list(states.items()):
            if wid.endswith(f"-{key}"):
                held = json.loads(wstate.value.json_value or "null") if isinstance(wstate, Serialized) else wstate.value
                if _points(held):
                    found.append((wid, held))
    except Exception:  # internals moved: the public lookup below still sees clicks on the chart as last drawn
        found = []
    value = st.session_state.get(key)
    here = [(p.get("x"), p.get("y")) for _, v in found for p in _points(v)[:1]]
    if _points(value) and (_points(value)[0].get("x"), _points(value)[0].get("y")) not in here:
        found.append((f"key:{key}", value))  # not already found under its element id
    return found
