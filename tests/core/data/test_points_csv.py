"""Uploaded CSVs of 2-D points: good files parse to the right numbers, every bad one names its problem."""
import numpy as np
import pytest

from core.data.points_csv import MAX_ROWS, parse_points_csv


@pytest.mark.parametrize("raw,header,columns", [
    (b"x,y\n1,2\n3.5,-4e1\n", True, ("x", "y")),
    (b"1,2\n3.5,-4e1\n", False, ("x", "y")),
    (b"\xef\xbb\xbfx,y\r\n1,2\r\n3.5,-4e1\r\n\r\n", True, ("x", "y")),  # Excel: BOM, CRLF, trailing blank line
    (b"width;height\n1;2\n3.5;-4e1\n", True, ("width", "height")),
    (b"a\tb\n1\t2\n3.5\t-4e1\n", True, ("a", "b")),
    (b'"x","y"\n" 1 ","2"\n3.5,-4e1\n', True, ("x", "y")),
])
def test_good_files_give_the_points(raw, header, columns):
    table = parse_points_csv(raw)
    np.testing.assert_allclose(table.points, [[1, 2], [3.5, -40]])
    assert table.points.dtype == np.float32 and table.has_header is header and table.columns == columns


def test_extra_columns_are_ignored_and_counted():
    table = parse_points_csv(b"x,y,label,weight\n1,2,cat,1\n3,4,dog,2\n")
    np.testing.assert_allclose(table.points, [[1, 2], [3, 4]])
    assert table.ignored_columns == 2 and table.columns == ("x", "y")


@pytest.mark.parametrize("raw,message", [
    (b"", "empty"),
    (b" \n\n \n", "empty"),
    (b"x\n1\n2\n3\n", "only one column"),
    (b"x,y\n1,2\n3,abc\n", "Row 3, column 'y': 'abc' is not a number"),
    (b"1,abc\n3,4\n", "Row 1, column 'y': 'abc' is not a number"),  # text in the first row is not a header
    (b"x,y\n1,2\n,4\n", "Row 3, column 'x' is empty"),
    (b"x,y\n1,2\n3,NaN\n", "Row 3, column 'y' is NaN"),
    (b"x,y\n1,2\n3,inf\n", "infinite"),
    (b"x,y\n1,2\n3\n", "Row 3 has 1 value"),
    (b"x,y\n1,2\n", "at least 2"),
    (b"x,y\n", "0 point"),  # a header and nothing else
    (b",,\n,,\n", "no values"),  # only separators: was an IndexError
    (b";;;\n\n;;\n", "no values"),
    (b"x,y\n1,2\n3,1e39\n", "Row 3, column 'y' is too large"),  # finite in float64, inf in float32
    (b"x,y\n1,2\n-4e38,1\n", "Row 3, column 'x' is too large"),
    ("x,y\n1,2\n3,4\ncaf\u00e9,5\n".encode("latin-1"), "not UTF-8"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xa4\x8b", "not UTF-8"),  # an .xlsx is a zip file
])
def test_bad_files_raise_a_message_for_the_page(raw, message):
    with pytest.raises(ValueError, match=message):
        parse_points_csv(raw)


def test_a_million_rows_are_refused_quickly_with_the_limit_named():
    raw = b"x,y\n" + b"1.5,2.5\n" * 1_000_000
    with pytest.raises(ValueError, match=f"limit is {MAX_ROWS:,}"):
        parse_points_csv(raw)


def test_the_limit_counts_points_not_the_header():
    ok = b"x,y\n" + b"1,2\n" * 10
    assert len(parse_points_csv(ok, max_rows=10).points) == 10
    with pytest.raises(ValueError, match="more than 10 rows; the limit is 10"):
        parse_points_csv(ok + b"1,2\n", max_rows=10)


def test_many_rows_parse_fast_and_exactly():
    rng = np.random.default_rng(0)
    pts = rng.normal(size=(50_000, 2)).astype(np.float32)
    raw = ("x,y\n" + "\n".join(f"{a!r},{b!r}" for a, b in pts.tolist())).encode()
    np.testing.assert_array_equal(parse_points_csv(raw).points, pts)


def test_huge_and_tiny_ranges_are_rescaled_so_kmeans_still_works():
    from core.kmeans.choose_k import scan_k
    from core.kmeans.datasets import ClusterDataConfig, make_points

    pts = make_points(ClusterDataConfig("blobs", 300, 3, seed=1))[0].numpy().astype(np.float64)
    plain = scan_k(parse_points_csv(_csv(pts)).points, range(1, 6))
    for factor in (1e20, 1e-25):
        table = parse_points_csv(_csv(pts * factor))
        assert table.scale != 1.0 and np.isfinite(table.points).all()
        np.testing.assert_allclose(table.points / table.scale, pts * factor, rtol=1e-5)
        scan = scan_k(table.points, range(1, 6))
        assert np.isfinite(scan.inertias).all() and scan.inertias[0] > 0  # was inf (1e20 squared) or 0
        assert scan.best_silhouette_k == plain.best_silhouette_k and max(scan.silhouettes[1:]) > 0.5  # was 0 for all
        np.testing.assert_allclose(scan.silhouettes[1:], plain.silhouettes[1:], atol=1e-3)
    assert parse_points_csv(_csv(pts * 1e6)).scale == 1.0  # ordinary large numbers stay as they are


def _csv(pts) -> bytes:
    return ("x,y\n" + "\n".join(f"{a!r},{b!r}" for a, b in np.asarray(pts).tolist())).encode()


def test_a_wide_file_is_read_as_a_stream_keeping_two_columns():
    import tracemalloc

    row = ",".join(["12345.678"] * 40) + "\n"  # 400 bytes, 40 cells, two of them used
    raw = ("".join(f"a{j}," for j in range(39)) + "a39\n").encode() + row.encode() * 80_000  # 32 MB
    tracemalloc.start()
    try:
        table = parse_points_csv(raw)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert table.points.shape == (80_000, 2) and table.ignored_columns == 38
    assert peak < 12 * 2**20, f"{peak / 2**20:.0f} MB to read a {len(raw) / 2**20:.0f} MB file"


def test_rows_beyond_the_limit_are_not_read():
    import io

    class Endless(io.RawIOBase):  # a file that never ends: reading must stop at the limit
        def __init__(self):
            self.served = 0

        def readable(self):
            return True

        def readinto(self, buffer):
            start = self.served % 10
            chunk = (b"1.5,2.5,9\n" * (len(buffer) // 10 + 2))[start:start + len(buffer)]
            buffer[:len(chunk)] = chunk
            self.served += len(chunk)
            return len(chunk)

    source = Endless()
    with pytest.raises(ValueError, match="more than 1,000 rows"):
        parse_points_csv(io.BufferedReader(source), max_rows=1000)
    assert source.served < 200_000  # about 1,000 rows of 10 bytes, plus the reader's buffers
    table = parse_points_csv(io.BytesIO(b"x,y\n1,2\n3,4\n"))
    np.testing.assert_allclose(table.points, [[1, 2], [3, 4]])
