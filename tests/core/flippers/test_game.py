"""The rules of Flippers: winning patterns, moves, wind, start boards, boards written in a link."""
import pytest
import torch

from core.flippers.game import (
    Game,
    format_board,
    from_grid,
    parse_board,
    random_starts,
    step,
    to_grid,
    winning_patterns,
)
from core.flippers.qlearning import nth_start


def test_the_talks_board_has_six_winning_patterns():
    patterns = winning_patterns(3, "line")
    assert len(patterns) == 6 and len(set(patterns)) == 6
    grids = [to_grid(p, 3) for p in patterns]
    assert all(g.sum() == 3 for g in grids)
    rows = [g for g in grids if (g.sum(1) == 3).any()]
    cols = [g for g in grids if (g.sum(0) == 3).any()]
    assert len(rows) == 3 and len(cols) == 3
    assert format_board(patterns[0], 3) == "111-000-000" and format_board(patterns[3], 3) == "100-100-100"


@pytest.mark.parametrize("n,goal,count,dots", [(4, "line", 8, 4), (3, "box", 4, 4), (4, "box", 9, 4),
                                               (3, "plus", 1, 5), (5, "plus", 9, 5)])
def test_variants(n, goal, count, dots):
    patterns = winning_patterns(n, goal)
    assert len(set(patterns)) == count and all(bin(p).count("1") == dots for p in patterns)
    if goal == "plus":
        assert to_grid(patterns[0], n)[:3, :3].tolist() == [[0, 1, 0], [1, 1, 1], [0, 1, 0]]


def test_win_is_exactly_the_pattern():
    game = Game(3)
    assert game.is_win(0b000_000_111) and not game.is_win(0b000_001_111)  # a stray dot spoils it
    assert not game.is_win(0b000_111_111)  # two rows is not "exactly one"
    table = game.win_table()
    assert int(table.sum()) == 6 and bool(table[0b001_001_001])


@pytest.mark.parametrize("bad", [dict(n=1), dict(n=7), dict(goal="star"), dict(n=2, goal="plus"), dict(wind=1.5)])
def test_bad_games_are_refused(bad):
    with pytest.raises(ValueError):
        Game(**bad)


def test_a_move_flips_one_tile_and_no_wind_means_no_chance():
    game = Game(3)
    boards = torch.arange(512).repeat_interleave(9)
    tiles = torch.arange(9).repeat(512)
    after, won = step(boards, tiles, game.win_table(), 0.0, None)
    assert torch.equal(after, boards ^ (1 << tiles))
    assert torch.equal(won, game.win_table()[after])


def test_wind_flips_one_more_tile_but_never_after_a_win():
    game = Game(3, wind=1.0)
    win = game.win_table()
    boards = torch.arange(512).repeat_interleave(9)
    tiles = torch.arange(9).repeat(512)
    after, won = step(boards, tiles, win, 1.0, torch.Generator().manual_seed(0))
    moved = boards ^ (1 << tiles)
    by_move = win[moved]
    assert torch.equal(after[by_move], moved[by_move])  # the move won: the game is over, no gust
    extra = (after ^ moved)[~by_move]
    assert bool(((extra & (extra - 1)) == 0).all()) and bool((extra != 0).all())  # exactly one more tile
    assert torch.equal(won, win[after])
    again, _ = step(boards, tiles, win, 1.0, torch.Generator().manual_seed(0))
    assert torch.equal(after, again)  # seeded: the same gusts
    half, _ = step(boards, tiles, win, 0.5, torch.Generator().manual_seed(0))
    blown = float((half != moved)[~by_move].float().mean())
    assert 0.45 < blown < 0.55


def test_starts_are_every_board_that_does_not_win():
    game = Game(3)
    every = nth_start(torch.arange(512 - 6), list(game.patterns))
    assert sorted(every.tolist()) == sorted(set(range(512)) - set(game.patterns))
    starts = random_starts(5000, game.win_table(), torch.Generator().manual_seed(1))
    assert not bool(game.win_table()[starts].any()) and len(set(starts.tolist())) > 450


def test_boards_in_links_round_trip_and_bad_ones_say_why():
    for board in (0, 5, 511, 0b101_010_001):
        assert parse_board(format_board(board, 3), 3) == board
        assert from_grid(to_grid(board, 3)) == board
    assert parse_board("0101 0101 0000 1111", 4) == parse_board("0101-0101-0000-1111", 4)
    with pytest.raises(ValueError, match="0 \\(blank\\) and 1"):
        parse_board("01x-000-000", 3)
    with pytest.raises(ValueError, match="needs 9 tiles, got 8"):
        parse_board("0100-0000", 3)
    with pytest.raises(ValueError):
        parse_board("<script>", 3)
