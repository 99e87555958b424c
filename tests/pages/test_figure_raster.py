"""Scatter pictures drawn on the server (figures/raster.py) against plain per-pixel references: which grid cell
labels each pixel, which pixels a marker covers, the picture's orientation and aspect, and the PNG round trip."""
import numpy as np
import pytest

from figures.kmeans import REGION_ALPHA, cluster_picture, cluster_symbol
from figures.palette import class_colour, rgb
from figures.raster import IndexedPicture, decode_data_uri, label_picture, picture_size, png_data_uri, point_cover

RNG = np.random.default_rng(7)


def pixel_centres(x_range, y_range, width, height):
    """Data coordinates of every pixel's centre, row 0 at the top (the highest y)."""
    xs = x_range[0] + (np.arange(width) + 0.5) / width * (x_range[1] - x_range[0])
    ys = y_range[1] - (np.arange(height) + 0.5) / height * (y_range[1] - y_range[0])
    return xs, ys


@pytest.mark.parametrize("rows, cols, width, height", [(13, 17, 101, 67), (100, 100, 480, 431), (5, 3, 4, 9)])
def test_each_pixel_takes_the_label_of_the_nearest_grid_cell(rows, cols, width, height):
    x_range, y_range = (-2.0, 3.0), (1.0, 4.0)
    grid = RNG.integers(0, 5, size=(rows, cols))  # labels[y, x], row 0 at the lowest y
    picture = label_picture(grid, width, height)
    assert picture.shape == (height, width)
    cell_x, cell_y = np.linspace(*x_range, cols), np.linspace(*y_range, rows)  # label_grid's cell centres
    xs, ys = pixel_centres(x_range, y_range, width, height)
    dy, dx = np.abs(cell_y[None, :] - ys[:, None]), np.abs(cell_x[None, :] - xs[:, None])
    expected = grid[dy.argmin(1)][:, dx.argmin(1)]
    # halfway between two cells either is right
    tie_y = np.sort(dy, 1)[:, 1] - dy.min(1) < 1e-9 if rows > 1 else np.zeros(height, bool)
    tie_x = np.sort(dx, 1)[:, 1] - dx.min(1) < 1e-9 if cols > 1 else np.zeros(width, bool)
    clear = ~tie_y[:, None] & ~tie_x[None, :]
    assert (picture[clear] == expected[clear]).all()


def test_markers_cover_the_pixels_within_their_radius_at_their_place():
    width, height, radius = 90, 60, 3.0
    x_range, y_range = (0.0, 9.0), (0.0, 6.0)  # 10 pixels a unit
    # far apart (no two markers touch), one near the top left corner: row 0 is the highest y
    points = np.array([[0.45, 5.55], [4.52, 3.01], [8.05, 0.75], [2.25, 1.95]])  # inside a pixel, not on its edge
    top = point_cover(points, x_range, y_range, width, height, radius)
    expected = np.full((height, width), -1)
    for p, (x, y) in enumerate(points):
        row, col = int((y_range[1] - y) * 10), int((x - x_range[0]) * 10)  # the pixel the point falls in
        for i in range(height):
            for j in range(width):
                if (i - row) ** 2 + (j - col) ** 2 <= radius ** 2:
                    expected[i, j] = p
    assert (top == expected).all()
    assert top[5, 4] == 0 and top[55, 4] == -1  # the first point sits at the top


def test_marker_shapes_and_points_off_the_picture():
    points = np.array([[10.5, 29.5], [29.5, 29.5], [20.5, 10.5], [-50.0, 3.0], [3.0, 99.0]])
    covered = point_cover(points, (0, 40), (0, 40), 40, 40, 4, shapes=[0, 1, 2, 0, 0]) >= 0
    circle, diamond, square = covered[5:16, 5:16], covered[5:16, 24:35], covered[24:35, 15:26]  # 11 x 11 around each
    assert circle.sum() == sum(1 for dy in range(-4, 5) for dx in range(-4, 5) if dx * dx + dy * dy <= 16)
    assert diamond[5].all() and diamond[:, 5].all() and not diamond[1, 1]  # tips 5 pixels out along the axes
    assert square[2:9, 2:9].all() and square.sum() == 49 and not circle[1, 1]
    assert covered.sum() == circle.sum() + diamond.sum() + square.sum()  # the points off the picture draw nothing


