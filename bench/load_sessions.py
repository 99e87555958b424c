"""Many visitors on one server at once, in one headless Chromium (a browser context each, as separate students):
some browse pages and move sliders, some train a network live, some cluster a CSV of their own. What each sees
is checked against what it did (its own seed in its URL after every rerun, its own file's name and size on its
page), and the server's memory, threads and CPU are sampled throughout (bench/server_usage.py); reruns are timed
in the page and at the socket (bench/socket_timer.py). Used by `python -m bench load` (20 sessions,
5 minutes) and by a short test in CI (tests/browser/test_load.py)."""
from __future__ import annotations

import asyncio
import random
import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from bench.frames import where
from bench.server_usage import Sampler, machine_cpu_seconds, server_cpu, server_threads, tree_cpu_seconds
from bench.socket_timer import SocketTimer, run_counter_script
from bench.streamlit_server import CHROMIUM, CHROMIUM_ARGS, ROOT, process_tree_rss

TRAIN_PATH = "boundaries"
UPLOAD_PATH = "kmeans"
# Runs are counted at each page's socket (bench.socket_timer.run_counter_script, installed in every context): the
# DOM's script-state attribute can skip a short run altogether, and a visitor then waits for an end already past.
RUNS = "() => window.__dlccSocket.finished"
IDLE = """() => { const a = document.querySelector('[data-testid="stApp"]');
                  return a && a.getAttribute('data-test-script-state') === 'notRunning'; }"""
# Indices of the sliders a visitor could move now (visible, enabled), with their value and range; not the seeds,
# which carry each session's own marker.
SLIDER_INPUTS = '[data-testid="stMain"] [data-testid="stSlider"] input[type="range"]'
SLIDERS = f"""() => [...document.querySelectorAll('{SLIDER_INPUTS}')]
  .map((s, i) => ({{i, now: +s.value, min: +s.min, max: +s.max,
                   ok: s.offsetParent !== null && !s.disabled
                       && !/seed/i.test(s.getAttribute('aria-label') || '')}}))
  .filter(s => s.ok)"""
# The focused slider's value and range, with the number of runs ended so far; null when no slider has the focus.
FOCUSED = f"""() => {{ const e = document.activeElement;
  return e && e.matches('{SLIDER_INPUTS}') ? {{now: +e.value, max: +e.max, done: window.__dlccSocket.finished,
                                             asked: window.__dlccSocket.asked}} : null; }}"""


@dataclass(frozen=True)
class LoadConfig:
    sessions: int = 20
    training: int = 4  # sessions that train a network live the whole time (the boundaries page)
    uploaders: int = 2  # sessions that cluster a CSV of their own (k-means) and keep changing k
    seconds: float = 300.0
    think_s: tuple[float, float] = (2.0, 6.0)  # a visitor's pause between actions
    pages: tuple[str, ...] = ()  # url paths browsed; empty: every page of the course map
    min_actions: int = 0  # each session goes on past the time until it has done this many (a slow machine)
    min_train_s: float = 0.0  # a training session goes on at least this long after pressing Train
    seed: int = 0


@dataclass
class LoadStats:
    reruns_s: list[float] = field(default_factory=list)  # slider moved -> its rerun ended, pages not training
    server_reruns_s: list[float] = field(default_factory=list)  # the same reruns, socket to socket (SocketTimer)
    reruns_by_page: dict[str, list[float]] = field(default_factory=dict)  # reruns_s by the page's url path
    opens_s: list[float] = field(default_factory=list)  # page opened -> script done and charts drawn
    errors: list[str] = field(default_factory=list)  # tracebacks on a page, browser errors
    timeouts: list[str] = field(default_factory=list)  # sessions that waited past timeout_ms for the server
    isolation: list[str] = field(default_factory=list)  # a session that saw what was not its own
    trained_steps: dict[int, list[int]] = field(default_factory=dict)
    queued_seen: set[int] = field(default_factory=set)
    actions: int = 0


def pages_with_seed(paths: list[str]) -> set[str]:
    """The pages whose settings include `seed` (their URL carries each session's own marker)."""
    from ui.course_map import all_pages

    return {p.url_path for p in all_pages() if p.url_path in paths
            and 'Param("seed"' in (ROOT / p.path).read_text(encoding="utf-8")}


async def _wait_done(page, timeout_ms: int) -> None:
    await page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout_ms)
    await page.wait_for_function(
        """() => { const a = document.querySelector('[data-testid="stApp"]');
                   return a && a.getAttribute('data-test-script-state') === 'notRunning'
                       && document.querySelector('[data-testid="stMainBlockContainer"] h1')
                       && !document.querySelector('[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]'); }""",
        timeout=timeout_ms)


