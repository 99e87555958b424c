"""Run benchmark tasks and print one line each: metrics, seconds, device (or JSON with --json)."""
from __future__ import annotations

import argparse
import json
import sys
import time

import bench.tasks
from bench.frames import where
from core.device import pick_device, synchronize
from core.modules import iter_modules


def discover() -> dict:
    """Every task module in bench/tasks/, subpackages included (a topic may keep several tasks together)."""
    tasks = {}
    for module in iter_modules(bench.tasks):
        if hasattr(module, "NAME") and hasattr(module, "run"):
            if module.NAME in tasks:
                raise RuntimeError(f"two benchmark tasks are called {module.NAME!r}")
            tasks[module.NAME] = module
    return tasks


def format_line(record: dict) -> str:
    metrics = "  ".join(
        f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}"
        for k, v in record.items() if k not in ("task", "device", "seconds")
    )
    return f"{record['task']:<12} {metrics}  seconds={record['seconds']:.3f}  device={record['device']}"


def main(argv: list[str] | None = None) -> int:
    tasks = discover()
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("tasks", nargs="*", help=f"tasks to run (default: all): {', '.join(tasks)}")
    parser.add_argument("--device", choices=("cpu", "cuda", "mps"), default=None)
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--quick", action="store_true", help="smaller problems, for a smoke test")
    args = parser.parse_args(argv)
    unknown = [t for t in args.tasks if t not in tasks]
    if unknown:
        parser.error(f"unknown task(s) {', '.join(unknown)}; known: {', '.join(tasks)}")
    device = pick_device(args.device)
    failed = 0
    for name in args.tasks or list(tasks):
        start = time.perf_counter()
        try:
            metrics = tasks[name].run(device, args.quick)
            synchronize(device)
        except Exception as exc:  # one broken task must not hide the others' figures
            metrics, failed = {"error": f"{type(exc).__name__}: {exc}", "where": where(exc)}, failed + 1
        seconds = metrics.pop("seconds", time.perf_counter() - start)
        record = {"task": name, "device": str(device), "seconds": round(float(seconds), 4), **metrics}
        print(json.dumps(record) if args.json else format_line(record), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
