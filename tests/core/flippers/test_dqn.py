"""The deep Q-network: its targets against a hand computation, a short seeded run that learns far past a random
policy, the check of solved boards, the chunked all-boards checker against the unchunked one, seeding and resume."""
from dataclasses import replace

import pytest
import torch
from torch import nn

from core.flippers.dqn import DQNConfig, DQNTrainer, encode, solved_in_minimum, targets
from core.flippers.game import Game
from core.flippers.optimal import closed_form_q, greedy_is_optimal, min_moves, optimal_share_chunked
from core.seeding import generator


class TableNet(nn.Module):
    """A 'network' that looks its Q-values up in a table: the encoded ±1 tiles read back as a board."""

    def __init__(self, table: torch.Tensor):
        super().__init__()
        self.table = table

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        board = ((x > 0).long() << torch.arange(x.shape[1])).sum(1)
        return self.table[board]


def test_targets_equal_a_hand_computation():
    """2×2, winning = a full row or column (0b0011, 0b1100, 0b0101, 0b1010). From board 0b0001 (tile 0's dot):
    moves 1 and 2 win (target 1); move 0 lands on 0b0000, move 3 on 0b1001, and both are rated by the target
    network at the move the online network likes best there (double DQN)."""
    game, gamma = Game(2), 0.9
    online, target = torch.zeros(16, 4), torch.zeros(16, 4)
    target[0b0000] = torch.tensor([0.1, 0.2, 0.3, 0.4])
    online[0b0000] = torch.tensor([0.9, 0.0, 0.0, 0.0])  # online picks move 0: rated 0.1 by the target net
    target[0b1001] = torch.tensor([0.5, 0.6, 0.7, 0.8])
    online[0b1001] = torch.tensor([0.0, 0.0, 0.9, 0.0])  # online picks move 2: rated 0.7
    boards = torch.tensor([0b0001])
    y = targets(TableNet(online), TableNet(target), boards, game, "win", gamma, double=True)
    assert y[0].tolist() == pytest.approx([gamma * 0.1, 1.0, 1.0, gamma * 0.7])
    y = targets(TableNet(online), TableNet(target), boards, game, "win", gamma, double=False)  # target's own max
    assert y[0].tolist() == pytest.approx([gamma * 0.4, 1.0, 1.0, gamma * 0.8])
    y = targets(TableNet(online), TableNet(target), boards, game, "cost", 1.0, double=True)  # -1 per move
    assert y[0].tolist() == pytest.approx([-1 + 0.1, -1.0, -1.0, -1 + 0.7])


def test_encoding_is_the_tiles_in_order():
    assert encode(torch.tensor([0b0110]), 4).tolist() == [[-1.0, 1.0, 1.0, -1.0]]


def test_solved_in_minimum_plays_every_move_and_catches_a_detour():
    game = Game(4)
    q = closed_form_q(game).float()
    boards = (~game.win_table()).nonzero().view(-1)
    assert bool(solved_in_minimum(TableNet(q), game, boards).all())
    worse = q.clone()
    worse[0b0011, 15] = 2.0  # two dots of the top row: flipping the far corner is a detour
    solved = solved_in_minimum(TableNet(worse), game, boards)
    assert not bool(solved[boards == 0b0011].any())
    from_far = boards[min_moves(game)[boards] == 3]  # boards that pass through 0b0011 on the way fail too
    assert int((~solved).sum()) > 1 and bool(solved[from_far].any())


def test_chunked_checker_equals_the_unchunked_one():
    game = Game(4)
    not_won = ~game.win_table()
    q = torch.rand(game.boards, game.tiles, generator=generator(0))
    q[0b0011] = closed_form_q(game)[0b0011].float()
    exact = float(greedy_is_optimal(game, q.argmax(1))[not_won].double().mean())
    assert 0.3 < exact < 0.7
    assert optimal_share_chunked(game, q, chunk=1000) == pytest.approx(exact, abs=1e-12)  # 1000: a ragged last chunk
    assert optimal_share_chunked(game, q, chunk=4096, dist=min_moves(game)) == pytest.approx(exact, abs=1e-12)
    assert optimal_share_chunked(game, lambda b: q[b].argmax(1), chunk=777) == pytest.approx(exact, abs=1e-12)
    assert optimal_share_chunked(game, closed_form_q(game), chunk=5000) == 1.0


