"""Read an uploaded CSV of 2-D points, or say exactly what is wrong with it.

Every problem raises ValueError with a message meant for the page (shown with st.error): which row, which
column, what was found. A header row is optional: it is recognised as a first row whose first two cells are
both not numbers. The file is read as a stream, row by row, keeping only the first two cells of each as
numbers: a 50 MB file with many columns costs a few MB, and reading stops at the row limit. Columns beyond the
first two are ignored (often a label column), and the caller is told. Coordinates are checked after the cast
to float32 (1e39 is refused, not turned into inf) and huge or tiny ranges are rescaled by a power of ten, so
squared distances cannot overflow or vanish in float32 (the caller is told the scale)."""
from __future__ import annotations

import codecs
import csv
import io
import itertools
import math
from array import array
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np

MAX_ROWS = 200_000  # enough for any demo; a bigger file would make the page slow for everyone
DELIMITERS = (",", ";", "\t")
FLOAT32_MAX = float(np.finfo(np.float32).max)
LARGEST, SMALLEST = 1e9, 1e-9  # |coordinates| kept within these (after rescaling): squares stay in float32's range


@dataclass(frozen=True)
class PointsTable:
    points: np.ndarray  # float32, shape (n, 2), in the file's units times `scale`
    columns: tuple[str, str]  # the header's names, or "x", "y" when there was none
    has_header: bool
    ignored_columns: int  # columns after the first two
    scale: float = 1.0  # the file's values were multiplied by this (a power of ten) to keep float32 safe


def _bad_utf8(data: bytes) -> ValueError:
    decoder, offset = codecs.getincrementaldecoder("utf-8")(), 0
    for start in range(0, len(data), 1 << 20):
        try:
            decoder.decode(data[start:start + (1 << 20)])
        except UnicodeDecodeError as exc:
            offset = start + exc.start
            break
    return ValueError(f"The file is not UTF-8 text (byte {offset} is 0x{data[offset]:02x}). Is it a spreadsheet "
                      "(.xlsx) or another binary file? Save it as CSV (UTF-8) and try again.")


def _delimiter(first_line: str) -> str:
    return next((d for d in DELIMITERS if d in first_line), ",")


def _is_number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def _cell_value(cell: str, row: int, column: str) -> float:
    text = cell.strip()
    if not text:
        raise ValueError(f"Row {row}, column '{column}' is empty. Every point needs both coordinates: "
                         "fill in or delete rows with missing values.")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"Row {row}, column '{column}': '{text[:30]}' is not a number. "
                         "Both columns must hold numbers only (use a dot for decimals).") from None
    if math.isnan(value):
        raise ValueError(f"Row {row}, column '{column}' is NaN (not a number). Remove rows with missing values.")
    if math.isinf(value) or abs(value) > FLOAT32_MAX:  # finite in float64 but inf once stored as float32
        raise ValueError(f"Row {row}, column '{column}' is "
                         f"{'infinite' if math.isinf(value) else 'too large to store (beyond ±3.4e38)'}. "
                         "Points need finite coordinates.")
    return value


def _rows(stream: io.TextIOBase):
    """(row number, cells) of every non-blank row; the delimiter is guessed from the first non-blank line."""
    lines, first, leading = iter(stream), "", 0
    for first in lines:
        if first.strip():
            break
        leading += 1
    reader = csv.reader(itertools.chain([first], lines), delimiter=_delimiter(first))
    for row, cells in enumerate(reader, start=leading + 1):
        if any(c.strip() for c in cells):
            yield row, cells


def _rescale(points: np.ndarray) -> tuple[np.ndarray, float]:
    largest = float(np.abs(points).max()) if points.size else 0.0
    if largest == 0.0 or SMALLEST <= largest <= LARGEST:
        return points, 1.0
    scale = 10.0 ** -math.floor(math.log10(largest))  # the largest value becomes 1 to 10
    return points * scale, scale


def parse_points_csv(data: bytes | BinaryIO, max_rows: int = MAX_ROWS, min_rows: int = 2) -> PointsTable:
    """The first two columns of a CSV (bytes, or a binary file) as float32 points, or ValueError saying what to fix."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        data = bytes(data)
        if not data or data.isspace():  # (strip() would copy the whole file)
            raise ValueError("The file is empty. Upload a CSV with two columns of numbers, x and y, one point per row.")
        lines_upper_bound = data.count(b"\n") + 1
        if lines_upper_bound > max_rows + 1 + 1000:  # cheap early stop, before reading (slack for blank lines)
            raise ValueError(f"The file has about {lines_upper_bound:,} rows; the limit is {max_rows:,}. "
                             f"Upload a random sample of at most {max_rows:,} points.")
        raw = data
        binary: BinaryIO = io.BytesIO(data)
    else:
        raw, binary = None, data
    stream = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")  # -sig: Excel's byte-order mark
    values = array("d")  # x0, y0, x1, y1, ...: 16 bytes a point, nothing else of a row is kept
    columns, has_header, width, count = ("x", "y"), False, 0, 0
    try:
        for index, (line_no, cells) in enumerate(_rows(stream)):
            if index == 0:
                width = len(cells)
                if width < 2:
                    raise ValueError("The file has only one column. Each row needs two numbers, x and y, separated "
                                     f"by a comma (found '{cells[0].strip()[:40]}' in the first row).")
                has_header = not any(_is_number(c) for c in cells[:2])  # '1,abc' is a bad row, not a header
                if has_header:
                    columns = tuple(c.strip()[:60] or f"column {j + 1}" for j, c in enumerate(cells[:2]))
                    continue
            if count >= max_rows:
                raise ValueError(f"The file has more than {max_rows:,} rows; the limit is {max_rows:,}. "
                                 f"Upload a random sample of at most {max_rows:,} points.")
            if len(cells) < 2:
                raise ValueError(f"Row {line_no} has {len(cells)} value(s); every row needs two (x and y).")
            values.append(_cell_value(cells[0], line_no, columns[0]))
            values.append(_cell_value(cells[1], line_no, columns[1]))
            count += 1
    except UnicodeDecodeError:
        raise (_bad_utf8(raw) if raw is not None else ValueError("The file is not UTF-8 text. Save it as CSV "
                                                                 "(UTF-8) and try again.")) from None
    except csv.Error as exc:
        raise ValueError(f"This is not a readable CSV file ({exc}).") from None
    finally:
        stream.detach()  # leave the caller's file open
    if width == 0:
        raise ValueError("The file holds no values, only separators or blank lines. Upload a CSV with two columns "
                         "of numbers, x and y, one point per row.")
    if count < min_rows:
        raise ValueError(f"The file has {count} point(s){' after the header' if has_header else ''}; "
                         f"at least {min_rows} are needed to cluster.")
    points, scale = _rescale(np.frombuffer(values, dtype=np.float64).reshape(-1, 2))
    return PointsTable(points.astype(np.float32), columns, has_header, max(0, width - 2), scale)
