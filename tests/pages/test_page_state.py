"""PageState's precedence, on a running script: the link, else the copy kept from the last visit, else the default."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script():
    import streamlit as st

    from ui.url_state import PageState, Param

    if st.session_state.get("away"):  # the visitor is on another page: this page's widgets are not drawn
        st.write("another page")
        return
    state = PageState("prec", [Param("n", 5, 0, 10)])
    state.show_notes()
    st.slider("n", 0, 10, key=state.key("n"))
    state.sync_url()


def _leave_and_come_back(at: AppTest, query: dict) -> AppTest:
    """The visitor goes to another page (Streamlit drops the state of widgets not drawn), then opens this
    page again with `query` as its URL."""
    at.session_state["away"] = True
    at.run()
    assert "prec.n" not in at.session_state
    at.session_state["away"] = False
    for k in list(at.query_params):
        del at.query_params[k]
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def test_default_then_the_link_then_the_kept_copy():
    at = AppTest.from_function(_script).run()
    assert at.slider(key="prec.n").value == 5
    at.slider(key="prec.n").set_value(7).run()
    _leave_and_come_back(at, {})  # no link: the copy kept from the last visit wins over the default
    assert at.slider(key="prec.n").value == 7
    _leave_and_come_back(at, {"n": "3"})  # a link wins over the kept copy
    assert at.slider(key="prec.n").value == 3
    _leave_and_come_back(at, {})  # and what the link set is what is kept
    assert at.slider(key="prec.n").value == 3


def test_a_bad_link_value_keeps_the_previous_setting_and_says_so():
    at = AppTest.from_function(_script).run()
    at.slider(key="prec.n").set_value(8).run()
    _leave_and_come_back(at, {"n": "1e9"})
    assert at.slider(key="prec.n").value == 8
    notes = [i.value for i in at.info]
    assert notes == ["Ignored the link's value for n: expected a whole number from 0 to 10. "
                     "Kept your previous setting."]


def test_a_fresh_session_with_a_bad_value_uses_the_default():
    at = AppTest.from_function(_script)
    at.query_params["n"] = "abc"
    at.run()
    assert at.slider(key="prec.n").value == 5
    assert [i.value for i in at.info] == ["Ignored the link's value for n: expected a whole number from 0 to 10. "
                                          "Using the default (5)."]
