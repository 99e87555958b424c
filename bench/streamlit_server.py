"""Start `streamlit run app.py` on a free local port and wait until it answers (`serving`); used by browser tests
and the benchmarks that drive a browser."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("DLCC_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, env: dict | None = None, log: Path | None = None) -> subprocess.Popen:
    """`streamlit run app.py` in a session of its own. Its stderr goes to `log` (a file, never a pipe nobody reads:
    a full pipe would block the server at its next warning); faulthandler is on, so SIGABRT writes every thread's
    stack there (`Server.thread_stacks`)."""
    cmd = [sys.executable, "-X", "faulthandler", "-m", "streamlit", "run", str(ROOT / "app.py"),
           "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
           "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    with open(log or os.devnull, "ab") as err:  # the child keeps its own copy of the file
        return subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})},
                                stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)


def _tail(log: Path | None, chars: int | None = 2000) -> str:
    """The end of the server's log (`chars` None: all of it)."""
    try:
        return log.read_bytes().decode(errors="replace")[-chars if chars else 0:] if log else ""
    except OSError:
        return ""


def wait_healthy(port: int, timeout: float = 90.0, proc: subprocess.Popen | None = None,
                 log: Path | None = None) -> float:
    """Seconds until /_stcore/health says ok and the home page answers 200."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"streamlit exited: {_tail(log)}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as home:
                        if home.status == 200:
                            return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"streamlit did not answer on port {port} within {timeout} s")


def stop_server(proc: subprocess.Popen) -> None:
    import signal

    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except Exception:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except Exception:
            pass


@dataclass(frozen=True)
class Server:
    port: int
    proc: subprocess.Popen
    ready_s: float  # seconds from the process's start until it answered
    log: Path | None = None  # the server's stderr

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_text(self) -> str:
        """What the server has written to its stderr so far (warnings, tracebacks of its own threads)."""
        return _tail(self.log, None)

    def thread_stacks(self, chars: int = 6000) -> str:
        """For a test's failure message when a page waited too long: the end of the server's log, then the stack of
        every thread inside the project's code now. Ends the server (SIGABRT: faulthandler writes the stacks to its
        stderr, then it exits)."""
        import signal

        before = self.log_text()
        try:
            self.proc.send_signal(signal.SIGABRT)
            self.proc.wait(timeout=15)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"server log: {before[-chars:]}\n(no stacks: {exc})"
        return f"server log: {before[-chars // 2:]}\nthreads: {our_frames(self.log_text()[len(before):])[-chars // 2:]}"


def our_frames(dump: str) -> str:
    """faulthandler's dump shortened to what a failure message needs: each thread that is inside this project's
    code, with its most recent call and its frames in the project (library threads waiting for work dropped)."""
    kept = []
    for block in dump.split("\n\n"):
        lines = block.strip().splitlines()
        if not lines or not lines[0].startswith(("Thread ", "Current thread ")):
            continue
        ours = [line.strip() for line in lines[1:] if str(ROOT) in line and "/.venv/" not in line]
        if ours:
            kept.append("\n".join([lines[0], "  now: " + lines[1].strip(), *("  " + o for o in ours)]))
    return "\n".join(kept) or "(no thread inside the project's code)"


@contextmanager
def serving(env: dict | None = None) -> Iterator[Server]:
    """The app served on a free localhost port, answering, for the `with` block; stopped however the block ends."""
    import tempfile

    port = free_port()
    fd, name = tempfile.mkstemp(prefix="dlcc-server-", suffix=".log")
    os.close(fd)
    log = Path(name)
    proc = start_server(port, env, log)
    try:
        yield Server(port, proc, wait_healthy(port, proc=proc, log=log), log)
    finally:
        stop_server(proc)
        log.unlink(missing_ok=True)


def wait_script_done(page, timeout_ms: int = 120_000) -> None:
    """Wait until the app is connected and its script has run to the end (no rerun pending)."""
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout_ms)
    page.wait_for_function(
        """() => { const a = document.querySelector('[data-testid="stApp"]');
                   return a && a.getAttribute('data-test-script-state') === 'notRunning'
                       && document.querySelector('[data-testid="stMainBlockContainer"] h1'); }""",
        timeout=timeout_ms)
    # Widgets and charts load their code lazily and show grey skeletons meanwhile; then Plotly draws after the
    # script ends: wait until no skeleton is left and every visible chart has its SVG.
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"],'
                                        + '[data-testid="stAppSkeleton"]')""",
        timeout=timeout_ms)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                 .filter(c => c.offsetParent !== null)
                 .every(c => c.querySelector('.main-svg'))""",
        timeout=timeout_ms)


def visit_pages(base_url: str, paths: list[str], timeout_ms: int = 120_000) -> dict[str, float]:
    """Open each path cold in Chromium (a fresh context each) and return seconds until the page has finished
    running and every visible chart is drawn."""
    import time

    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for path in paths:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            start = time.perf_counter()
            page.goto(f"{base_url}/{path}")
            wait_script_done(page, timeout_ms)
            out[path or "home"] = time.perf_counter() - start
            context.close()
        browser.close()
    return out


def process_tree_rss(pid: int) -> int:
    """Resident memory of a process and its children, in bytes."""
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc] + proc.children(recursive=True)
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total
