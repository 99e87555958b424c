"""Figure builders cached by their inputs, so a rerun after one widget rebuilds only the figures it changed.

The key also holds the presenter size (figures/layout.py sizes fonts and heights by it): a figure built for the
normal page is never served to presenter mode. Cached figures are shared by every session: never mutate one."""
from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import streamlit as st
import torch

from figures import layout

_REGISTRY: dict[str, Callable] = {}
_LIVE = threading.local()  # set while a live panel draws a model that is training (see live_figures)


def _tensor_key(t: torch.Tensor) -> tuple:
    return tuple(t.shape), str(t.dtype), t.detach().cpu().numpy().tobytes()


@st.cache_resource(max_entries=160, show_spinner=False, hash_funcs={torch.Tensor: _tensor_key})
def _build(name: str, presenter: bool, args: tuple, kwargs: dict):
    return _REGISTRY[name](*args, **kwargs)


@st.cache_resource(max_entries=32, show_spinner=False, hash_funcs={torch.Tensor: _tensor_key})
def _build_live(name: str, presenter: bool, args: tuple, kwargs: dict):
    return _REGISTRY[name](*args, **kwargs)


def cached(*builders: Callable) -> list[Callable]:
    """Each builder wrapped: same call, result cached per (builder, presenter size, arguments)."""
    wrapped = []
    for builder in builders:
        name = f"{builder.__module__}.{builder.__qualname__}"
        _REGISTRY[name] = builder

        @functools.wraps(builder)
        def call(*args, _name=name, **kwargs):
            build = _build_live if getattr(_LIVE, "on", False) else _build
            return build(_name, layout.presenter(), args, kwargs)

        wrapped.append(call)
    return wrapped


@contextmanager
def live_figures() -> Iterator[None]:
    """Inside this block figures are cached in a small store of their own: a model that is training gives new
    figures at every redraw, which would push every page's figures out of the shared cache, while the frames that
    stay the same during training (e.g. the boundaries map's points layer) are still built once."""
    before = getattr(_LIVE, "on", False)
    _LIVE.on = True
    try:
        yield
    finally:
        _LIVE.on = before
