"""Live training in a real browser against the bare trainer: steps per second while playing, and redraws per second.

For each training panel (PLAYS) the bare trainer first steps in this process for a fixed time (same config, same
chunk); then a fresh server (empty checkpoint cache) is opened in Chromium, the panel's "▶ Train" is pressed and
its progress text is read every 50 ms for a fixed time. live_ratio = app steps/s ÷ bare steps/s (goal >= 0.6,
with >= 2 redraws a second); the key `live_ratio` is the worst panel's. The browser runs on the same machine, so
its drawing competes with training for the CPU, as it does on a presenter's laptop.

Wall-clock figures from a browser are only as steady as the machine; `redraw_ms` and `redraw_kb` are the server's
own cost of one boundaries redraw, measured in this process (what pages/02_boundaries.py's render builds while
training, from frames built once as the page caches them, and what st.plotly_chart then does to each figure:
to_dict and to_json): a redraw holds Python's GIL that the trainer needs, so this is what a redraw takes from
training. redraw_kb counts the figures that change while training (the unchanged points layer is resent by
Streamlit as a reference to the browser's cached copy); redraw_kb_all counts every figure."""
from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch

NAME = "live"


@dataclass(frozen=True)
class Play:
    label: str  # metric suffix
    path: str  # page URL with a query that makes the run longer than the measuring window
    button: int  # which "▶ Train" button of the page (in page order)
    progress: int  # which progress bar of the page
    make: Callable[[torch.device], object]  # the same trainer, bare
    chunk: int


def _boundary(device):
    from core.boundaries.trainer import BoundaryConfig, BoundaryTrainer

    return BoundaryTrainer(BoundaryConfig(total_steps=10_000), device)


def _compare(device):
    from core.boundaries.compare import CompareConfig, CompareTrainer

    return CompareTrainer(CompareConfig(), device)


PLAYS = (
    Play("boundaries", "boundaries?steps=10000", 0, 0, _boundary, 25),
    Play("compare", "boundaries?steps=10000", 1, 1, _compare, 100),
)


def bare_rate(play: Play, device: torch.device, seconds: float) -> float:
    """The bare trainer's steps per second: the better of torch's default threads and one thread (on a busy CPU
    several threads per op can be many times slower), so the app is compared with the best a script does here."""
    rates = []
    before = torch.get_num_threads()
    for threads in sorted({before, 1}):
        torch.set_num_threads(threads)
        try:
            trainer = play.make(device)
            trainer.step(play.chunk)  # first-step warm-up (optimiser state, kernels)
            start, steps = time.perf_counter(), trainer.steps_done
            while time.perf_counter() - start < seconds / 2:
                trainer.step(play.chunk)
            rates.append((trainer.steps_done - steps) / (time.perf_counter() - start))
        finally:
            torch.set_num_threads(before)
    return max(rates)


_SAMPLER = """([index, ms]) => { window.__samples = []; const t0 = performance.now();
  window.__sampler = setInterval(() => {
    const bars = document.querySelectorAll('[data-testid="stProgress"]');
    const text = bars[index] ? bars[index].innerText : '';
    window.__samples.push([performance.now() - t0, text]);
  }, ms); }"""


def _steps(text: str) -> int | None:
    m = re.search(r"([\d,]+)\s*/\s*([\d,]+)", text)
    return int(m.group(1).replace(",", "")) if m else None


def play_in_browser(page, base: str, play: Play, seconds: float) -> dict:
    from bench.streamlit_server import wait_script_done

    page.goto(f"{base}/{play.path}")
    wait_script_done(page)
    page.get_by_role("button", name="▶ Train").nth(play.button).click()
    # the window opens at the first redraw after the click (a busy CPU can take seconds to start a run)
    page.wait_for_function("""(i) => { const b = document.querySelectorAll('[data-testid="stProgress"]')[i];
                                        return b && !/^\\s*0\\s*\\//.test(b.innerText); }""", arg=play.progress,
                           timeout=120_000)
    page.evaluate(_SAMPLER, [play.progress, 50])
    time.sleep(seconds)
    samples = page.evaluate("() => { clearInterval(window.__sampler); return window.__samples; }")
    pause = page.get_by_role("button", name="⏸ Pause")
    if pause.count():
        pause.first.click()
    points = [(t / 1000, s) for t, text in samples if (s := _steps(text)) is not None]
    moving = [(t, s) for t, s in points if s > 0]
    if len(moving) < 2:
        return {"steps_per_s": 0.0, "redraws_per_s": 0.0}
    # from the first drawn progress to the last change (a finished run stops counting there)
    last_change = max(i for i in range(len(moving)) if i == 0 or moving[i][1] != moving[i - 1][1])
    (t0, s0), (t1, s1) = moving[0], moving[last_change]
    changes = sum(1 for a, b in zip(moving, moving[1:], strict=False) if b[1] != a[1])
    span = max(t1 - t0, 1e-6)
    return {"steps_per_s": (s1 - s0) / span, "redraws_per_s": changes / span}


