"""Figure builders cached by their inputs, so a rerun after one widget rebuilds only the figures it changed.

The key also holds the presenter size (figures/layout.py sizes fonts and heights by it): a figure built for the
normal page is never served to presenter mode. Cached figures are shared by every session: never mutate one."""
from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st
import torch

from figures import layout

_REGISTRY: dict[str, Callable] = {}


def _tensor_key(t: torch.Tensor) -> tuple:
    return tuple(t.shape), str(t.dtype), t.detach().cpu().numpy().tobytes()


@st.cache_resource(max_entries=160, show_spinner=False, hash_funcs={torch.Tensor: _tensor_key})
def _build(name: str, presenter: bool, args: tuple, kwargs: dict):
    return _REGISTRY[name](*args, **kwargs)


def cached(*builders: Callable) -> list[Callable]:
    """Each builder wrapped: same call, result cached per (builder, presenter size, arguments)."""
    wrapped = []
    for builder in builders:
        name = f"{builder.__module__}.{builder.__qualname__}"
        _REGISTRY[name] = builder

        @functools.wraps(builder)
        def call(*args, _name=name, **kwargs):
            return _build(_name, layout.presenter(), args, kwargs)

        wrapped.append(call)
    return wrapped
