"""The load test counts a page's runs at its socket (bench.socket_timer.run_counter_script): fed Streamlit's own
messages, serialised by its protos, it counts a finished run and a rerun asked for, and nothing else."""
from __future__ import annotations

from pathlib import Path

import pytest

from bench.streamlit_server import CHROMIUM, CHROMIUM_ARGS

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no browser at {CHROMIUM} (apt install chromium)")

# Every frame arrives on one WebSocket made after the counter was installed, as the app's would; sends on a socket
# still connecting throw after being counted, as a real send would have been.
FEED = """([received, sent]) => {
  const ws = new WebSocket('ws://127.0.0.1:9/');
  ws.binaryType = 'arraybuffer';
  for (const bytes of received) ws.dispatchEvent(new MessageEvent('message', {data: new Uint8Array(bytes).buffer}));
  for (const bytes of sent) { try { ws.send(new Uint8Array([7, ...bytes]).subarray(1)); } catch (e) {} }
  ws.close();
  return window.__dlccSocket;
}"""


def test_counts_finished_runs_and_asked_reruns_from_real_messages():
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    from bench.socket_timer import run_counter_script

    def forward(**kw) -> list[int]:
        msg = ForwardMsg(hash="abc" * 10, **kw)
        msg.metadata.delta_path.extend([0, 3, 1])
        return list(msg.SerializeToString())

    finished = [forward(script_finished=s) for s in (ForwardMsg.FINISHED_SUCCESSFULLY,
                                                     ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)]
    others = [forward(script_finished=ForwardMsg.FINISHED_EARLY_FOR_RERUN),  # its successor is the run counted
              forward(delta={"new_element": {"markdown": {"body": "x" * 300}}}),
              forward(new_session={"name": "app", "page_script_hash": "h"}),
              forward(page_info_changed={"query_string": "k=6"})]
    rerun = BackMsg(rerun_script={"query_string": "k=7", "page_script_hash": "h"})
    sent = [list(rerun.SerializeToString()), list(BackMsg(app_heartbeat=True).SerializeToString())]
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page()
        page.add_init_script(run_counter_script())
        page.goto("about:blank")
        got = page.evaluate(FEED, [others[:2] + finished + others[2:], sent])
        browser.close()
    assert got == {"asked": 1, "finished": 2}
