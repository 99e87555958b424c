"""Issue 14, security: checks over every source file of the app (app.py, pages/, ui/, core/, figures/), so a page
added later is covered without a line here. Each scan is an AST walk, so comments and strings never count."""
from __future__ import annotations

import ast
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from core import checkpoints

ROOT = Path(__file__).resolve().parent.parent
APP_DIRS = ("pages", "ui", "core", "figures")
# Code that runs something: a name a user could reach must never get here.
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_MODULES = {"pickle", "cPickle", "dill", "marshal", "shelve", "joblib", "cloudpickle"}
# Raw HTML on a page: allowed only with text written here (CSS of our own), never anything a user typed or linked.
RAW_HTML_SITES = {("ui/page.py", "PRESENTER_CSS"), ("ui/page.py", "PAGE_CSS"),
                  ("ui/live.py", "_NO_FADE"), ("pages/02_boundaries.py", "MAP_CSS")}


@dataclass(frozen=True)
class Cfg:
    seed: int = 0


def app_files() -> list[Path]:
    files = [ROOT / "app.py"]
    for d in APP_DIRS:
        files += sorted((ROOT / d).rglob("*.py"))
    return files


def _calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call):
            yield node


def _name(func: ast.expr) -> str:
    """'torch.load' for torch.load(...), 'eval' for eval(...)."""
    parts = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if isinstance(func, ast.Name):
        parts.append(func.id)
    return ".".join(reversed(parts))


def _keyword(call: ast.Call, name: str):
    return next((k.value for k in call.keywords if k.arg == name), None)


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{node.lineno}"


def test_the_scans_see_the_whole_app():
    files = app_files()
    assert len(files) > 100 and any(f.parent.name == "pages" for f in files)


def test_every_torch_load_reads_weights_only():
    bad = []
    for path in app_files():
        for call in _calls(path):
            if _name(call.func).endswith(("torch.load", "load_state_dict_from_url")):
                flag = _keyword(call, "weights_only")
                if not (isinstance(flag, ast.Constant) and flag.value is True):
                    bad.append(_where(path, call))
    assert not bad, f"torch.load without weights_only=True (a checkpoint could run code): {bad}"


def test_nothing_evaluates_code_or_unpickles():
    bad = []
    for path in app_files():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in FORBIDDEN_CALLS:
                bad.append(f"{_where(path, node)} calls {_name(node.func)}")
            if isinstance(node, ast.Call) and _name(node.func).endswith("np.load"):
                flag = _keyword(node, "allow_pickle")
                if flag is not None and not (isinstance(flag, ast.Constant) and flag.value is False):
                    bad.append(f"{_where(path, node)} np.load with allow_pickle")
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                hit = [n for n in names if n.split(".")[0] in FORBIDDEN_MODULES]
                if hit:
                    bad.append(f"{_where(path, node)} imports {hit}")
    assert not bad, bad


def test_raw_html_only_carries_our_own_css():
    """st.html and unsafe_allow_html draw their text as HTML: only constants of ours may go there."""
    found = set()
    for path in app_files():
        rel = str(path.relative_to(ROOT))
        for call in _calls(path):
            name = _name(call.func)
            unsafe = _keyword(call, "unsafe_allow_html")
            raw = name in ("st.html", "html") or (unsafe is not None and not (isinstance(unsafe, ast.Constant)
                                                                             and unsafe.value is False))
            if not raw:
                continue
            names = {n.id for a in call.args for n in ast.walk(a) if isinstance(n, ast.Name)}
            allowed = {c for f, c in RAW_HTML_SITES if f == rel}
            assert names and names <= allowed | {"_css_name", "name", "css"}, \
                f"{rel}:{call.lineno} renders {ast.unparse(call.args[0]) if call.args else '?'} as HTML"
            found |= names & allowed
    assert found == {c for _, c in RAW_HTML_SITES}, "an allowed site is gone: update RAW_HTML_SITES"


@pytest.mark.parametrize("name", ["../../etc/passwd", "/tmp/x.v1", "boundary/../../x.v1", "a.v1/../../b",
                                  "boundary.v1\x00", "C:\\x.v1", "boundary.v1 ", "", "BOUNDARY.V1"])
def test_no_checkpoint_name_leaves_the_cache_directory(name, tmp_path):
    cache = tmp_path / "cache"
    with pytest.raises(ValueError):
        checkpoints.save(name, Cfg(), {"x": 1}, root=cache)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_good_name_writes_inside_the_cache_directory(tmp_path):
    path = checkpoints.save("boundary.v1", Cfg(), {"x": 1}, root=tmp_path)
    assert path.resolve().is_relative_to(tmp_path.resolve())


def test_the_server_listens_on_localhost_unless_told_and_docker_opts_in():
    server = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]
    assert server.get("address") == "127.0.0.1"
    assert server["maxUploadSize"] <= 10
    assert "--server.address=0.0.0.0" in (ROOT / "Dockerfile").read_text()
