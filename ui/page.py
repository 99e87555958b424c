"""What every page does first: page config, presenter mode, the grouped sidebar, the device."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import streamlit as st
import torch

from core.device import describe, pick_device
from ui import session_keys as keys
from ui.course_map import PARTS
from ui.theme import PRESENTER_CSS


@dataclass
class PageContext:
    device: torch.device
    presenter: bool


@st.cache_resource(show_spinner="Warming up…")
def _preload_core() -> bool:
    """Import every core module and take one tiny optimiser step, once per server process, so later pages do not
    each wait for scikit-learn to load or for torch's first optimiser step (about 1 s each on a 2-core CPU).
    Done in the foreground on purpose: importing in a background thread let other code see half-imported
    modules (plotly found a half-initialised pandas)."""
    import importlib

    import core
    from core.modules import module_names

    for name in module_names(core, skip=("prepare",)):
        try:
            importlib.import_module(name)
        except Exception:  # a broken module shows its error on its own page, not here
            pass
    model = torch.nn.Linear(2, 2)
    optimiser = torch.optim.Adam(model.parameters())
    model(torch.zeros(1, 2)).sum().backward()
    optimiser.step()
    return True


@st.cache_resource
def _device(forced: str | None) -> torch.device:
    return pick_device(forced)


def current_device() -> torch.device:
    """The device chosen once per process (DLCC_DEVICE read at start); an impossible request stops the page
    with a plain message instead of a traceback."""
    import os

    try:
        return _device(os.environ.get("DLCC_DEVICE") or None)
    except (ValueError, RuntimeError) as exc:
        st.error(f"Cannot use the requested device: {exc}. Unset DLCC_DEVICE or set it to cpu.")
        st.stop()


def _presenter_from_url() -> bool:
    raw = st.query_params.get("presenter", "0")
    return raw in ("1", "true")


def _set_presenter(on: bool) -> None:
    st.session_state[keys.PRESENTER] = on
    if on:
        st.query_params["presenter"] = "1"
    elif "presenter" in st.query_params:
        del st.query_params["presenter"]


def setup_page(title: str, icon: str, layout: str = "wide") -> PageContext:
    st.set_page_config(page_title=f"{title} · Deep Learning Crash Course", page_icon=icon, layout=layout,
                       initial_sidebar_state="expanded")
    if keys.PRESENTER not in st.session_state:  # the URL decides on opening; the toggle decides after that
        st.session_state[keys.PRESENTER] = _presenter_from_url()
    presenter = bool(st.session_state[keys.PRESENTER])
    device = current_device()
    _preload_core()
    if presenter:
        st.markdown(PRESENTER_CSS, unsafe_allow_html=True)
        st.button("✕ Leave presenter mode", key=keys.LEAVE_PRESENTER, on_click=_set_presenter, args=(False,))
    _sidebar(device, presenter)
    return PageContext(device=device, presenter=presenter)


def _sidebar(device: torch.device, presenter: bool) -> None:
    with st.sidebar:
        st.page_link("app.py", label="Course map", icon="🗺️")
        for part in PARTS:
            if not any(p.exists for p in part.pages):
                continue
            st.caption(f"Part {part.number} · {part.title}")
            for page in part.pages:
                if page.exists:
                    st.page_link(page.path, label=page.title, icon=page.icon)
        st.divider()
        st.markdown(f"**Device:** `{describe(device)}`")
        st.session_state[keys.PRESENTER_TOGGLE] = presenter  # the widget follows the mode, whoever changed it
        st.toggle("Presenter mode", key=keys.PRESENTER_TOGGLE,
                  on_change=lambda: _set_presenter(bool(st.session_state[keys.PRESENTER_TOGGLE])),
                  help="Large type, no sidebar, secondary controls folded away. Also ?presenter=1 in the URL.")


def share_link(label: str = "Link to exactly this demo") -> None:
    """The page's URL with every setting in it; st.code gives it a copy button."""
    query = urlencode(dict(st.query_params.items()))
    base = ""
    try:
        base = (st.context.url or "").split("?")[0]
    except Exception:  # no browser context (tests): a relative link still reproduces the settings
        pass
    st.caption(label)
    st.code(f"{base}?{query}" if query else base or "?", language=None)