def redraw_cost(device: torch.device, redraws: int = 30) -> dict:
    """Median milliseconds and kilobytes of the server's work for one boundaries redraw while training."""
    import statistics

    import plotly.graph_objects as go
    import plotly.io

    from core.boundaries.trainer import BoundaryConfig, BoundaryTrainer
    from core.data.datasets2d import CLASS_NAMES
    from figures import boundary as fb

    trainer = BoundaryTrainer(BoundaryConfig(total_steps=10_000), device)
    trainer.step(500)
    d, names = trainer.data, CLASS_NAMES[:trainer.n_classes]
    xs, ys, _ = trainer.predict_grid(80)
    totals = [torch.bincount(torch.as_tensor(y), minlength=trainer.n_classes).tolist() for y in (d.train_y, d.test_y)]
    regions, points = fb.split_layers(fb.decision_frame(xs, ys, trainer.n_classes, d.train_x, d.train_y, d.test_x,
                                                        d.test_y, names, click_grid=40, height=600))
    points = go.Figure(points, skip_invalid=False, _validate=False)
    curves, errors = fb.curves_frame(height=300), fb.errors_frame(*totals, names, height=300)
    times, changed, everything = [], 0, 0
    for _ in range(redraws):
        trainer.step(25)
        start = time.perf_counter()
        snap = trainer.snapshot()
        _, _, probs = snap.predict_grid(80)
        wrong = [snap.class_errors(split).tolist() for split in ("train", "test")]
        figs = [fb.fill_regions(regions, probs, f"step {snap.steps_done:,}: test accuracy 0%"),
                fb.fill_curves(curves, snap.history), fb.fill_errors(errors, *wrong)]
        sizes = [len(plotly.io.to_json(f.to_dict(), validate=False)) for f in (*figs, points)]
        times.append(time.perf_counter() - start)
        changed, everything = sum(sizes[:-1]), sum(sizes)
    return {"redraw_ms": round(1000 * statistics.median(times), 1), "redraw_kb": round(changed / 1000, 1),
            "redraw_kb_all": round(everything / 1000, 1)}


def run(device: torch.device, quick: bool) -> dict:
    from bench.streamlit_server import CHROMIUM, CHROMIUM_ARGS, serving

    if not Path(CHROMIUM).exists():
        return {"error": f"no browser at {CHROMIUM}"}
    from playwright.sync_api import sync_playwright

    seconds = 6.0 if quick else 15.0
    out: dict = redraw_cost(device, 10 if quick else 30)
    bare = {p.label: bare_rate(p, device, 2.0 if quick else 4.0) for p in PLAYS}
    ratios = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for play in PLAYS:
            # a server and an empty checkpoint cache per panel: a run that finishes saves its model, and the next
            # panel's page would open at that trained model (no "▶ Train" to press)
            with tempfile.TemporaryDirectory() as cache, \
                    serving({"DLCC_CACHE_DIR": cache, "DLCC_DEVICE": device.type}) as server:
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                got = play_in_browser(context.new_page(), server.url, play, seconds)
                context.close()
            ratios[play.label] = got["steps_per_s"] / bare[play.label]
            out[f"live_ratio_{play.label}"] = round(ratios[play.label], 3)
            out[f"app_steps_per_s_{play.label}"] = round(got["steps_per_s"], 1)
            out[f"bare_steps_per_s_{play.label}"] = round(bare[play.label], 1)
            out[f"redraws_per_s_{play.label}"] = round(got["redraws_per_s"], 2)
        browser.close()
    worst = min(ratios, key=ratios.get)
    return {"live_ratio": round(ratios[worst], 3), "worst": worst, **out}
