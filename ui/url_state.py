"""Every page setting lives in the URL query string, so a copied link reproduces the demo.

A page declares its settings as Params. On each run, settings missing from session state are taken
from the URL (validated), else from the copy kept when the user last left the page, else the default.
After the widgets run, the current values are written back to the URL. A bad or hostile URL value is
ignored with a note; it never raises."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable

import streamlit as st

from ui import session_keys as keys

GLOBAL_PARAMS = ("presenter",)  # owned by ui.page, kept in the URL on every page
MAX_TEXT = 200


@dataclass(frozen=True)
class Param:
    name: str
    default: Any
    lo: float | None = None
    hi: float | None = None
    choices: tuple | None = None
    step: float | None = None

    def parse(self, text: str) -> Any:
        """The value `text` stands for, or ValueError saying what was expected."""
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
            value = int(text)
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
        if isinstance(value, (tuple, list)):
            return ",".join(str(v) for v in value)
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, float):
            return f"{value:.6g}"
        return str(value)


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
            value = p.default
            saved = st.session_state.get(self._saved(p.name))
            if p.name in query:
                try:
                    value = p.parse(query[p.name])
                except (ValueError, TypeError) as exc:
                    self.notes.append(f"Ignored `{p.name}={query[p.name][:40]}` from the link ({exc}); using {p.dump(p.default)}.")
            elif saved is not None:
                value = saved
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
