"""Which device the demos run on: CUDA, else Apple MPS, else CPU; DLCC_DEVICE forces one."""
from __future__ import annotations

import os

import torch

VALID = ("cpu", "cuda", "mps")


def _available(name: str) -> bool:
    if name == "cuda":
        return torch.cuda.is_available()
    if name == "mps":
        return bool(getattr(torch.backends, "mps", None)) and torch.backends.mps.is_available()
    return name == "cpu"


def pick_device(requested: str | None = None) -> torch.device:
    """The device to use. `requested` (or DLCC_DEVICE) wins when that device exists.

    An unknown or unavailable request raises, so a typo never silently trains on the wrong chip."""
    name = (requested or os.environ.get("DLCC_DEVICE", "")).strip().lower()
    if name:
        if name not in VALID:
            raise ValueError(f"DLCC_DEVICE={name!r}: expected one of {', '.join(VALID)}")
        if not _available(name):
            raise RuntimeError(f"device {name!r} was requested but is not available on this machine")
        return torch.device(name)
    for name in ("cuda", "mps"):
        if _available(name):
            return torch.device(name)
    return torch.device("cpu")


def describe(device: torch.device) -> str:
    """A short human label, e.g. 'cuda (NVIDIA H100)' or 'cpu (2 threads)'."""
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    if device.type == "mps":
        return "mps (Apple GPU)"
    return f"cpu ({torch.get_num_threads()} threads)"


def synchronize(device: torch.device) -> None:
    """Wait for queued kernels, so timings measure work and not launch."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    elif device.type == "mps":
        torch.mps.synchronize()


def bf16_native(device: torch.device) -> bool:
    """Whether `device` computes in bfloat16 natively, so autocasting to it saves time: CUDA GPUs that support it,
    and CPUs with AVX512-BF16 or AMX (elsewhere bf16 is emulated and slower than float32)."""
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported()
    if device.type == "cpu":
        checks = [getattr(torch.cpu, name, None) for name in ("_is_avx512_bf16_supported", "_is_amx_tile_supported")]
        try:
            return any(check() for check in checks if check is not None)
        except RuntimeError:
            return False
    return False
