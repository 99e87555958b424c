"""How long a page's script takes to run again after a widget change (target: <= 150 ms p50 on every page).

Every page listed in ui/course_map.py is opened headless (Streamlit's AppTest, entered through app.py as a visitor
would), then each of its setting widgets (sliders, select boxes, radios, toggles) is moved to a neighbouring value
and the rerun timed; a second pass moves each back (values seen before: what caching can save). AppTest adds a few
milliseconds of its own, so these figures are a little pessimistic. Checkpoints go to a fresh temporary cache so
every run starts from the same untrained state. DLCC_BENCH_PAGES=eigendogs,descent times only those pages."""
from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

import torch

NAME = "rerun"
ROOT = Path(__file__).resolve().parents[2]
KINDS = ("slider", "selectbox", "radio", "toggle")


def _neighbour(kind: str, w):
    """A value next to the widget's current one, or None when it has no other."""
    if kind == "slider":
        if isinstance(w.value, (tuple, list)):
            return None
        step = w.step or 1
        up = w.value + step
        new = up if up <= w.max else w.value - step
        return new if w.min <= new <= w.max else None
    if kind in ("selectbox", "radio"):
        options = list(w.options)
        if len(options) < 2:
            return None
        try:
            i = w.index
        except ValueError:  # a box with nothing chosen yet (a placeholder)
            i = -1
        return raw_option(w, ((i if i is not None else -1) + 1) % len(options))
    if kind == "toggle":
        return not w.value
    return None


def raw_option(w, index: int):
    """The value behind a menu's shown label: AppTest's options are the labels, and setting a label where a
    format_func (a dict's .get) cannot read it back breaks the next run."""
    label = w.options[index]
    owner = getattr(w.format_func, "__self__", None)
    for value in ([*owner] if isinstance(owner, dict) else []) + [label]:
        try:
            if str(w.format_func(value)) == label:
                return value
        except Exception:  # a format_func that only takes its own values
            continue
    return label


def _setting_widgets(at, page_id: str | None) -> list[tuple[str, str]]:
    """(kind, key) of every enabled setting widget: those bound to the page's URL settings ("<page id>.<name>")."""
    out = []
    for kind in KINDS:
        for w in getattr(at, kind):
            key = getattr(w, "key", None) or ""
            if not key or key.startswith("_") or w.disabled:
                continue
            if page_id is not None and not key.startswith(f"{page_id}."):
                continue
            out.append((kind, key))
    return out


def time_page(path: str, max_widgets: int, timeout: float = 120) -> dict:
    """Rerun times (seconds) after each widget change on one page: {key: [forward, back]}."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.switch_page(path)
    at.run()
    at.run()  # settle: the first run of a page writes the URL, the second is a plain rerun
    if at.exception:
        raise RuntimeError(f"{path}: {at.exception[0].value}")
    prefixes = [key.split(".", 1)[0] for _, key in _setting_widgets(at, None) if "." in key]
    page_id = max(set(prefixes), key=prefixes.count) if prefixes else None  # the page's own settings
    times: dict[str, list[float]] = {}
    for kind, key in _setting_widgets(at, page_id)[:max_widgets]:
        original = None
        for there in (True, False):  # there and back
            try:
                w = getattr(at, kind)(key=key)
            except KeyError:  # the widget went away (a tab or mode that hides it)
                break
            if w.disabled:
                break
            if there:
                original = w.value
                new = _neighbour(kind, w)
            else:
                new = original  # back to the value it had: a value seen before
            if new is None:
                break
            w.set_value(new)
            start = time.perf_counter()
            at.run()
            times.setdefault(key, []).append(time.perf_counter() - start)
            if at.exception:
                raise RuntimeError(f"{path} after {key}={new!r}: {at.exception[0].value}")
    return times


def run(device: torch.device, quick: bool) -> dict:
    from ui.course_map import all_pages

    wanted = [w for w in os.environ.get("DLCC_BENCH_PAGES", "").split(",") if w]  # e.g. "eigendogs,descent"
    pages = [p for p in all_pages() if p.exists and (not wanted or p.url_path in wanted)]
    old = {k: os.environ.get(k) for k in ("DLCC_CACHE_DIR", "DLCC_DEVICE")}
    out: dict = {}
    with tempfile.TemporaryDirectory() as cache:
        os.environ["DLCC_CACHE_DIR"], os.environ["DLCC_DEVICE"] = cache, device.type
        try:
            p50s = {}
            for page in pages:
                times = time_page(page.path, 4 if quick else 12)
                flat = [t for ts in times.values() for t in ts]
                if not flat:
                    continue
                p50s[page.url_path] = statistics.median(flat)
                out[f"p50_ms_{page.url_path}"] = round(1000 * p50s[page.url_path], 1)
                out[f"max_ms_{page.url_path}"] = round(1000 * max(flat), 1)
                slowest = max(times, key=lambda k: max(times[k]))
                out[f"slowest_widget_{page.url_path}"] = slowest
        finally:
            for k, v in old.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
    if p50s:
        worst = max(p50s, key=p50s.get)
        out = {"rerun_p50_ms": round(1000 * p50s[worst], 1), "worst_page": worst, **out}
    return out