async def _problems(page, who: str, stats: LoadStats) -> None:
    n = await page.locator('[data-testid="stException"]').count()
    if n:
        text = await page.locator('[data-testid="stException"]').first.inner_text()
        stats.errors.append(f"{who}: traceback on {page.url}: {text[:200]}")


def _check_seed(page, who: str, seed: int, stats: LoadStats) -> None:
    got = parse_qs(urlparse(page.url).query).get("seed", [None])[0]
    if got != str(seed):
        stats.isolation.append(f"{who}: expected seed={seed} in {page.url}")


async def _move_slider(page, rng: random.Random, timeout_ms: int,
                       timer: SocketTimer | None = None) -> tuple[float, float | None] | None:
    """Move one slider a step by keyboard; seconds until that rerun ended on the page, and at the socket (when a
    timer listens); None: no slider to move."""
    await page.wait_for_function(IDLE, timeout=timeout_ms)  # no run in flight: the sliders are the page's own
    sliders = await page.evaluate(SLIDERS)
    if not sliders:
        return None
    s = rng.choice(sliders)
    if timer is not None:  # before the focus: nothing may come between focusing the slider and the key press
        await timer.arm()
    await page.locator(SLIDER_INPUTS).nth(s["i"]).focus()
    # The slider as it is now and the runs ended so far, read together: a run that ended since the list was read
    # may have moved it (the key then chosen from a stale value could press at its end and ask for no rerun).
    focused = await page.evaluate(FOCUSED)
    if focused is None:  # a redraw took the focus away: no action this time
        if timer is not None:
            await timer.disarm()
        return None
    before = focused["done"]
    start = time.perf_counter()
    await page.keyboard.press("ArrowLeft" if focused["now"] >= focused["max"] else "ArrowRight")
    try:
        await page.wait_for_function(f"() => window.__dlccSocket.finished > {before}", timeout=timeout_ms)
        await page.wait_for_function(IDLE, timeout=timeout_ms)  # and drawn
    except Exception as exc:  # say whether the key moved the slider and whether the rerun left and came back
        now = await page.locator(SLIDER_INPUTS).nth(s["i"]).input_value(timeout=2000)
        runs = await page.evaluate("() => window.__dlccSocket")
        raise type(exc)(f"slider {s['i']} {focused['now']} -> {now}; reruns asked {focused['asked']} -> "
                        f"{runs['asked']}, finished {before} -> {runs['finished']} · {_first_line(exc)}") from exc
    took = time.perf_counter() - start
    if timer is None:
        return took, None
    for _ in range(40):  # DevTools' events come on their own channel: the page may have drawn before they arrive
        if timer.took is not None:
            break
        await asyncio.sleep(0.05)
    await timer.disarm()
    return took, timer.took


def _record(stats: LoadStats, took: tuple[float, float | None] | None, url: str) -> None:
    if took is not None:
        stats.reruns_s.append(took[0])
        stats.reruns_by_page.setdefault(urlparse(url).path.strip("/") or "home", []).append(took[0])
        if took[1] is not None:
            stats.server_reruns_s.append(took[1])


async def _browse(ctx, i: int, cfg: LoadConfig, base: str, paths: list[str], seeded: set[str], deadline: float,
                  stats: LoadStats, timeout_ms: int) -> None:
    """Open a seeded page by URL with this session's own seed, then move around the course by the sidebar's links,
    moving sliders; every time it is back on its first page, its own seed must be there (kept by its session)."""
    page = await ctx.new_page()
    who = f"visitor {i}"
    page.on("pageerror", lambda e: stats.errors.append(f"{who}: page error {e}"))
    timer = await SocketTimer.attach(ctx, page)
    rng, seed, done = random.Random(cfg.seed * 1000 + i), 100 + i, 0  # within every page's seed range
    home = rng.choice(sorted(seeded) or paths)
    path = home
    start = time.perf_counter()
    await page.goto(f"{base}/{home}" + (f"?seed={seed}" if home in seeded else ""))
    while True:
        await _wait_done(page, timeout_ms)
        stats.opens_s.append(time.perf_counter() - start)
        await _problems(page, who, stats)
        if path == home and home in seeded:
            _check_seed(page, who, seed, stats)
        for _ in range(rng.randint(1, 3)):
            await asyncio.sleep(rng.uniform(*cfg.think_s))
            if time.monotonic() >= deadline and done >= cfg.min_actions:
                return
            _record(stats, await _move_slider(page, rng, timeout_ms, timer), page.url)
            stats.actions, done = stats.actions + 1, done + 1
            await _problems(page, who, stats)
            if path == home and home in seeded:
                _check_seed(page, who, seed, stats)
        here, path = path, home if rng.random() < 0.3 else rng.choice(paths)
        start = time.perf_counter()
        if path != here:  # by the sidebar's link, as a visitor moves on: the same session, no reload
            before = await page.evaluate(RUNS)
            await page.locator(f'[data-testid="stSidebar"] a[href="{path}"]').first.click()
            await page.wait_for_function(f"() => location.pathname.endsWith('/{path}')", timeout=timeout_ms)
            # until the new page's run has ended: before it starts, the old page still looks finished
            await page.wait_for_function(f"() => window.__dlccSocket.finished > {before}", timeout=timeout_ms)


