"""Issue 14, memory stays bounded: every cache in the app's source has a limit, so a class of visitors with all
their settings cannot grow the server without end (the load benchmark measures the peak). A cache with no limit is
allowed only on a function without parameters: it holds one value. AST walks over every source file, so a page
added later is covered without a line here."""
from __future__ import annotations

import ast

from tests.test_security import _name, _where, app_files

STREAMLIT_CACHES = {"st.cache_data", "st.cache_resource", "streamlit.cache_data", "streamlit.cache_resource"}


def _takes_parameters(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    a = func.args
    return bool(a.posonlyargs or a.args or a.kwonlyargs or a.vararg or a.kwarg)


def unbounded_caches(path) -> list[str]:
    found = []
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for dec in node.decorator_list:
                call = dec if isinstance(dec, ast.Call) else None
                name = _name(call.func if call else dec)
                kwargs = {k.arg: k.value for k in call.keywords} if call else {}
                if name in STREAMLIT_CACHES and "max_entries" not in kwargs:
                    unbounded = True
                elif name in {"functools.cache", "cache"}:
                    unbounded = True
                elif name in {"functools.lru_cache", "lru_cache"}:
                    size = kwargs.get("maxsize", call.args[0] if call and call.args else None)
                    unbounded = isinstance(size, ast.Constant) and size.value is None
                else:
                    continue
                if unbounded and _takes_parameters(node):
                    found.append(f"{_where(path, node)} {node.name}")
        elif isinstance(node, ast.Call) and _name(node.func) in STREAMLIT_CACHES and node.args:
            # st.cache_resource(func, ...) called directly: the function is not in sight, so it needs a limit
            if not any(k.arg == "max_entries" for k in node.keywords):
                found.append(f"{_where(path, node)} {ast.unparse(node.args[0])}")
    return found


def test_every_cache_has_a_limit():
    found = [hit for path in app_files() for hit in unbounded_caches(path)]
    assert not found, "caches without a limit (max_entries / maxsize): " + ", ".join(found)


def test_the_scan_finds_an_unbounded_cache(tmp_path):
    (tmp_path / "x.py").write_text(
        "import functools\nimport streamlit as st\n"
        "@st.cache_data(show_spinner=False)\ndef a(x): return x\n"
        "@st.cache_resource\ndef b(x): return x\n"
        "@functools.lru_cache(maxsize=None)\ndef c(x): return x\n"
        "@functools.cache\ndef d(x): return x\n"
        "e = st.cache_resource(len, show_spinner=False)\n"
        "@st.cache_resource\ndef ok_no_parameters(): return 1\n"
        "@st.cache_data(max_entries=4)\ndef ok_bounded(x): return x\n"
        "@functools.lru_cache(maxsize=8)\ndef ok_lru(x): return x\n")
    import tests.test_security as sec

    old = sec.ROOT
    sec.ROOT = tmp_path
    try:
        found = unbounded_caches(tmp_path / "x.py")
    finally:
        sec.ROOT = old
    assert [f.split()[-1] for f in found] == ["a", "b", "c", "d", "len"]
