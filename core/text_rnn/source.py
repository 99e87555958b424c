"""Where the text comes from, and which texts are refused (with a sentence saying why).

Sources: the Sherlock Holmes text in the data directory (or the cache, where `core.prepare` downloads it), an
embedded default that ships in assets/ (Genesis, King James Version: public domain), or an upload. An upload is
decoded as UTF-8 (with or without a byte-order mark), UTF-16 when it has a byte-order mark, else Latin-1 when it
looks like text; the decoding used is reported."""
from __future__ import annotations

from dataclasses import dataclass, field

from core.data import texts
from core.paths import PROJECT_ROOT

EMBEDDED_FILE = PROJECT_ROOT / "assets" / "text" / "genesis_kjv.txt"
MAX_BYTES = 20 * 1024 * 1024
MIN_CHARS = 2_000  # shorter texts give a network nothing to generalise from
MIN_DISTINCT = 5
SHERLOCK, EMBEDDED, UPLOAD = "Sherlock Holmes", "Genesis (embedded)", "your own upload"


class TextProblem(ValueError):
    """A text that cannot be used; str() is the message for the page."""


@dataclass
class Text:
    text: str
    source: str  # what the page says it uses
    notes: list[str] = field(default_factory=list)


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    controls = sum(b < 32 and b not in (9, 10, 13, 12) for b in sample)
    return b"\x00" in sample or controls > 0.01 * len(sample)


def decode_text(data: bytes) -> Text:
    """Uploaded bytes as text, or TextProblem saying why not."""
    if not data:
        raise TextProblem("The file is empty. Upload a plain-text file (.txt) of at least a few pages.")
    if len(data) > MAX_BYTES:
        raise TextProblem(f"The file is {len(data) / 2**20:.0f} MB; the limit is {MAX_BYTES / 2**20:.0f} MB. "
                          "A few hundred kB of text is plenty.")
    notes = []
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise TextProblem("The file starts like UTF-16 text but does not decode as it.") from None
        notes.append("The file is UTF-16 text; it was read as such.")
    elif _looks_binary(data):
        raise TextProblem("This file is not text (it holds binary data). Upload a plain-text file (.txt).")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            notes.append("The file is not UTF-8; it was read as Latin-1 (Western European).")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Text(check_text(text), "upload", notes)


def check_text(text: str) -> str:
    if len(text) < MIN_CHARS:
        raise TextProblem(f"The text has only {len(text):,} characters; it needs at least {MIN_CHARS:,} "
                          "for the network to learn anything.")
    if len(set(text)) < MIN_DISTINCT:
        raise TextProblem(f"The text uses only {len(set(text))} different character(s); there is nothing to learn "
                          "about what comes next.")
    return text


def text_choices() -> list[str]:
    return ([SHERLOCK] if texts.sherlock_path() else []) + [EMBEDDED, UPLOAD]


def load_choice(choice: str, allow_download: bool = False) -> Text:
    """A named text (not the upload, which the page reads itself)."""
    if choice == SHERLOCK:
        book = texts.load_sherlock(allow_download=allow_download)
        if book is None:
            raise TextProblem("The Sherlock Holmes text is not on this machine: run `python -m core.prepare` with "
                              "a network, or use the embedded text.")
        return Text(book, "The Adventures of Sherlock Holmes (Project Gutenberg #1661), from the data directory")
    if choice == EMBEDDED:
        return Text(EMBEDDED_FILE.read_text(encoding="utf-8"),
                    "Genesis, King James Version (public domain), embedded in the app")
    raise TextProblem(f"Unknown text {choice!r}.")
