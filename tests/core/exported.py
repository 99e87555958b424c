"""Helpers for tests of export-as-code scripts: read a constant a script defines, run a script as a subprocess,
write a small test picture."""
from __future__ import annotations

import ast
import os
import subprocess
import sys

import numpy as np
from PIL import Image


def script_constant(script: str, name: str):
    """A constant the script defines, read back as Python (never run)."""
    node = next(n for n in ast.parse(script).body if isinstance(n, ast.Assign) and n.targets[0].id == name)
    return ast.literal_eval(node.value)


def write_picture(path, height: int, width: int, seed: int) -> None:
    yy, xx = np.mgrid[0:height, 0:width] / max(height, width)
    phase = np.random.default_rng(seed).uniform(0, 6, 3)
    rgb = np.stack([0.5 + 0.45 * np.sin(7 * xx + 5 * yy + p) for p in phase], -1)
    Image.fromarray((rgb * 255).round().astype(np.uint8)).save(path)


def run_script(script: str, tmp_path, *args: str) -> subprocess.CompletedProcess:
    path = tmp_path / "script.py"
    path.write_text(script)
    env = {**os.environ, "OMP_NUM_THREADS": "1"}  # as the in-process reference (tests/core/conftest.py)
    return subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path, env=env)
