"""A shared link is untrusted text. Every page, every setting: Markdown, HTML and very long values in the
link give plain notes saying what was expected; no link, image or HTML reaches anything shown as Markdown."""
from __future__ import annotations

import pytest

from tests.pages.apptest import open_page
from ui.course_map import all_pages

EVIL = "evil.example"
HOSTILE = {
    "markdown": f"[Session expired: sign in](https://{EVIL}/login) ![x](https://{EVIL}/pixel.png) **bold**",
    "html": f"<img src=https://{EVIL}/p.png onerror=alert(1)><a href='https://{EVIL}'>x</a><script>alert(1)</script>",
    "long": "7" * 3000 + f"https://{EVIL}/" + "x" * 3000,
}
# Elements whose text Streamlit renders as Markdown (st.text and st.code do not).
MARKDOWN_ELEMENTS = ("markdown", "caption", "info", "warning", "error", "success", "toast", "title", "header",
                     "subheader", "exception")


def rendered_markdown(at) -> list[str]:
    out = []
    for kind in MARKDOWN_ELEMENTS:
        for el in at.get(kind):
            out.append(str(getattr(el, "value", "") or ""))
    for m in at.get("metric"):
        out.append(str(m.label))
    return out


def assert_safe(texts: list[str]) -> None:
    for text in texts:
        low = text.lower()
        assert EVIL not in low, text[:300]
        assert "](" not in text and "<img" not in low and "<script" not in low and "<a " not in low, text[:300]
        assert len(text) < 2000, text[:300]


@pytest.mark.parametrize("course_page", all_pages(), ids=lambda p: p.url_path)
def test_hostile_values_in_every_setting_are_plain_notes(course_page):
    names = [k for k in open_page(course_page.path).query_params if k != "presenter"]
    assert names, "the page writes its settings to the URL"
    for kind, value in HOSTILE.items():
        at = open_page(course_page.path, {**{n: value for n in names}, "presenter": value})
        assert not at.exception, (kind, at.exception)
        assert_safe(rendered_markdown(at))
        notes = " ".join(i.value for i in at.info)
        assert "Ignored the link's value for presenter: expected 1 or 0." in notes
        refused = [n for n in names if f"Ignored the link's value for {n}:" in notes]
        assert refused, (kind, notes)  # most settings refuse such text; those that take free text show it plainly
        assert "presenter" not in at.query_params  # a bad mode is dropped from the URL, not kept silently


def test_the_home_page_is_safe_too():
    for value in HOSTILE.values():
        at = open_page("app.py", {"presenter": value})
        assert not at.exception
        assert_safe(rendered_markdown(at))
