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
