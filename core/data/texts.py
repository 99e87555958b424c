"""Long texts for the sequence demos: The Adventures of Sherlock Holmes (Project Gutenberg #1661).

Read from <data dir>/text/ or the cache; else downloaded once into the cache with Gutenberg's header and
footer removed; else None, and the page offers its embedded default."""
from __future__ import annotations

import os
import tempfile
import urllib.request
from pathlib import Path

from core.paths import cache_dir, data_dir

SHERLOCK_FILE = "sherlock_adventures.txt"
SHERLOCK_URL = "https://www.gutenberg.org/cache/epub/1661/pg1661.txt"


def sherlock_path() -> Path | None:
    for root in (data_dir() / "text", cache_dir() / "text"):
        if (root / SHERLOCK_FILE).exists():
            return root / SHERLOCK_FILE
    return None


def strip_gutenberg(text: str) -> str:
    """The book without Project Gutenberg's licence header and footer."""
    start = text.find("*** START OF")
    if start != -1:
        text = text[text.find("\n", start) + 1:]
    end = text.find("*** END OF")
    if end != -1:
        text = text[:end]
    return text.strip() + "\n"


def download_sherlock(timeout: float = 20.0) -> Path | None:
    try:
        with urllib.request.urlopen(SHERLOCK_URL, timeout=timeout) as r:
            text = strip_gutenberg(r.read().decode("utf-8-sig"))
    except Exception:
        return None
    target = cache_dir() / "text" / SHERLOCK_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, target)
    return target


def load_sherlock(allow_download: bool = True) -> str | None:
    path = sherlock_path() or (download_sherlock() if allow_download else None)
    return path.read_text(encoding="utf-8") if path else None