async def _train(ctx, i: int, cfg: LoadConfig, base: str, deadline: float, stats: LoadStats,
                 timeout_ms: int) -> None:
    page = await ctx.new_page()
    who = f"trainer {i}"
    page.on("pageerror", lambda e: stats.errors.append(f"{who}: page error {e}"))
    seed = 5000 + i  # a seed no prepared cache holds trained (the bench writes its own to a temporary cache)
    await page.goto(f"{base}/{TRAIN_PATH}?steps=10000&seed={seed}")
    await _wait_done(page, timeout_ms)
    await page.get_by_role("button", name="▶ Train").first.click()
    steps = stats.trained_steps.setdefault(i, [])
    until = max(deadline, time.monotonic() + cfg.min_train_s)
    while time.monotonic() < until:
        await asyncio.sleep(1.0)
        text = await page.locator('[data-testid="stProgress"]').first.inner_text()
        m = re.search(r"([\d,]+)\s*/", text)
        if m:
            steps.append(int(m.group(1).replace(",", "")))
        if await page.get_by_text(re.compile(r"^Queued, \d+ ahead")).count():
            stats.queued_seen.add(i)
        await _problems(page, who, stats)
        _check_seed(page, who, seed, stats)


async def _upload(ctx, i: int, cfg: LoadConfig, base: str, deadline: float, stats: LoadStats,
                  timeout_ms: int) -> None:
    page = await ctx.new_page()
    who = f"uploader {i}"
    page.on("pageerror", lambda e: stats.errors.append(f"{who}: page error {e}"))
    timer = await SocketTimer.attach(ctx, page)
    rng = random.Random(cfg.seed * 1000 + 500 + i)
    rows = 60 + i
    csv = f"x{i},y{i}\n" + "".join(f"{rng.gauss(0, 1):.4f},{rng.gauss(0, 1):.4f}\n" for _ in range(rows))
    await page.goto(f"{base}/{UPLOAD_PATH}?data=csv")
    await _wait_done(page, timeout_ms)
    before = await page.evaluate(RUNS)
    await page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        {"name": f"session{i}.csv", "mimeType": "text/csv", "buffer": csv.encode()})
    await page.wait_for_function(f"() => window.__dlccSocket.finished > {before}", timeout=timeout_ms)
    await _wait_done(page, timeout_ms)
    own, done = f"{rows:,} points from session{i}.csv, columns 'x{i}' and 'y{i}'", 0
    while True:
        if not await page.get_by_text(own).count():
            stats.isolation.append(f"{who}: its own file is not on its page ({own!r} missing)")
        await _problems(page, who, stats)
        if time.monotonic() >= deadline and done >= cfg.min_actions:
            return
        await asyncio.sleep(rng.uniform(*cfg.think_s))
        _record(stats, await _move_slider(page, rng, timeout_ms, timer), page.url)
        stats.actions, done = stats.actions + 1, done + 1


def _first_line(exc: BaseException) -> str:
    """A Playwright error's own words, without the call log it appends."""
    return str(exc).split("\n")[0][:300]


async def _page_state(ctx) -> str:
    """What a session's page showed when its wait ran out: its address, the app's connection and script state,
    how many runs had ended, and the first words of its title and of any status or spinner."""
    try:
        page = ctx.pages[-1]
        seen = await page.evaluate("""() => {
          const a = document.querySelector('[data-testid="stApp"]'), text = s => {
            const e = document.querySelector(s); return e ? e.innerText.slice(0, 80) : null; };
          return {connection: a && a.getAttribute('data-test-connection-state'),
                  script: a && a.getAttribute('data-test-script-state'),
                  runs: window.__dlccSocket,
                  title: text('[data-testid="stMainBlockContainer"] h1'),
                  status: text('[data-testid="stStatusWidget"]'), spinner: text('[data-testid="stSpinner"]'),
                  upload: text('[data-testid="stFileUploaderFile"]'),
                  focused: document.activeElement && document.activeElement.getAttribute('aria-label')}; }""")
        return f"{page.url} {seen}"
    except Exception as exc:  # the page or its browser is gone
        return f"(unreadable: {type(exc).__name__})"