def test_picture_keeps_the_datas_aspect_and_survives_png():
    assert picture_size((0, 10), (0, 5), 480) == (480, 240)
    assert picture_size((0, 2), (-4, 4), 480) == (120, 480)
    picture = RNG.integers(0, 256, size=(30, 50, 3)).astype(np.uint8)
    uri = png_data_uri(picture)
    assert uri.startswith("data:image/png;base64,") and (decode_data_uri(uri) == picture).all()
    indexed = IndexedPicture(RNG.integers(0, 7, size=(30, 50)), RNG.uniform(0, 255, size=(7, 3)))
    assert (decode_data_uri(png_data_uri(indexed)) == indexed.rgb()).all()


def test_a_cluster_picture_colours_regions_and_points_by_cluster():
    k = 10  # clusters 9 and 10 reuse the first colours with another marker shape
    points = np.array([[i % 5 * 2.0 + 1, i // 5 * 4.0 + 2] for i in range(k)])  # each alone in a 2 x 4 cell
    labels = np.arange(k)
    xs, ys = np.linspace(0, 10, 50), np.linspace(0, 8, 40)
    grid = np.zeros((40, 50), dtype=int) + 3  # every region cluster 4's
    picture = cluster_picture(points, labels, k, (xs, ys, grid), long_side=250, marker_size=6).rgb()
    assert picture.shape == (200, 250, 3)
    region = 255 + (np.array(rgb(class_colour(3))) - 255) * REGION_ALPHA
    assert np.abs(picture[0, 0] - region).max() <= 0.5
    for (x, y), label in zip(points, labels, strict=True):
        row, col = int((8 - y) / 8 * 200), int(x / 10 * 250)
        expected = 0.8 * np.array(rgb(class_colour(label))) + 0.2 * region
        assert np.abs(picture[row, col] - expected).max() <= 0.5, label
    # cluster 9 is a diamond: its marker reaches further along the axes than cluster 1's circle
    assert cluster_symbol(8) == "diamond"
    reach = [int(np.sum(np.any(picture[int((8 - y) / 8 * 200)] != picture[0, 0], axis=-1)[
        int(x / 10 * 250) - 12:int(x / 10 * 250) + 13])) for x, y in points[[0, 8]]]
    assert reach[1] > reach[0]


def test_regions_keep_their_place_under_the_points():
    """Two regions side by side, left cluster 1 and right cluster 2, a point of cluster 2 on the left half."""
    xs, ys = np.linspace(0, 4, 40), np.linspace(0, 2, 20)
    grid = (np.arange(40)[None, :] >= 20).astype(int).repeat(20, 0)
    picture = cluster_picture(np.array([[1.0, 1.0]]), np.array([1]), 2, (xs, ys, grid), long_side=200).rgb()
    left, right = (255 + (np.array(rgb(class_colour(i))) - 255) * REGION_ALPHA for i in (0, 1))
    assert np.abs(picture[5, 5] - left).max() <= 0.5 and np.abs(picture[95, 195] - right).max() <= 0.5
    over_left = 0.8 * np.array(rgb(class_colour(1))) + 0.2 * left
    assert np.abs(picture[50, 50] - over_left).max() <= 0.5


def test_a_big_cluster_picture_draws_the_main_charts_subset():
    """Past MAX_DRAWN_POINTS (a CSV may hold 200,000) the picture shows the same fixed subset as the main chart."""
    from figures.kmeans import MAX_DRAWN_POINTS, drawn_subset

    n = 4 * MAX_DRAWN_POINTS
    points = RNG.uniform(0, 10, size=(n, 2))
    labels = (points[:, 0] > 5).astype(int)
    regions = (np.linspace(0, 10, 20), np.linspace(0, 10, 20), np.zeros((20, 20), dtype=int))
    shown = drawn_subset(n)
    whole = cluster_picture(points, labels, 2, regions, long_side=300)
    subset = cluster_picture(points[shown], labels[shown], 2, regions, long_side=300)
    assert len(shown) == MAX_DRAWN_POINTS and (whole.index == subset.index).all()
