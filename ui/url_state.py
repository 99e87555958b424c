"""Every page setting lives in the URL query string, so a copied link reproduces the demo.

A page declares its settings as Params. On each run, settings missing from session state are taken
from the URL (validated), else from the copy kept when the user last left the page, else the default.
After the widgets run, the current values are written back to the URL. A bad or hostile URL value is
ignored with a note; it never raises."""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from ui import session_keys as keys

GLOBAL_PARAMS = ("presenter",)  # owned by ui.page, kept in the URL on every page
MAX_TEXT = 200
MAX_LISTED = 30  # a note lists the choices only up to this many


@dataclass(frozen=True)
class Param:
    name: str
    default: Any
    lo: float | None = None
    hi: float | None = None
    choices: tuple | None = None
    step: float | None = None
    # A setting of its own kind (e.g. a list of points): parse(text) -> value or ValueError, dump(value) -> text.
    codec: Any = None
    expect: str | None = None  # what a good value looks like, in words, when the default wording will not do

    def expected(self) -> str:
        """What a good value looks like, in words made from the Param alone (never from the link's text)."""
        if self.expect:
            return self.expect
        if self.codec is not None:
            return self.codec.expected
        d = self.default
        many = self.choices is not None and len(self.choices) > MAX_LISTED
        if isinstance(d, tuple):
            return "a comma-separated list of " + (f"{len(self.choices)} choices (see the page's menu)" if many else
                                                   ", ".join(self.dump(c) for c in self.choices or ()))
        if self.choices is not None:
            if many:  # 1,000 ImageNet classes make a note nobody reads
                return f"one of the {len(self.choices):,} choices in the page's menu"
            return "one of " + ", ".join(self.dump(c) for c in self.choices)
        if isinstance(d, bool):
            return "1 or 0"
        if isinstance(d, (int, float)):
            kind = "a whole number" if isinstance(d, int) else "a number"
            if self.lo is not None and self.hi is not None:
                return f"{kind} from {self.lo:g} to {self.hi:g}"
            return kind
        return f"text of at most {MAX_TEXT} characters"

    def parse(self, text: str) -> Any:
        """The value `text` stands for, or ValueError (its message is never shown: the note says expected())."""
        if self.codec is not None:
            return self.codec.parse(text)
        text = text.strip()
        if len(text) > MAX_TEXT:
            raise ValueError("too long")
        d = self.default
        if isinstance(d, tuple):  # a multiselect: comma-separated choices
            items = tuple(t for t in (s.strip() for s in text.split(",")) if t)
            lookup = {**{str(c): c for c in self.choices or ()}, **{self.dump(c): c for c in self.choices or ()}}
            bad = [t for t in items if t not in lookup]
            if bad:
                raise ValueError(f"unknown choice(s) {', '.join(bad)}")
            return tuple(lookup[t] for t in items)
        if self.choices is not None:  # accept what dump() writes as well as str(): 0.0 is written "0"
            lookup = {**{str(c): c for c in self.choices}, **{self.dump(c): c for c in self.choices}}
            if text not in lookup:
                raise ValueError(f"expected one of {', '.join(lookup)}")
            return lookup[text]
        if isinstance(d, bool):
            if text.lower() in ("1", "true", "yes", "on"):
                return True
            if text.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError("expected 1 or 0")
        if isinstance(d, int):
            value = int(text)  # "1e9" and "20.5" raise: a whole number was expected
        elif isinstance(d, float):
            value = float(text)
            if not math.isfinite(value):
                raise ValueError("expected a finite number")
        else:
            return text
        if (self.lo is not None and value < self.lo) or (self.hi is not None and value > self.hi):
            raise ValueError(f"expected a number from {self.lo:g} to {self.hi:g}")
        return value

    def dump(self, value: Any) -> str:
        if self.codec is not None:
            return self.codec.dump(value)
        if isinstance(value, (tuple, list)):
            return ",".join(str(v) for v in value)
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, float):
            return f"{value:.6g}"
        return str(value)


