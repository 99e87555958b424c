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


def pending_selection(key: str) -> dict | None:
    """A click (points selection) on the chart with user key `key`, read before the chart is drawn again.

    While a chart redraws on a timer (live training), each run gives it a new element id (the id hashes the
    figure). A click sent for the copy the browser still shows then arrives under the old id, and
    st.session_state[key] already points at the new one: the click would be lost. So look under every id of this
    key as well (Streamlit's widget ids end with "-<key>"). Pinned Streamlit; on any change inside it, this falls
    back to the public lookup."""
    value = st.session_state.get(key)
    if _points(value):
        return value
    try:
        import json

        from streamlit.runtime.state.session_state import Serialized
        from streamlit.runtime.state.session_state_proxy import get_session_state

        states = get_session_state()._state._new_widget_state.states
        for wid, wstate in list(states.items()):
            if not wid.endswith(f"-{key}"):
                continue
            found = (json.loads(wstate.value.json_value or "null") if isinstance(wstate, Serialized)
                     else wstate.value)
            if _points(found):
                return found
    except Exception:  # internals moved: the public lookup above still works when no redraw raced the click
        return None
    return None
