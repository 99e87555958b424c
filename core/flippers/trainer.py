"""Flippers trained live: a step is a batch of games; after each step the greedy policy is checked against the
exact optimum on every board. Also the talk's side-by-side (the same learner after 3,000 and 6,000 games),
Q-learning and SARSA trained side by side, and the jobs `core.prepare` runs ahead of a talk."""
from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache

import torch

from core import checkpoints
from core.flippers.game import Game
from core.flippers.optimal import (
    best_move_mask,
    greedy_is_optimal,
    min_moves,
    optimal_q,
    optimal_share_chunked,
    rollout,
)
from core.flippers.qlearning import QConfig, make_learner
from core.seeding import generator

CHECKPOINT_NAME = "flippers.table.v1"
PAIR_CHECKPOINT_NAME = "flippers.pair.v1"
SNAPSHOT_CHECKPOINT_NAME = "flippers.snapshots.v1"
SAMPLE = 4096  # boards whose greedy games are played after each step (every board when there are fewer)
SNAPSHOTS = (3000, 6000)
HISTORY_KEYS = ("games", "epsilon", "win_rate", "moves", "greedy_win_rate", "greedy_moves", "min_moves",
                "optimal_share", "value_gap")


def default_config() -> QConfig:
    """The page's default: 3×3, 100 games at a time, 6,000 games, ε falling linearly from 1 to 0.2."""
    return QConfig(n=3, alpha=0.7, gamma=0.9, epsilon=1.0, epsilon_end=0.2, decay="linear", games=6000, batch=100,
                   parallel=100)


def single_config(seed: int = 0) -> QConfig:
    """The talk's way, one game at a time, learning more slowly (α 0.5, ε to 0.1): with seed 0 a few boards still
    go wrong after 3,000 games, none after 6,000."""
    return replace(default_config(), alpha=0.5, epsilon_end=0.1, parallel=1, seed=seed)


class Reference:
    """What the exact optimum says about a game: fewest moves (no wind), Q* and its best moves (n ≤ 4)."""

    def __init__(self, game: Game, reward: str, gamma: float):
        self.game = game
        self.dist = min_moves(game)
        self.nonwin = ~game.win_table()
        self.q_star = optimal_q(game, reward, gamma) if game.n <= 4 else None
        self.best = best_move_mask(self.q_star) if game.wind > 0 else None
        self.v_star = self.q_star.amax(1) if self.q_star is not None else None

    def optimal(self, policy: torch.Tensor) -> torch.Tensor:
        """Per board: is the greedy move a best one (winning boards count as optimal)."""
        return greedy_is_optimal(self.game, policy.cpu(), self.dist, self.best)


@lru_cache(maxsize=8)
def reference(game: Game, reward: str, gamma: float) -> Reference:
    return Reference(game, reward, gamma)


class FlippersTrainer:
    """Follows ui.live's Trainer protocol; `q` is the table of TFRs, `history` one entry per step."""

    def __init__(self, config: QConfig, device: torch.device | str = "cpu"):
        if config.wind > 0 and config.n > 4:
            raise ValueError("with wind, the exact optimum is computed up to 4×4")
        self.config = config
        self.device = torch.device(device)
        self.learner = make_learner(config, self.device)
        self.ref = reference(config.game, config.reward, config.gamma)
        self.total_steps = math.ceil(config.games / config.batch)
        nonwin = self.ref.nonwin.nonzero().view(-1)
        pick = torch.randperm(len(nonwin), generator=generator(config.seed))[:SAMPLE]
        self.sample = nonwin[pick.sort().values]
        self.steps_done = 0
        self._dist = None  # 5×5: the fewest moves of every board, on the device, for the chunked check
        self.history: dict[str, list] = {k: [] for k in HISTORY_KEYS}
        self._log({"games": 0, "wins": 0, "win_moves": 0})

    @property
    def q(self) -> torch.Tensor:
        return self.learner.q

    @property
    def games_done(self) -> int:
        return self.learner.games_done

    def policy(self) -> torch.Tensor:
        return self.q.argmax(1)

    def step(self, n: int = 1) -> None:
        for _ in range(n):
            stats = self.learner.play(self.config.batch)
            self.steps_done += 1
            self._log(stats)

    def greedy_moves(self, boards: torch.Tensor | None = None) -> torch.Tensor:
        """Moves the greedy policy takes from each board (-1: no win within the cap); wind from a fixed seed."""
        boards = self.sample if boards is None else boards
        if self.config.n >= 5:  # no wind there; play on the device rather than copy a 33.5-million-entry policy
            return rollout(self.config.game, self.policy(), boards.to(self.device), self.config.cap).cpu()
        gen = generator(self.config.seed + 1)
        return rollout(self.config.game, self.policy().cpu(), boards, self.config.cap, gen)

    def _log(self, stats: dict) -> None:
        moves = self.greedy_moves()
        won = moves >= 0
        h = self.history
        h["games"].append(self.learner.games_done)
        h["epsilon"].append(self.learner.epsilon())
        h["win_rate"].append(stats["wins"] / stats["games"] if stats["games"] else None)
        h["moves"].append(stats["win_moves"] / stats["wins"] if stats["wins"] else None)
        h["greedy_win_rate"].append(float(won.float().mean()))
        h["greedy_moves"].append(float(moves[won].float().mean()) if bool(won.any()) else None)
        h["min_moves"].append(float(self.ref.dist[self.sample].float().mean()))
        if self.config.n >= 5:  # 33.5 million boards: checked a million at a time where the table lives
            if self._dist is None:
                self._dist = self.ref.dist.to(self.device)
            h["optimal_share"].append(optimal_share_chunked(self.config.game, self.q, device=self.device,
                                                            dist=self._dist))
        else:
            h["optimal_share"].append(float(self.ref.optimal(self.policy().cpu())[self.ref.nonwin].float().mean()))
        if self.ref.v_star is not None:
            v = self.q.amax(1).cpu().double()
            h["value_gap"].append(float((self.ref.v_star - v)[self.ref.nonwin].mean()))
        else:
            h["value_gap"].append(None)

    def wrong_boards(self) -> torch.Tensor:
        """Boards (not already won) where the greedy move is not a best one."""
        return (~self.ref.optimal(self.policy()) & self.ref.nonwin).nonzero().view(-1)

    def payload(self) -> dict:
        return {"learner": self.learner.state(), "steps_done": self.steps_done,
                "history": {k: list(v) for k, v in self.history.items()}}

    def load_payload(self, payload: dict) -> None:
        self.learner.load_state(payload["learner"])
        self.steps_done = int(payload["steps_done"])
        self.history = {k: list(payload["history"][k]) for k in HISTORY_KEYS}


