"""Tabular Q-learning and SARSA on Flippers: the table of Total Future Rewards (TFRs), one per board and move.

After each move the TFR of (board, move) moves a step α towards reward + γ × the TFR of what comes next: the best
move from the new board (Q-learning: it learns the best policy while exploring) or the move actually taken next
(SARSA: it learns the value of the exploring policy itself). Moves are ε-greedy: a random tile with probability ε
(exploration), else the move with the highest TFR (exploitation); ε decays as the games go by.

Two ways to play: `BatchedLearner` plays many games at once as tensor operations (on the GPU where there is
one; a finished game restarts at once from a fresh board), `SingleLearner` plays one game at a time with NumPy,
as the talk trained. Both draw their randomness from a torch.Generator made from the seed."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.flippers.game import GOALS, Game, step
from core.flippers.optimal import check_reward
from core.seeding import generator, restore_generator

ALGORITHMS = ("q", "sarsa")
ALGORITHM_LABELS = {"q": "Q-learning", "sarsa": "SARSA"}
DECAYS = ("exponential", "linear", "constant")
DTYPES = {"float32": torch.float32, "float16": torch.float16}


REWARDS = ("win", "cost")
GOAL_CHOICES = GOALS  # the goals a config may name (core/flippers/game.py)


@dataclass(frozen=True)
class QConfig:
    n: int = 3
    goal: str = "line"
    wind: float = 0.0
    algorithm: str = "q"
    alpha: float = 0.7  # learning rate
    gamma: float = 0.9  # discount
    epsilon: float = 1.0  # exploration at the start ...
    epsilon_end: float = 0.05  # ... and after `games` games
    decay: str = "exponential"
    reward: str = "win"  # one of REWARDS: "win": 1 for a win; "cost": -1 for every move
    q_init: float = 0.0  # every TFR's starting value; above the true values = optimism, which explores
    games: int = 6000
    batch: int = 100  # games per training step
    parallel: int = 100  # games played at once; 1 = one game at a time, as in the talk
    max_moves: int = 0  # a game that has not won after this many moves stops (0: 3 n²)
    dtype: str = "float32"
    seed: int = 0

    def __post_init__(self):
        Game(self.n, self.goal, self.wind)  # raises for a bad board, goal or wind
        check_reward(self.reward, self.gamma)
        problems = []
        if self.algorithm not in ALGORITHMS:
            problems.append(f"algorithm must be one of {', '.join(ALGORITHMS)}")
        if not 0.0 < self.alpha <= 1.0:
            problems.append("the learning rate α must be in (0, 1]")
        if not 0.0 <= self.epsilon_end <= self.epsilon <= 1.0:
            problems.append("need 0 ≤ final ε ≤ starting ε ≤ 1")
        if self.decay not in DECAYS:
            problems.append(f"decay must be one of {', '.join(DECAYS)}")
        elif self.decay == "exponential" and self.epsilon_end <= 0:
            problems.append("an exponential decay needs a final ε above 0")
        if self.games < 1 or self.batch < 1 or self.parallel < 1 or self.max_moves < 0:
            problems.append("games, batch and parallel must be positive")
        if self.dtype not in DTYPES:
            problems.append(f"dtype must be one of {', '.join(DTYPES)}")
        if problems:
            raise ValueError("; ".join(problems))

    @property
    def game(self) -> Game:
        return Game(self.n, self.goal, self.wind)

    @property
    def cap(self) -> int:
        return self.max_moves or 3 * self.n * self.n


def epsilon_at(games_done: int, games: int, start: float, end: float, decay: str) -> float:
    """ε after `games_done` of `games` games: from `start` to `end`, then held at `end`."""
    f = min(1.0, games_done / max(1, games))
    if decay == "constant":
        return start
    if decay == "linear":
        return start + (end - start) * f
    return start * (end / start) ** f


def nth_start(k: torch.Tensor, patterns: list[int]) -> torch.Tensor:
    """The k-th board (0-based) that is not a winning pattern: uniform starts without rejection (no sync)."""
    for p in sorted(patterns):
        k = k + (k >= p).to(k.dtype)
    return k


class BatchedLearner:
    """`parallel` games at once; each move is a handful of tensor operations over all of them.

    The moves of one round are chosen from the table as it stood before that round's updates (one row read per
    game serves both the learning target and the next greedy move), as if the games moved simultaneously."""

    def __init__(self, config: QConfig, device: torch.device | str = "cpu"):
        self.config, self.device = config, torch.device(device)
        self.game = config.game
        self.win = self.game.win_table(self.device)
        self.patterns = list(self.game.patterns)
        # Uniform starts among boards that do not already win: a table of them while it is small.
        self.start_table = (~self.win).nonzero().view(-1) if self.game.n <= 4 else None
        self.q = torch.full((self.game.boards, self.game.tiles), config.q_init, dtype=DTYPES[config.dtype],
                            device=self.device)
        self.generator = generator(config.seed, self.device)
        self.games_done = 0
        self.boards = self._starts(config.parallel)
        self.moves = torch.zeros(config.parallel, dtype=torch.int32, device=self.device)
        self.actions = self._explore(self._greedy(self.boards), config.epsilon)  # SARSA's next move, chosen ahead

    def _starts(self, count: int) -> torch.Tensor:
        k = torch.randint(self.game.boards - len(self.patterns), (count,), generator=self.generator, device=self.device)
        return self.start_table[k] if self.start_table is not None else nth_start(k, self.patterns)

    def _greedy(self, boards: torch.Tensor) -> torch.Tensor:
        return self.q.index_select(0, boards).argmax(1)  # index_select: q[boards] is far slower on a CPU

    def _explore(self, greedy: torch.Tensor, eps: float) -> torch.Tensor:
        """ε-greedy: one uniform draw decides whether to explore and, below ε, which tile."""
        if eps <= 0:
            return greedy
        r = torch.rand(greedy.shape, generator=self.generator, device=self.device)
        random = (r * (self.game.tiles / eps)).long().clamp_(max=self.game.tiles - 1)
        return torch.where(r < eps, random, greedy)

    def epsilon(self) -> float:
        c = self.config
        return epsilon_at(self.games_done, c.games, c.epsilon, c.epsilon_end, c.decay)

    def play(self, games: int) -> dict:
        """Move every game until at least `games` more have finished; counts of what finished."""
        c, q, tiles, sarsa = self.config, self.q, self.game.tiles, self.config.algorithm == "sarsa"
        flat = q.view(-1)
        finished = torch.zeros((), dtype=torch.int64, device=self.device)
        wins, win_moves = finished.clone(), finished.clone()
        check_every = 1 if self.device.type == "cpu" else 16  # reading a count from a GPU waits for it
        since_check, done_games = 0, 0
        eps = self.epsilon()
        greedy = self._greedy(self.boards)
        lose = torch.full(self.boards.shape, -1.0, dtype=q.dtype, device=self.device)
        while True:
            s = self.boards
            a = self.actions if sarsa else self._explore(greedy, eps)
            after, won = step(s, a, self.win, c.wind, self.generator)
            self.moves += 1
            rows = q.index_select(0, after)
            greedy_after = rows.argmax(1)  # then a gather: max(dim) can be far slower on a busy CPU
            best = rows.gather(1, greedy_after[:, None])[:, 0]
            if sarsa:
                a_next = self._explore(greedy_after, eps)
                ahead = flat[after * tiles + a_next]
            else:
                ahead = best
            reward = won.to(q.dtype) if c.reward == "win" else lose
            target_q = reward + c.gamma * torch.where(won, 0.0, ahead)
            cell = s * tiles + a
            old = flat[cell]
            flat.index_put_((cell,), old + c.alpha * (target_q - old))  # two games on one cell: one update wins
            # (index_put_, not scatter_: a CPU scatter_ into a float16 tensor costs time in its whole size)
            done = won | (self.moves >= c.cap)
            finished += done.sum()
            wins += won.sum()
            win_moves += (self.moves * won).sum()
            self.moves = torch.where(done, 0, self.moves)
            if self.device.type == "cpu":  # restart only the finished games (a GPU would have to wait to count them)
                ended = done.nonzero().view(-1)
                fresh = self._starts(len(ended))
                self.boards, greedy = after.index_fill(0, ended, 0), greedy_after
                self.boards.index_copy_(0, ended, fresh)
                greedy.index_copy_(0, ended, self._greedy(fresh))
                if sarsa:
                    a_next.index_copy_(0, ended, self._explore(greedy[ended], eps))
                    self.actions = a_next
            else:
                fresh = self._starts(len(s))
                self.boards = torch.where(done, fresh, after)
                greedy = torch.where(done, self._greedy(fresh), greedy_after)
                if sarsa:
                    self.actions = torch.where(done, self._explore(greedy, eps), a_next)
            since_check += 1
            if since_check >= check_every:
                since_check = 0
                done_now = int(finished)
                self.games_done += done_now - done_games
                done_games = done_now
                eps = self.epsilon()
                if done_games >= games:
                    break
        return {"games": done_games, "wins": int(wins), "win_moves": int(win_moves)}

    def state(self) -> dict:
        return {"q": self.q, "generator": self.generator.get_state(), "games_done": self.games_done,
                "boards": self.boards, "moves": self.moves, "actions": self.actions}

    def load_state(self, state: dict) -> None:
        self.q = state["q"].to(self.device, self.q.dtype)
        self.games_done = int(state["games_done"])
        restore_generator(self.generator, state["generator"], self.config.seed + self.games_done)
        self.boards, self.moves, self.actions = (state[k].to(self.device) for k in ("boards", "moves", "actions"))


class _Uniforms:
    """Uniform draws from a torch.Generator, fetched in blocks (a Python loop calling torch per draw is slow)."""

    def __init__(self, gen: torch.Generator, block: int = 8192):
        self.gen, self.block, self.buf, self.i = gen, block, [], 0

    def __call__(self) -> float:
        if self.i >= len(self.buf):
            self.buf, self.i = torch.rand(self.block, generator=self.gen, dtype=torch.float64).tolist(), 0
        self.i += 1
        return self.buf[self.i - 1]


class SingleLearner:
    """One game at a time, as the talk trained: ε is set per game, the table is a NumPy array."""

    def __init__(self, config: QConfig, device: torch.device | str = "cpu"):
        self.config, self.device = config, torch.device("cpu")
        self.game = config.game
        self.win = self.game.win_table().numpy()
        self.patterns = sorted(self.game.patterns)
        self.q_np = np.full((self.game.boards, self.game.tiles), config.q_init,
                            dtype=np.float32 if config.dtype == "float32" else np.float16)
        self.generator = generator(config.seed)
        self.uniform = _Uniforms(self.generator)
        self.games_done = 0

    @property
    def q(self) -> torch.Tensor:
        return torch.from_numpy(self.q_np)

    def epsilon(self) -> float:
        c = self.config
        return epsilon_at(self.games_done, c.games, c.epsilon, c.epsilon_end, c.decay)

    def _choose(self, board: int, eps: float) -> int:
        if eps > 0 and self.uniform() < eps:
            return int(self.uniform() * self.game.tiles)
        return int(self.q_np[board].argmax())

    def _start(self) -> int:
        k = int(self.uniform() * (self.game.boards - len(self.patterns)))
        for p in self.patterns:
            k += k >= p
        return k

    def play(self, games: int) -> dict:
        c, q, win, u, tiles = self.config, self.q_np, self.win, self.uniform, self.game.tiles
        wins = win_moves = 0
        sarsa = c.algorithm == "sarsa"
        for _ in range(games):
            eps = self.epsilon()
            s, moves = self._start(), 0
            a = self._choose(s, eps)
            while True:
                after = s ^ (1 << a)
                won = bool(win[after])
                if c.wind > 0 and not won and u() < c.wind:
                    after ^= 1 << int(u() * tiles)
                    won = bool(win[after])
                moves += 1
                reward = (1.0 if won else 0.0) if c.reward == "win" else -1.0
                if won:
                    target = reward
                else:
                    a_next = self._choose(after, eps) if sarsa else -1
                    target = reward + c.gamma * float(q[after, a_next] if sarsa else q[after].max())
                q[s, a] += c.alpha * (target - q[s, a])
                if won or moves >= c.cap:
                    break
                s, a = after, (a_next if sarsa else self._choose(after, eps))
            self.games_done += 1
            wins += won
            win_moves += moves if won else 0
        return {"games": games, "wins": wins, "win_moves": win_moves}

    def state(self) -> dict:
        return {"q": torch.from_numpy(self.q_np.copy()), "generator": self.generator.get_state(),
                "games_done": self.games_done, "buffer": torch.tensor(self.uniform.buf, dtype=torch.float64),
                "buffer_at": self.uniform.i}

    def load_state(self, state: dict) -> None:
        self.q_np = state["q"].numpy().astype(self.q_np.dtype).copy()
        self.generator.set_state(state["generator"])
        self.games_done = int(state["games_done"])
        self.uniform.buf, self.uniform.i = state["buffer"].tolist(), int(state["buffer_at"])


def make_learner(config: QConfig, device: torch.device | str = "cpu") -> BatchedLearner | SingleLearner:
    return SingleLearner(config) if config.parallel == 1 else BatchedLearner(config, device)
