"""The browser tests' server helper: a page that waits too long is explained by the server's thread stacks, cut to
the threads inside the project's code (bench.streamlit_server.our_frames), and the server's stderr goes to a file."""
from __future__ import annotations

from bench.streamlit_server import ROOT, our_frames

DUMP = f"""2026-11-27 12:00:00.000 Uvicorn server started on 127.0.0.1:5000
Fatal Python error: Aborted

Thread 0x0000000000000001 (most recent call first):
  File "/usr/lib/python3.11/threading.py", line 327 in wait
  File "{ROOT}/ui/training_queue.py", line 38 in wait_turn
  File "{ROOT}/ui/live_runner.py", line 183 in _loop
  File "/usr/lib/python3.11/threading.py", line 1002 in _bootstrap

Thread 0x0000000000000002 (most recent call first):
  File "/usr/lib/python3.11/queue.py", line 171 in get
  File "{ROOT}/.venv/lib/python3.11/site-packages/anyio/_backends/_asyncio.py", line 1113 in run

Current thread 0x0000000000000003 (most recent call first):
  File "/usr/lib/python3.11/selectors.py", line 468 in select

Extension modules: numpy._core._multiarray_umath (total: 1)
"""


def test_only_threads_in_the_projects_code_are_kept_with_their_current_call():
    out = our_frames(DUMP)
    assert out.splitlines() == [
        "Thread 0x0000000000000001 (most recent call first):",
        '  now: File "/usr/lib/python3.11/threading.py", line 327 in wait',
        f'  File "{ROOT}/ui/training_queue.py", line 38 in wait_turn',
        f'  File "{ROOT}/ui/live_runner.py", line 183 in _loop',
    ]  # the worker waiting in a library inside .venv (under ROOT too) and the idle main thread are dropped


def test_a_dump_without_project_threads_says_so():
    assert "no thread" in our_frames("Fatal Python error: Aborted\n\nCurrent thread 0x1 (most recent call first):\n"
                                     '  File "/usr/lib/python3.11/selectors.py", line 468 in select\n')
