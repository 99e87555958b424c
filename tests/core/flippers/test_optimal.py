"""The exact optimum: the closed-form minimum against a breadth-first search over every board, Q* two ways."""
from collections import deque

import pytest
import torch

from core.flippers.game import Game, step
from core.flippers.optimal import (
    closed_form_q,
    greedy_is_optimal,
    min_moves,
    play_path,
    popcount,
    rollout,
    value_iteration_q,
)


def bfs_moves(game: Game) -> list[int]:
    """Fewest moves to a win from every board: breadth-first search out from the winning boards (a move undoes
    itself, so searching backwards from the wins walks the same graph)."""
    dist = [-1] * game.boards
    queue = deque(game.patterns)
    for p in game.patterns:
        dist[p] = 0
    while queue:
        b = queue.popleft()
        for t in range(game.tiles):
            nb = b ^ (1 << t)
            if dist[nb] < 0:
                dist[nb] = dist[b] + 1
                queue.append(nb)
    return dist


@pytest.mark.parametrize("n,goal", [(3, "line"), (3, "box"), (3, "plus"), (4, "line"), (4, "plus")])
def test_closed_form_equals_breadth_first_search(n, goal):
    game = Game(n, goal)
    assert min_moves(game).tolist() == bfs_moves(game)


def test_the_talks_numbers():
    d = min_moves(Game(3))
    assert int(d.max()) == 6 == int(d[511]) and int((d == 0).sum()) == 6  # all nine dots: six must go
    assert int(d[0b000_000_000]) == 3 and int(d[0b000_100_100]) == 1  # empty board; two dots of a column


def test_popcount():
    xs = torch.randint(0, 2 ** 40, (1000,), generator=torch.Generator().manual_seed(0))
    assert popcount(xs).tolist() == [bin(x).count("1") for x in xs.tolist()]


@pytest.mark.parametrize("reward,gamma", [("win", 0.9), ("cost", 1.0), ("cost", 0.8)])
def test_closed_form_q_equals_value_iteration(reward, gamma):
    game = Game(3)
    not_won = ~game.win_table()
    exact = closed_form_q(game, reward, gamma)[not_won]
    assert torch.allclose(exact, value_iteration_q(game, reward, gamma)[not_won], atol=1e-9)


def test_value_iteration_with_wind_solves_the_bellman_equation():
    game, gamma, p = Game(3, wind=0.3), 0.9, 0.3
    q = value_iteration_q(game, "win", gamma)
    win = game.win_table()
    v = torch.where(win, 0.0, q.amax(1))
    for board in (0, 7 ^ 16, 0b101_010_101, 0b000_100_100):
        for tile in range(9):
            after = board ^ (1 << tile)
            if win[after]:
                expected = 1.0
            else:  # no gust, or a gust on each of the 9 tiles
                gusts = [1.0 if win[after ^ (1 << t)] else gamma * float(v[after ^ (1 << t)]) for t in range(9)]
                expected = (1 - p) * gamma * float(v[after]) + p * sum(gusts) / 9
            assert float(q[board, tile]) == pytest.approx(expected, abs=1e-9)


def test_playing_the_exact_q_wins_in_the_minimum_and_a_bad_policy_is_caught():
    game = Game(4)
    policy = closed_form_q(game).argmax(1)
    starts = torch.arange(game.boards)
    assert torch.equal(rollout(game, policy, starts, 12), min_moves(game).long())  # 12: the farthest board
    assert bool(greedy_is_optimal(game, policy).all())
    worse = policy.clone()
    worse[0b0011] = 15  # two dots of the top row: a dot in the far corner takes it further from any win
    assert int((~greedy_is_optimal(game, worse)).sum()) == 1 and not bool(greedy_is_optimal(game, worse)[0b0011])
    boards, moves = play_path(Game(3), closed_form_q(Game(3)).argmax(1), 0b000_100_100, 20)
    assert moves == [8] and boards == [0b000_100_100, 0b100_100_100]  # bit 3r + c: column 2 needs tile 8


def test_a_policy_that_loops_never_wins():
    game = Game(3)
    policy = torch.full((512,), 4)  # flip the centre forever
    moves = rollout(game, policy, torch.tensor([0, 0b000_010_000 ^ 0b000_111_000]), 10)
    assert moves.tolist() == [-1, 1]


def test_wind_rollouts_are_seeded():
    game = Game(3, wind=0.5)
    policy = closed_form_q(Game(3)).argmax(1)
    starts = torch.arange(512)
    a = rollout(game, policy, starts, 27, torch.Generator().manual_seed(3))
    b = rollout(game, policy, starts, 27, torch.Generator().manual_seed(3))
    assert torch.equal(a, b) and not torch.equal(a, min_moves(game).long())
    assert step  # the wind itself is tested in test_game
