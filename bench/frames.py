"""Where an error came from, in the project's own code: a benchmark run on a machine lent for minutes, or a load
test's session that waited too long, must say it in one line."""
from __future__ import annotations

import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def where(exc: BaseException, inside: Path = ROOT, frames: int = 4) -> str:
    """The last `frames` frames of `exc`'s traceback inside `inside` (the project, or one file of it), innermost
    first: "path:line in function", paths relative to the project; the virtual environment is not ours."""
    inside = inside.resolve()

    def ours(filename: str) -> bool:
        path = Path(filename).resolve()
        return path.is_file() and path.is_relative_to(inside) and ".venv" not in path.parts

    kept = [f for f in traceback.extract_tb(exc.__traceback__) if ours(f.filename)][-frames:]
    return " < ".join(f"{Path(f.filename).resolve().relative_to(ROOT)}:{f.lineno} in {f.name}"
                      for f in reversed(kept)) or "?"
