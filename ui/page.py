"""What every page does first: page config, presenter mode, the grouped sidebar, the device."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st
import torch
from threadpoolctl import threadpool_limits

from core.device import describe, pick_device
from figures import layout as figure_layout
from ui import session_keys as keys
from ui.course_map import PARTS, ROOT, CoursePage, all_pages
from ui.live import stop_training_elsewhere
from ui.theme import PAGE_CSS, PRESENTER_CSS

# Torch threads for a page's own script run (predictions, grids, scans). One, as for live training (ui/live_runner):
# the browser and the server share the CPU with it, and on a busy 2-core CPU two threads per small op wait for each
# other (k-means' choose-k scan: 0.9 s with two, ~0.15 s with one). Per thread, so training threads keep theirs.
# numpy's BLAS (OpenBLAS: one pool for the whole process) gets the same limit: with the other core busy drawing the
# page, its two threads took the choose-k scan's silhouettes from 25 to 57 ms (24 with one).
PAGE_THREADS = int(os.environ.get("DLCC_PAGE_THREADS", "1"))


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
    # Every BLAS library now loaded (numpy's, scipy's) to PAGE_THREADS threads. Here, because no page code runs
    # until this has returned (every session waits on this cache): OpenBLAS may hang if its pool is resized while
    # another thread is inside a BLAS call.
    if PAGE_THREADS > 0:
        threadpool_limits(limits=PAGE_THREADS, user_api="blas")
    return True


@st.cache_resource(max_entries=4)
def _device(forced: str | None) -> torch.device:
    return pick_device(forced)


def current_device() -> torch.device:
    """The device chosen once per process (DLCC_DEVICE read at start); an impossible request stops the page
    with a plain message instead of a traceback."""
    try:
        return _device(os.environ.get("DLCC_DEVICE") or None)
    except (ValueError, RuntimeError) as exc:
        st.error(f"Cannot use the requested device: {exc}. Unset DLCC_DEVICE or set it to cpu.")
        st.stop()


PRESENTER_ON, PRESENTER_OFF = ("1", "true", "on", "yes"), ("0", "false", "off", "no")


def _presenter_from_url() -> bool:
    """?presenter=1 turns presenter mode on; anything but a yes or no is dropped from the URL with a note."""
    raw = st.query_params.get("presenter", "0").strip().lower()
    if raw not in PRESENTER_ON + PRESENTER_OFF:
        del st.query_params["presenter"]
        st.session_state[keys.PRESENTER_NOTE] = True
    return raw in PRESENTER_ON


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
    if presenter and st.query_params.get("presenter") != "1":  # reached by a link: the URL says so too
        st.query_params["presenter"] = "1"
    figure_layout.set_presenter(presenter)  # every figure built in this run gets presenter sizes
    if PAGE_THREADS > 0 and torch.get_num_threads() != PAGE_THREADS:
        torch.set_num_threads(PAGE_THREADS)
    device = current_device()
    stop_training_elsewhere()  # training belongs to its page: moving on frees the server for others
    _preload_core()
    if presenter:  # style only: Streamlit adds it without taking up space on the page
        st.html(PRESENTER_CSS)
    else:
        st.html(PAGE_CSS)
    _course_nav(_caller_page(sys._getframe(1).f_code.co_filename), presenter)
    if st.session_state.pop(keys.PRESENTER_NOTE, False):
        st.info("Ignored the link's value for presenter: expected 1 or 0.", icon="🔗")
    _sidebar(device, presenter)
    return PageContext(device=device, presenter=presenter)


def _caller_page(filename: str) -> CoursePage | None:
    """The course page whose script called setup_page (None on the home page)."""
    try:
        rel = Path(filename).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return None
    return next((p for p in all_pages() if p.path == rel), None)


def neighbours(page: CoursePage | None) -> tuple[CoursePage | None, CoursePage | None]:
    """The previous and next demo in course order (of the pages that exist)."""
    pages = all_pages()
    if page is None:  # the home page: the first demo is next
        return None, (pages[0] if pages else None)
    i = next(i for i, p in enumerate(pages) if p.path == page.path)
    return (pages[i - 1] if i > 0 else None), (pages[i + 1] if i + 1 < len(pages) else None)


def _course_nav(page: CoursePage | None, presenter: bool) -> None:
    """Previous / course map / next, in course order, on every page; in presenter mode (no sidebar) they are
    the navigation, and they keep presenter mode on."""
    prev, nxt = neighbours(page)
    query = {"presenter": "1"} if presenter else None
    c1, c2, c3, c4 = st.columns([3, 2, 3, 2], vertical_alignment="center")
    if prev is not None:
        c1.page_link(prev.path, label=f"Previous: {prev.title}", icon="⬅️", query_params=query)
    if page is not None:
        c2.page_link("app.py", label="Course map", icon="🗺️", query_params=query)
    if nxt is not None:
        c3.page_link(nxt.path, label=f"Next: {nxt.title}", icon="➡️", query_params=query)
    if presenter:
        c4.button("✕ Leave presenter mode", key=keys.LEAVE_PRESENTER, on_click=_set_presenter, args=(False,))


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