def random_policy_odds(game: Game) -> tuple[float, float]:
    """A uniformly random policy, exactly, averaged over the boards not already won: the chance its move is a best
    one, and the chance it wins in the fewest moves (every move a best one: P(b) = Σ over best moves of P(b^a) / n²,
    level by level out from the wins)."""
    dist = min_moves(game).long()
    boards = torch.arange(game.boards)
    nxt = boards[:, None] ^ (1 << torch.arange(game.tiles))
    good = dist[nxt] == (dist[:, None] - 1)
    solve = (dist == 0).double()
    for d in range(1, int(dist.max()) + 1):
        level = dist == d
        solve[level] = (solve[nxt[level]] * good[level]).sum(1) / game.tiles
    playing = dist > 0
    return float(good.double().mean(1)[playing].mean()), float(solve[playing].mean())


def small_config(**kw) -> DQNConfig:
    return DQNConfig(n=3, hidden=64, parallel=64, batch=64, updates=800, per_step=100, eval_boards=200, **kw)


def test_a_short_seeded_run_learns_far_past_a_random_policy():
    config = small_config()
    trainer = DQNTrainer(config)
    trainer.step(trainer.total_steps)
    share = optimal_share_chunked(config.game, trainer.policy)
    boards = (~config.game.win_table()).nonzero().view(-1)
    solved = float(solved_in_minimum(trainer.net, config.game, boards).double().mean())
    random_share, random_solved = random_policy_odds(config.game)
    assert random_share < 0.55 and random_solved < 0.25, (random_share, random_solved)
    assert share > 0.95 and solved > 0.9, (share, solved)
    assert trainer.history["optimal_share"][-1] > trainer.history["optimal_share"][0] + 0.3
    assert len(trainer.history["updates"]) == trainer.total_steps + 1 == 9


def test_seeded_and_resumable():
    config = replace(small_config(), updates=60, per_step=20)
    before = torch.random.get_rng_state()
    a, b = DQNTrainer(config), DQNTrainer(config)
    a.step(3)
    b.step(1)
    resumed = DQNTrainer(config)
    resumed.load_payload(b.payload())
    resumed.step(2)
    for p, r in zip(a.net.parameters(), resumed.net.parameters(), strict=True):
        assert torch.equal(p, r)
    assert a.history == resumed.history and torch.equal(torch.random.get_rng_state(), before)
    other = DQNTrainer(replace(config, seed=1))
    other.step(1)
    assert not torch.equal(next(other.net.parameters()), next(DQNTrainer(config).net.parameters()))


@pytest.mark.parametrize("bad", [dict(n=7), dict(gamma=1.0), dict(hidden=0), dict(epsilon=0.1, epsilon_end=0.5),
                                 dict(near_start=2.0)])
def test_bad_settings_are_refused(bad):
    with pytest.raises(ValueError):
        DQNConfig(**bad)


def test_a_checkpoint_from_another_device_kind_opens():
    from tests.core.test_seeding import CUDA_STYLE_STATE

    config = replace(small_config(), updates=60, per_step=20)
    trained = DQNTrainer(config)
    trained.step(1)
    payload = trained.payload()
    payload["generator"] = CUDA_STYLE_STATE
    opened = DQNTrainer(config)
    opened.load_payload(payload)
    assert opened.steps_done == 1 and all(torch.equal(p, q) for p, q in zip(
        opened.net.parameters(), trained.net.parameters(), strict=True))
    opened.step(1)
    assert opened.steps_done == 2