async def _run_sessions(cfg: LoadConfig, base: str, paths: list[str], stats: LoadStats, timeout_ms: int) -> None:
    from playwright.async_api import async_playwright

    seeded = pages_with_seed(paths)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        contexts = [await browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(cfg.sessions)]
        for ctx in contexts:
            await ctx.add_init_script(run_counter_script())
        deadline = time.monotonic() + cfg.seconds
        jobs = []
        for i, ctx in enumerate(contexts):
            if i < cfg.training:
                jobs.append(_train(ctx, i, cfg, base, deadline, stats, timeout_ms))
            elif i < cfg.training + cfg.uploaders:
                jobs.append(_upload(ctx, i, cfg, base, deadline, stats, timeout_ms))
            else:
                jobs.append(_browse(ctx, i, cfg, base, paths, seeded, deadline, stats, timeout_ms))
        results = await asyncio.gather(*jobs, return_exceptions=True)
        for i, r in enumerate(results):
            if isinstance(r, BaseException):  # a wait past timeout_ms ends that session: counted apart from errors
                seen = await _page_state(contexts[i])
                step = where(r, Path(__file__))  # which wait of this file ran out
                (stats.timeouts if type(r).__name__ == "TimeoutError" else stats.errors).append(
                    f"session {i} ({step}): {type(r).__name__}: {_first_line(r)} · page then: {seen}")
        for ctx in contexts:
            await ctx.close()
        await browser.close()


def run_load(cfg: LoadConfig, port: int, pid: int, timeout_ms: int = 120_000, settle_s: float = 20.0) -> dict:
    """Run the sessions against a running server (process `pid`); the figures and what went wrong."""
    from ui.course_map import all_pages

    paths = list(cfg.pages) or [p.url_path for p in all_pages()]
    stats = LoadStats()
    threads_idle, rss_idle = server_threads(pid), process_tree_rss(pid)
    start, server_cpu0, machine_cpu0 = time.monotonic(), tree_cpu_seconds(pid), machine_cpu_seconds()
    with Sampler(pid) as sampler:
        asyncio.run(_run_sessions(cfg, f"http://127.0.0.1:{port}", paths, stats, timeout_ms))
    server_cpu_s, machine_cpu_s = tree_cpu_seconds(pid) - server_cpu0, machine_cpu_seconds() - machine_cpu0
    # Every tab is closed: the sessions' training threads must end (a session checks it is alive every second),
    # after which the server has nothing left to do.
    end, cpu_after = time.monotonic() + settle_s, server_cpu(pid)
    while time.monotonic() < end and cpu_after > 0.2:
        cpu_after = server_cpu(pid)
    reruns, server_reruns = sorted(stats.reruns_s), sorted(stats.server_reruns_s)

    def pct(xs, q):
        return round(1000 * xs[min(len(xs) - 1, int(q * len(xs)))], 1) if xs else None

    progress = {i: (s[-1] if s else 0) for i, s in stats.trained_steps.items()}
    return {
        "sessions": cfg.sessions, "training_sessions": cfg.training, "upload_sessions": cfg.uploaders,
        "seconds": round(time.monotonic() - start, 1), "actions": stats.actions, "reruns": len(reruns),
        "rerun_p50_ms": round(1000 * statistics.median(reruns), 1) if reruns else None,
        "rerun_p95_ms": pct(reruns, 0.95), "rerun_max_ms": pct(reruns, 1.0),
        # the same reruns at the socket: the server's answer time, without the browser drawing it
        "server_rerun_p50_ms": pct(server_reruns, 0.5), "server_rerun_p95_ms": pct(server_reruns, 0.95),
        "server_reruns": len(server_reruns),
        "rerun_p50_ms_by_page": {path: round(1000 * statistics.median(xs)) for path, xs in
                                 sorted(stats.reruns_by_page.items())},
        "page_open_p50_s": round(statistics.median(stats.opens_s), 2) if stats.opens_s else None,
        "page_open_p95_s": round(sorted(stats.opens_s)[int(0.95 * (len(stats.opens_s) - 1))], 2)
        if stats.opens_s else None,
        "pages_opened": len(stats.opens_s),
        # how the machine's CPU time was spent: the server's share; the rest is mostly the browsers
        "server_cpu_s": round(server_cpu_s, 1), "machine_cpu_s": round(machine_cpu_s, 1),
        "peak_rss_mb": round(sampler.peak / 2**20, 1), "idle_rss_mb": round(rss_idle / 2**20, 1),
        "after_rss_mb": round(process_tree_rss(pid) / 2**20, 1),
        "threads_idle": threads_idle, "threads_after": server_threads(pid), "cpu_after": round(cpu_after, 2),
        "trained_steps_min": min(progress.values()) if progress else None,
        "trained_steps": progress, "queued_seen": sorted(stats.queued_seen),
        "errors": stats.errors, "timeouts": stats.timeouts, "isolation_violations": stats.isolation,
    }
