"""Issue 14, a class on one link, short: several browser sessions on one server at once, two of them training with
room for one (so one waits in line and is told so), one clustering its own CSV, one browsing and moving sliders.
Nothing fails, nobody sees another's seed or file, both trainings progress in turns, and once the tabs close the
training threads end. The full run (20 sessions, 5 minutes, with its speed and memory targets) is
`python -m bench load`."""
from __future__ import annotations

from pathlib import Path

import pytest

from bench.streamlit_server import CHROMIUM, serving

pytest.importorskip("playwright.async_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no browser at {CHROMIUM} (apt install chromium)")


def test_sessions_at_once_stay_apart_share_training_in_turns_and_free_their_threads(tmp_path):
    from bench.load_sessions import LoadConfig, run_load

    cfg = LoadConfig(sessions=4, training=2, uploaders=1, seconds=20, think_s=(0.5, 1.5),
                     pages=("neurons", "kmeans", "backprop"), min_actions=4,
                     min_train_s=16)  # three turns of 5 s: each training gets at least one
    with serving({"DLCC_CACHE_DIR": str(tmp_path / "cache"), "DLCC_TRAINING_SLOTS": "1"}) as server:
        out = run_load(cfg, server.port, server.proc.pid)
        # A session that waited past its time: what every server thread was doing then (this ends the server).
        stacks = server.thread_stacks() if out["errors"] or out["timeouts"] else ""
        log = server.log_text()
    if out["errors"] or out["timeouts"]:  # in full: pytest shortens a long assertion message
        pytest.fail("\n".join(["errors:", *out["errors"], "timeouts:", *out["timeouts"], "server:", stacks]))
    assert "Traceback" not in log, log[-3000:]  # no thread of the server failed unseen (a page would wait forever)
    assert not out["isolation_violations"], out["isolation_violations"]
    assert out["reruns"] >= 8 and out["pages_opened"] >= 1, out
    steps = out["trained_steps"]
    assert len(steps) == 2 and min(steps.values()) > 0, steps  # one slot, two trainings: both progressed, in turns
    assert out["queued_seen"], "no training session was ever told it was queued"
    assert out["cpu_after"] < 0.2, out  # the tabs closed: their training threads ended and the server is idle
