"""The caches that keep reruns quick must never serve a stale result: after a widget changes, the page shows what
the new setting computes (checked against core, not against the page), and moving it back shows the old one."""
import numpy as np
import pytest

from tests.pages.apptest import figures, open_page, trace, values


def test_descent_grids_and_paths_follow_the_surface_and_the_start():
    from core.descent.surfaces import CURVES, SURFACES, grid
    from figures.descent import shade

    at = open_page("pages/04_descent.py")
    assert not at.exception
    z0 = np.array(values(trace(figures(at)["contour.0"], "error")["z"]))
    assert np.allclose(z0, shade(grid(SURFACES["valley"], 80)[2]))
    at.selectbox(key="descent.surface").set_value("bowl").run()  # the cached grid is keyed by the surface
    assert not at.exception
    z1 = np.array(values(trace(figures(at)["contour.0"], "error")["z"]))
    assert np.allclose(z1, shade(grid(SURFACES["bowl"], 80)[2])) and not np.allclose(z0, z1)
    at.selectbox(key="descent.surface").set_value("valley").run()
    assert np.allclose(np.array(values(trace(figures(at)["contour.0"], "error")["z"])), z0)
    # the one-weight path starts where the slider says, and its curve is the chosen one
    at.slider(key="descent.c_start").set_value(0.5).run()
    fig = figures(at)["curve"]
    assert values(trace(fig, "SGD")["x"])[0] == 0.5
    at.selectbox(key="descent.curve").set_value("bowl").run()
    curve = trace(figures(at)["curve"], "error curve")
    assert np.allclose(values(curve["y"]), grid(CURVES["bowl"], 300)[1])


def _predicted(fig: dict) -> list[int]:
    """The answers under the 40 test digits of a prediction grid, in the digits' order."""
    from figures.mnist import TILE

    out = {}
    for name in ("right", "wrong"):
        tr = next(t for t in fig["data"] if t.get("name", "").startswith(name))
        if not tr.get("customdata"):
            continue
        for x, y, (_, p) in zip(values(tr["x"]), values(tr["y"]), values(tr["customdata"]), strict=True):
            out[int((y - 3) // TILE) * 10 + int((x - 15) // TILE)] = int(p)
    return [out[i] for i in sorted(out)]


def test_mnist_untrained_grid_follows_the_seed_not_the_epochs(tmp_path, monkeypatch):
    """The untrained view is cached by network and seed only: a new seed must redraw it with that seed's net."""
    from core.mnist.data import available_source, get_digits
    from core.mnist.trainer import build_model, default_config, predict_proba

    monkeypatch.setenv("DLCC_DATA_DIR", str(tmp_path))  # the embedded digits: quick, and the same for everyone
    at = open_page("pages/10_mnist.py")
    assert not at.exception
    source = available_source()
    digits = get_digits(source, "cpu")

    def expected(seed: int) -> list[int]:
        probs = predict_proba(build_model(default_config("fast_cnn", source, seed=seed)), digits.test_x[:40])
        return probs.argmax(1).tolist()

    seed0 = _predicted(figures(at)["mnist.grid_before"])
    assert seed0 == expected(0)
    at.slider(key="mnist.seed").set_value(7).run()
    seed7 = _predicted(figures(at)["mnist.grid_before"])
    assert seed7 == expected(7) and seed7 != seed0
    at.slider(key="mnist.fast_epochs").set_value(3).run()  # another length: the same untrained network
    assert _predicted(figures(at)["mnist.grid_before"]) == seed7


def test_flippers_board_chosen_for_the_seed_and_size():
    """The automatic board is cached by the whole config: a new seed on 4×4 gets that seed's far board."""
    from core.flippers.game import Game, format_board, random_starts
    from core.flippers.optimal import min_moves
    from core.seeding import generator

    game = Game(4)
    dist = min_moves(game)

    def far_board(seed: int) -> str:
        candidates = random_starts(64, game.win_table(), generator(seed))
        return format_board(int(candidates[dist[candidates].long().argmax()]), 4)

    def shown(at) -> str:
        return next(m.value for m in at.markdown if m.value.startswith("From `")).split("`")[1]

    assert far_board(0) != far_board(5)
    at = open_page("pages/16_flippers.py", {"n": "4"}, timeout=180)
    assert not at.exception and shown(at) == far_board(0)
    at.slider(key="flippers.seed").set_value(5).run()
    assert not at.exception and shown(at) == far_board(5)
    board = figures(at)["flippers_board"]
    dots = trace(board, "dots")
    grid = np.zeros((4, 4), dtype=int)
    for x, y in zip(values(dots["x"]), values(dots["y"]), strict=True):
        grid[round(-y - 0.41), int(x)] = 1  # a dot sits at (column + 0.5, -row - GAP - TILE / 2)
    assert "-".join("".join(map(str, r)) for r in grid) == far_board(5)


@pytest.mark.parametrize("model", ["dcgan"])
def test_gan_weight_counts_follow_the_networks(model):
    from core.gan.config import default_config
    from core.gan.models import build_pair, parameter_count
    from core.mnist.data import available_source

    at = open_page("pages/14_gan.py", timeout=180)
    assert not at.exception

    def said() -> str:
        return next(c.value for c in at.caption if c.value.startswith("Generator "))

    def counts(name: str) -> str:
        c = default_config(name, available_source())
        g, d = build_pair(c.model, c.z_dim, c.seed, c.spectral_norm)
        return f"Generator {parameter_count(g):,} weights, discriminator {parameter_count(d):,}."

    assert said().startswith(counts("dense"))
    at.selectbox(key="gan.model").set_value(model).run()
    assert not at.exception and said().startswith(counts(model)) and counts(model) != counts("dense")
