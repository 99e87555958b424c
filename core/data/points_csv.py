"""Read an uploaded CSV of 2-D points, or say exactly what is wrong with it.

Every problem raises ValueError with a message meant for the page (shown with st.error): which row,
which column, what was found. A header row is optional: it is recognised as a first row whose first
two cells are both not numbers. Columns beyond the first two are ignored (often a label column), and the caller is told."""
from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

import numpy as np

MAX_ROWS = 200_000  # enough for any demo; a bigger file would make the page slow for everyone
DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class PointsTable:
    points: np.ndarray  # float32, shape (n, 2)
    columns: tuple[str, str]  # the header's names, or "x", "y" when there was none
    has_header: bool
    ignored_columns: int  # columns after the first two


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")  # -sig: Excel's byte-order mark is not part of the first name
    except UnicodeDecodeError as exc:
        raise ValueError(f"The file is not UTF-8 text (byte {exc.start} is 0x{data[exc.start]:02x}). "
                         "Is it a spreadsheet (.xlsx) or another binary file? Save it as CSV (UTF-8) and try again.") from None


def _delimiter(first_line: str) -> str:
    for d in DELIMITERS:
        if d in first_line:
            return d
    return ","


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
    if math.isinf(value):
        raise ValueError(f"Row {row}, column '{column}' is infinite. Points need finite coordinates.")
    return value


def parse_points_csv(data: bytes, max_rows: int = MAX_ROWS, min_rows: int = 2) -> PointsTable:
    """The first two columns of a CSV as float32 points, or ValueError saying what to fix."""
    if not data or not data.strip():
        raise ValueError("The file is empty. Upload a CSV with two columns of numbers, x and y, one point per row.")
    lines_upper_bound = data.count(b"\n") + 1
    if lines_upper_bound > max_rows + 1 + 1000:  # cheap early stop, before decoding a huge file (+ slack for blank lines)
        raise ValueError(f"The file has about {lines_upper_bound:,} rows; the limit is {max_rows:,}. "
                         f"Upload a random sample of at most {max_rows:,} points.")
    text = _decode(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = _delimiter(first_line)
    try:
        rows = [(i, r) for i, r in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)
                if any(c.strip() for c in r)]
    except csv.Error as exc:
        raise ValueError(f"This is not a readable CSV file ({exc}).") from None
    width = len(rows[0][1])
    if width < 2:
        raise ValueError("The file has only one column. Each row needs two numbers, x and y, separated by a comma "
                         f"(found '{first_line.strip()[:40]}' in the first row).")
    has_header = not any(_is_number(c) for c in rows[0][1][:2])  # '1,abc' is a bad row, not a header
    columns = tuple(c.strip() or f"column {j + 1}" for j, c in enumerate(rows[0][1][:2])) if has_header else ("x", "y")
    body = rows[1:] if has_header else rows
    if len(body) > max_rows:
        raise ValueError(f"The file has {len(body):,} rows; the limit is {max_rows:,}. "
                         f"Upload a random sample of at most {max_rows:,} points.")
    if len(body) < min_rows:
        raise ValueError(f"The file has {len(body)} point(s){' after the header' if has_header else ''}; "
                         f"at least {min_rows} are needed to cluster.")
    for line_no, cells in body:
        if len(cells) < 2:
            raise ValueError(f"Row {line_no} has {len(cells)} value(s); every row needs two (x and y).")
    try:  # fast path: numpy converts the lot at once; on any failure, find the offending cell for the message
        points = np.array([[c[0], c[1]] for _, c in body], dtype=np.float64)
        if not np.isfinite(points).all():
            raise ValueError
    except ValueError:
        points = np.array([[_cell_value(c[j], line_no, columns[j]) for j in (0, 1)] for line_no, c in body])
    return PointsTable(points.astype(np.float32), columns, has_header, max(0, width - 2))