class PairTrainer:
    """Q-learning and SARSA on the same settings, stepped together (one chart compares them)."""

    def __init__(self, config: QConfig, device: torch.device | str = "cpu"):
        self.config = config  # its algorithm is not used: one of each is trained
        self.q_learning = FlippersTrainer(replace(config, algorithm="q"), device)
        self.sarsa = FlippersTrainer(replace(config, algorithm="sarsa"), device)
        self.total_steps = self.q_learning.total_steps

    @property
    def steps_done(self) -> int:
        return self.q_learning.steps_done

    def step(self, n: int = 1) -> None:
        self.q_learning.step(n)
        self.sarsa.step(n)

    def payload(self) -> dict:
        return {"q": self.q_learning.payload(), "sarsa": self.sarsa.payload()}

    def load_payload(self, payload: dict) -> None:
        self.q_learning.load_payload(payload["q"])
        self.sarsa.load_payload(payload["sarsa"])


def train_to_completion(config: QConfig, device: torch.device | str = "cpu") -> FlippersTrainer:
    trainer = FlippersTrainer(config, device)
    trainer.step(trainer.total_steps - trainer.steps_done)
    return trainer


def train_pair(config: QConfig, device: torch.device | str = "cpu") -> PairTrainer:
    pair = PairTrainer(config, device)
    pair.step(pair.total_steps)
    return pair


def snapshot_tables(config: QConfig, at: tuple[int, ...] = SNAPSHOTS) -> dict[int, torch.Tensor]:
    """The learner's table after each number of games in `at` (one run, copied as it passes each count)."""
    learner = make_learner(config)
    out = {}
    for games in sorted(at):
        learner.play(games - learner.games_done)
        out[games] = learner.q.detach().clone().cpu()
    return out


def load_or_train_snapshots(config: QConfig, at: tuple[int, ...] = SNAPSHOTS) -> dict[int, torch.Tensor]:
    key = {"config": config, "at": list(at)}
    saved = checkpoints.load(SNAPSHOT_CHECKPOINT_NAME, key)
    if saved is not None and all(str(g) in saved for g in at):
        return {g: saved[str(g)] for g in at}
    tables = snapshot_tables(config, at)
    try:
        checkpoints.save(SNAPSHOT_CHECKPOINT_NAME, key, {str(g): q for g, q in tables.items()})
    except OSError:  # a read-only cache costs the reuse, not the demo
        pass
    return tables


def prepare_jobs():
    """The page's default table, Q-learning vs SARSA, the talk's 3,000 / 6,000-game snapshots, the 6×6 network."""
    from core.checkpoints import prepare_job
    from core.flippers import dqn

    def snapshots(device) -> str:
        load_or_train_snapshots(single_config())
        return "snapshots after " + " and ".join(f"{g:,}" for g in SNAPSHOTS) + " games"

    return [prepare_job("Flippers: default Q-table (3×3)", CHECKPOINT_NAME, default_config(), train_to_completion),
            prepare_job("Flippers: Q-learning vs SARSA", PAIR_CHECKPOINT_NAME, default_config(), train_pair),
            ("Flippers: the talk's 3,000 / 6,000 games", snapshots), dqn.prepare_job()]