def _default_words(p: Param) -> str:
    text = p.dump(p.default)
    return f" ({text})" if text and len(text) <= 40 else ""


class PageState:
    """The settings of one page, bound to session state and to the URL."""

    def __init__(self, page_id: str, params: Iterable[Param]):
        self.page_id = page_id
        self.params = {p.name: p for p in params}
        self.notes: list[str] = []
        query = st.query_params
        for p in self.params.values():
            k = self.key(p.name)
            if k in st.session_state:
                continue
            # Precedence: the link, else the copy kept from the last visit, else the default.
            saved = st.session_state.get(self._saved(p.name))
            value = p.default if saved is None else saved
            if p.name in query:
                try:
                    value = p.parse(query[p.name])
                except (ValueError, TypeError, OverflowError):
                    # Only the Param's own words: the link's text is never echoed (notes are shown as Markdown).
                    kept = ("Kept your previous setting" if saved is not None
                            else f"Using the default{_default_words(p)}")
                    self.notes.append(f"Ignored the link's value for {p.name}: expected {p.expected()}. {kept}.")
            st.session_state[k] = value

    def key(self, name: str) -> str:
        """The session-state key (and widget key) of a setting: namespaced, so pages never share one."""
        return f"{self.page_id}.{name}"

    def _saved(self, name: str) -> str:
        return keys.saved(self.page_id, name)

    def __getitem__(self, name: str) -> Any:
        return st.session_state[self.key(name)]

    def set(self, name: str, value: Any) -> None:
        """Change a setting from code; only before its widget is drawn in this run."""
        st.session_state[self.key(name)] = value

    def values(self) -> dict[str, Any]:
        return {name: self[name] for name in self.params}

    def show_notes(self) -> None:
        """The link's notes (first run only), in one slot that is there on every run: what follows keeps its place
        on the page (a fragment's id hashes its place; a click sent to an id that moved is lost)."""
        slot = st.empty()
        if self.notes:
            with slot.container():
                for note in self.notes:
                    st.info(note, icon="🔗")

    def sync_url(self) -> None:
        """Write every setting (and the global ones) to the URL, and keep a copy for the next visit."""
        out = {g: st.query_params[g] for g in GLOBAL_PARAMS if g in st.query_params}
        for name, p in self.params.items():
            value = self[name]
            st.session_state[self._saved(name)] = value
            out[name] = p.dump(value)
        if dict(st.query_params) != out:
            st.query_params.from_dict(out)


def _short(v: float) -> str:
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class PointsCodec:
    """Points clicked onto a chart, in a link: `A0.5~1.25_B-1~0.3` (class letter, x~y rounded to 2 decimals, `_`
    between points; all URL-safe characters). The value is a tuple of (x, y, class index)."""

    def __init__(self, classes: str, max_points: int = 40, bound: float = 10.0):
        self.classes, self.max_points, self.bound = classes, max_points, bound
        self.expected = (f"points written like A0.5~1.25_B-1~0.3 (a class {classes[0]}-{classes[-1]}, then x~y), "
                         f"at most {max_points}, coordinates between -{bound:g} and {bound:g}")

    def parse(self, text: str) -> tuple[tuple[float, float, int], ...]:
        text = text.strip()
        if len(text) > self.max_points * 16:
            raise ValueError("too long")
        points = []
        for item in filter(None, text.split("_")):
            if item[0] not in self.classes or item.count("~") != 1:
                raise ValueError("not a point")
            x, y = (float(v) for v in item[1:].split("~"))
            if not (math.isfinite(x) and math.isfinite(y) and abs(x) <= self.bound and abs(y) <= self.bound):
                raise ValueError("out of range")
            points.append((round(x, 2), round(y, 2), self.classes.index(item[0])))
        if len(points) > self.max_points:
            raise ValueError("too many points")
        return tuple(points)

    def dump(self, value) -> str:
        return "_".join(f"{self.classes[int(c)]}{_short(x)}~{_short(y)}" for x, y, c in value)
