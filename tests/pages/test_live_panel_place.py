"""The live panel's place on the page (ui.live): clicks on its charts must reach it whatever was drawn before it."""
from __future__ import annotations

import pytest

from tests.pages.test_live import app, trainer, wait_for


@pytest.fixture
def fragment_places(monkeypatch) -> dict[str, list]:
    """Where on the page each fragment was made (its delta path, which its id hashes), by function name."""
    from streamlit.runtime import fragment

    places: dict[str, list] = {}
    make_identity = fragment._make_fragment_identity

    def recording(func, *, delta_path, additional_hash_info):
        places.setdefault(func.__qualname__, []).append(delta_path)
        return make_identity(func, delta_path=delta_path, additional_hash_info=additional_hash_info)

    monkeypatch.setattr(fragment, "_make_fragment_identity", recording)
    return places


def test_the_panel_keeps_its_place_and_id_when_a_notice_comes_and_goes(fragment_places):
    """Issue 8.9: a click on a chart inside the panel goes to the fragment id it was drawn under, and that id hashes
    the panel's place on the page. The notice after a change during training must not move it: a click made as the
    next full run redrew the panel went to an id that no longer existed, and was lost (seen in the browser test)."""
    at = app(total=100_000, step_s=0.002)
    at.button(key="fake.model.v1.play").click().run()
    wait_for(at, lambda a: trainer(a).steps_done >= 50)
    at.session_state["lr"] = 0.2
    at.run()
    assert any("Settings changed during training" in i.value for i in at.info)  # the notice is on the page
    at.run()
    assert not any("Settings changed during training" in i.value for i in at.info)  # and gone again
    at.button(key="fake.model.v1.play").click().run()  # pause: stop the thread
    places = [p for name, ps in fragment_places.items() if "live_panel" in name for p in ps]
    assert len(places) >= 4 and len(set(places)) == 1, places


NOTES_SCRIPT = '''
import streamlit as st
from ui.url_state import PageState, Param

state = PageState("probe", [Param("n", 3, 1, 9)])
state.show_notes()

@st.fragment
def panel():
    st.write("inside")

panel()
'''


def test_a_links_notes_do_not_move_what_follows(fragment_places):
    """A bad link's notes show on the first run only; the page below them (its fragments) keeps its place."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(NOTES_SCRIPT, default_timeout=30)
    at.query_params["n"] = "many"
    at.run()
    assert any("Ignored the link's value for n" in i.value for i in at.info)
    at.run()
    assert not at.info
    places = fragment_places.get("panel", [])
    assert len(places) == 2 and places[0] == places[1], places
