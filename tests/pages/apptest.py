"""Open a page the way a visitor does: start at app.py (the entry point) and switch to the page."""
from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def open_page(path: str, query: dict | None = None, timeout: float = 90) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    if path != "app.py":
        at.switch_page(path)
    return at.run()


def figures(at: AppTest) -> dict[str, dict]:
    """Every Plotly chart on the page as figure JSON, by the chart's key."""
    out = {}
    for i, chart in enumerate(at.get("plotly_chart")):
        spec = json.loads(chart.proto.spec)
        pid = getattr(chart.proto, "id", "") or ""
        key = pid.split("-", 2)[2] if pid.startswith("$$ID-") and pid.count("-") >= 2 else str(i)
        out[key] = spec
    return out


def figure_list(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def values(data) -> list:
    """A trace's data as a flat list: Plotly encodes numpy arrays as {"dtype", "bdata"(base64), "shape"}."""
    import base64

    import numpy as np

    if isinstance(data, dict) and "bdata" in data:
        arr = np.frombuffer(base64.b64decode(data["bdata"]), dtype=np.dtype(data["dtype"]))
        if "shape" in data:
            arr = arr.reshape([int(s) for s in str(data["shape"]).split(",")])
        return arr.tolist()
    return list(data)


def trace(fig: dict, name: str) -> dict | None:
    """The trace called `name` in a figure, or None."""
    return next((t for t in fig["data"] if t.get("name") == name), None)
