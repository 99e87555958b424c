"""Q-learning and SARSA: trained policies are exactly optimal, the talk's 3,000 / 6,000 games, SARSA vs
Q-learning, wind, seeding, and a trainer that can be saved and resumed."""
from dataclasses import replace

import pytest
import torch

from core.flippers.optimal import closed_form_q, greedy_is_optimal, min_moves, rollout
from core.flippers.qlearning import BatchedLearner, QConfig, SingleLearner, epsilon_at, make_learner
from core.flippers.trainer import (
    FlippersTrainer,
    PairTrainer,
    default_config,
    single_config,
    snapshot_tables,
    train_to_completion,
)


def optimal_share(config: QConfig, q: torch.Tensor) -> float:
    game = config.game
    return float(greedy_is_optimal(game, q.argmax(1))[~game.win_table()].float().mean())


def test_default_trains_to_the_exact_optimum_on_every_board():
    trainer = train_to_completion(default_config())
    assert trainer.history["optimal_share"][-1] == 1.0 and len(trainer.wrong_boards()) == 0
    assert trainer.history["optimal_share"][0] < 0.6  # it did learn: an untrained table always flips tile 0
    game = trainer.config.game
    starts = (~game.win_table()).nonzero().view(-1)
    moves = rollout(game, trainer.policy(), starts, trainer.config.cap)
    assert torch.equal(moves, min_moves(game)[starts].long())  # every board won in the fewest moves
    assert trainer.history["greedy_moves"][-1] == pytest.approx(trainer.history["min_moves"][-1])
    assert trainer.games_done >= 6000 and trainer.steps_done == trainer.total_steps == 60


def test_the_talks_story_one_game_at_a_time():
    tables = snapshot_tables(single_config(), (3000, 6000))
    assert 0.98 < optimal_share(single_config(), tables[3000]) < 1.0  # a few boards still meander ...
    assert optimal_share(single_config(), tables[6000]) == 1.0  # ... and after 6,000 games none do


@pytest.mark.parametrize("goal", ["box", "plus"])
def test_variants_learn_every_board_from_random_play(goal):
    """Q-learning is off-policy: from purely random moves (ε = 1) it still learns the best move everywhere.
    (4×4 is the benchmark's job: about 130,000 games.)"""
    config = QConfig(n=3, goal=goal, alpha=1.0, epsilon=1.0, decay="constant", games=20_000, parallel=512)
    learner = BatchedLearner(config)
    while optimal_share(config, learner.q) < 1.0:
        assert learner.games_done < 20_000, f"{goal} did not become optimal"
        learner.play(512)
    game = config.game
    assert torch.equal(rollout(game, learner.q.argmax(1), torch.arange(512), 27), min_moves(game).long())


def test_values_converge_to_the_closed_form():
    config = QConfig(n=3, alpha=1.0, epsilon=1.0, decay="constant", games=10_000, parallel=512)
    learner = make_learner(config)
    learner.play(10_000)
    not_won = ~config.game.win_table()
    exact = closed_form_q(config.game, "win", 0.9)[not_won]
    assert torch.allclose(learner.q[not_won].double(), exact, atol=1e-6)
    cost = replace(config, reward="cost", gamma=1.0)
    learner = make_learner(cost)
    learner.play(10_000)
    assert torch.allclose(learner.q[not_won].double(), closed_form_q(cost.game, "cost", 1.0)[not_won], atol=1e-6)


def test_sarsa_learns_the_value_of_its_own_exploring_play():
    """With ε held at 0.3, SARSA's TFRs include the cost of its random moves: below Q-learning's, which learns
    the value of the best play (and so match Q*)."""
    config = QConfig(n=3, alpha=0.5, epsilon=0.3, decay="constant", games=40_000, parallel=1024, batch=40_000)
    pair = PairTrainer(config)
    pair.step(1)
    gap_q = pair.q_learning.history["value_gap"][-1]  # mean of V* - max Q over the boards
    gap_sarsa = pair.sarsa.history["value_gap"][-1]
    assert abs(gap_q) < 0.005 and gap_sarsa > 0.04
    assert pair.q_learning.history["optimal_share"][-1] == 1.0


def test_wind_makes_games_random_and_is_checked_against_value_iteration():
    config = replace(default_config(), wind=0.3, games=3000, batch=1000)
    trainer = FlippersTrainer(config)
    trainer.step(3)
    assert trainer.ref.best is not None and trainer.history["optimal_share"][-1] > 0.5
    a = trainer.greedy_moves()
    assert torch.equal(a, trainer.greedy_moves())  # evaluation gusts are seeded
    calm = rollout(replace(config, wind=0.0).game, trainer.policy(), trainer.sample, config.cap)
    assert not torch.equal(a, calm)


def test_epsilon_schedules():
    assert epsilon_at(0, 100, 1.0, 0.1, "linear") == 1.0
    assert epsilon_at(50, 100, 1.0, 0.1, "linear") == pytest.approx(0.55)
    assert epsilon_at(100, 100, 1.0, 0.01, "exponential") == pytest.approx(0.01)
    assert epsilon_at(50, 100, 1.0, 0.01, "exponential") == pytest.approx(0.1)
    assert epsilon_at(500, 100, 1.0, 0.1, "linear") == pytest.approx(0.1)
    assert epsilon_at(70, 100, 0.3, 0.1, "constant") == 0.3


@pytest.mark.parametrize("bad", [dict(alpha=0), dict(gamma=1.0), dict(epsilon=0.1, epsilon_end=0.5),
                                 dict(epsilon_end=0.0), dict(algorithm="dqn"), dict(n=9), dict(reward="money")])
def test_bad_settings_are_refused(bad):
    with pytest.raises(ValueError):
        QConfig(**bad)


@pytest.mark.parametrize("parallel", [1, 64])
@pytest.mark.parametrize("algorithm", ["q", "sarsa"])
def test_seeded_resumable_and_leaves_global_randomness_alone(parallel, algorithm):
    config = replace(default_config(), parallel=parallel, algorithm=algorithm, batch=200, wind=0.1)
    before = torch.random.get_rng_state()
    a, b = FlippersTrainer(config), FlippersTrainer(config)
    a.step(3)
    b.step(1)
    resumed = FlippersTrainer(config)
    resumed.load_payload(b.payload())
    resumed.step(2)
    assert torch.equal(a.q, resumed.q) and a.history == resumed.history
    assert torch.equal(torch.random.get_rng_state(), before)
    other = FlippersTrainer(replace(config, seed=1))
    other.step(3)
    assert not torch.equal(a.q, other.q)
    assert isinstance(a.learner, SingleLearner if parallel == 1 else BatchedLearner)


def test_a_checkpoint_from_another_device_kind_opens():
    """A table trained many games at once on a GPU (its generator's state is CUDA's) opens on a CPU, and the other
    way round: the table and the counts are the checkpoint's, and training carries on. (One game at a time always
    draws on the CPU.)"""
    from tests.core.test_seeding import CUDA_STYLE_STATE

    config = replace(default_config(), parallel=64, batch=200)
    trained = FlippersTrainer(config)
    trained.step(2)
    payload = trained.payload()
    payload["learner"]["generator"] = CUDA_STYLE_STATE
    opened = FlippersTrainer(config)
    opened.load_payload(payload)
    assert torch.equal(opened.q, trained.q) and opened.steps_done == 2
    opened.step(1)
    assert opened.steps_done == 3
