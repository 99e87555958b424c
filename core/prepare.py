"""Get ready for a talk with bad Wi-Fi: fetch what can be fetched and train every page's default model.

`python -m core.prepare [--device cpu|cuda|mps] [--no-download]` prints a table of what is ready. A module
anywhere in core/, topic packages included, takes part by defining `prepare_jobs() -> list[(label, fn(device) ->
detail)]`; its fn trains and saves to the checkpoint cache (and returns at once when the checkpoint is there)."""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import torch

import core
from core.device import pick_device
from core.modules import iter_modules


@dataclass
class Result:
    item: str
    ready: bool
    detail: str
    seconds: float


def _mnist(device: torch.device, allow_download: bool) -> tuple[bool, str]:
    from core.data import mnist

    if mnist.find_mnist_files() is None and allow_download:
        mnist.download_mnist()
    files = mnist.find_mnist_files()
    return (True, f"in {files['train_x'].parent}") if files else (False, "not found and could not be downloaded; "
                                                                 "pages use scikit-learn's digits instead")


def _sherlock(device: torch.device, allow_download: bool) -> tuple[bool, str]:
    from core.data import texts

    path = texts.sherlock_path() or (texts.download_sherlock() if allow_download else None)
    return (True, f"in {path}") if path else (False, "not found and could not be downloaded")


def _vgg16(device: torch.device, allow_download: bool) -> tuple[bool, str]:
    from core.imagenet import sources

    found = sources.locate("vgg16", allow_download=allow_download)
    if found:
        return True, f"in {found[0]}"
    offline = [name for name in ("mobilenet_v2", "efficientnet_lite0") if sources.locate(name)]
    return False, ("could not be downloaded" + (f"; pages use {offline[0]} instead, available offline" if offline
                                                else ""))


DOWNLOADS: list[tuple[str, Callable]] = [("MNIST", _mnist), ("Sherlock Holmes text", _sherlock),
                                         ("VGG16 ImageNet weights", _vgg16)]


def model_jobs() -> list[tuple[str, Callable[[torch.device], str]]]:
    jobs = []
    for module in iter_modules(core, skip=("prepare",)):
        if hasattr(module, "prepare_jobs"):
            jobs.extend(module.prepare_jobs())
    return jobs


def prepare(device: torch.device, allow_download: bool = True,
            progress: Callable[[float, str], None] | None = None) -> list[Result]:
    jobs = [(f"download: {name}", lambda d, fn=fn: fn(d, allow_download)) for name, fn in DOWNLOADS]
    jobs += [(f"model: {label}", lambda d, fn=fn: (True, fn(d))) for label, fn in model_jobs()]
    results = []
    for i, (label, fn) in enumerate(jobs):
        if progress:
            progress(i / len(jobs), label)
        start = time.perf_counter()
        try:
            ready, detail = fn(device)
        except Exception as exc:  # one failure must not stop the rest of the preparation
            ready, detail = False, f"failed: {type(exc).__name__}: {exc}"
        results.append(Result(label, ready, detail, time.perf_counter() - start))
    if progress:
        progress(1.0, "done")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.prepare", description=__doc__.splitlines()[0])
    parser.add_argument("--device", choices=("cpu", "cuda", "mps"), default=None)
    parser.add_argument("--no-download", action="store_true", help="use only what is already on disk")
    args = parser.parse_args(argv)
    device = pick_device(args.device)
    total = time.perf_counter()

    def show(frac: float, label: str) -> None:
        print(f"[{frac:4.0%}] {label}", file=sys.stderr, flush=True)

    results = prepare(device, not args.no_download, show)
    width = max(len(r.item) for r in results)
    for r in results:
        print(f"{'ready  ' if r.ready else 'MISSING'}  {r.item:<{width}}  {r.seconds:7.1f} s  {r.detail}")
    print(f"{sum(r.ready for r in results)}/{len(results)} ready in {time.perf_counter() - total:.1f} s on {device}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
