"""A deep Q-network for boards too many for a table (6×6: 68.7 billion boards × 36 moves).

A small MLP reads the board's n² tiles (±1) and outputs one Q-value (TFR) per move. Many games are played at
once, ε-greedy on the network's Q-values (ε decaying); the boards they visit go into a replay buffer. Because
the rules are known and deterministic, a board drawn from the buffer is trained on all n² of its moves at once:
the target of move a is the reward of landing on s ^ a plus γ × the value of the best move from there, as a
slowly updated copy of the network (the target network) rates it, that move picked by the online network
(double DQN: one network choosing and the other rating keeps the max from overestimating). Rewards as in the
tabular learner: 1 for a win (γ < 1), or −1 per move. Half of the games start a few random flips from a win, so
wins are seen from the start and their value spreads outwards; the rest start on uniformly random boards."""
from __future__ import annotations

import copy
from dataclasses import dataclass

import torch
from torch import nn

from core.flippers.game import GOALS, Game
from core.flippers.optimal import REWARDS, check_reward, moves_to_win
from core.seeding import generator, restore_generator, seeded_model

CHECKPOINT_NAME = "flippers.dqn.v1"


@dataclass(frozen=True)
class DQNConfig:
    n: int = 6
    goal: str = "line"  # one of GOALS
    # one of REWARDS, as the tabular learner: "win": 1 for a win (bounded values learn far better); "cost"
    reward: str = "win"
    gamma: float = 0.9
    hidden: int = 256
    layers: int = 2
    lr: float = 1e-3
    batch: int = 128  # boards per update, each trained on all its moves
    parallel: int = 256  # games played at once
    replay: int = 1 << 16  # boards kept in the replay buffer
    updates: int = 4000  # gradient updates in all
    per_step: int = 50  # updates per trainer step (one point of the live curves)
    target_every: int = 25  # updates between copies of the online network to the target network
    double: bool = True
    epsilon: float = 1.0
    epsilon_end: float = 0.05  # reached after `updates` updates (linear)
    near_start: float = 0.5  # share of games that start a few flips from a win
    fresh: float = 0.5  # share of each batch drawn fresh near a win rather than from the replay buffer
    max_moves: int = 0  # 0: 2 n (short games: most boards stay within reach of a win)
    eval_boards: int = 2000  # random boards checked after each step for the live curve
    seed: int = 0

    def __post_init__(self):
        if self.goal not in GOALS or self.reward not in REWARDS:
            raise ValueError(f"goal must be one of {GOALS}, reward one of {REWARDS}")
        Game(self.n, self.goal)
        check_reward(self.reward, self.gamma)
        if min(self.hidden, self.layers, self.batch, self.parallel, self.replay, self.updates, self.per_step,
               self.target_every, self.eval_boards) < 1:
            raise ValueError("sizes and counts must be positive")
        if not 0.0 <= self.epsilon_end <= self.epsilon <= 1.0 or not 0.0 <= self.near_start <= 1.0 \
                or not 0.0 <= self.fresh <= 1.0:
            raise ValueError("need 0 ≤ final ε ≤ starting ε ≤ 1 and a near-start share in [0, 1]")

    @property
    def game(self) -> Game:
        return Game(self.n, self.goal)

    @property
    def cap(self) -> int:
        return self.max_moves or 2 * self.n


def encode(boards: torch.Tensor, tiles: int) -> torch.Tensor:
    """Boards (int64) as rows of ±1, tile 0 first."""
    bits = (boards[:, None] >> torch.arange(tiles, device=boards.device)) & 1
    return bits.float() * 2 - 1


def build_net(config: DQNConfig) -> nn.Module:
    tiles, h = config.n * config.n, config.hidden
    layers: list[nn.Module] = [nn.Linear(tiles, h), nn.ReLU()]
    for _ in range(config.layers - 1):
        layers += [nn.Linear(h, h), nn.ReLU()]
    return nn.Sequential(*layers, nn.Linear(h, tiles))


def targets(online: nn.Module, target: nn.Module, boards: torch.Tensor, game: Game, reward: str, gamma: float,
            double: bool = True) -> torch.Tensor:
    """The training target of every move from each board (boards × moves): r + γ·Q_target(s', a*) with s' the
    board the move lands on, r its reward, and a* the best move from s' by the online network (double DQN) or by
    the target network itself; no future after a win."""
    tiles = game.tiles
    landed = (boards[:, None] ^ (1 << torch.arange(tiles, device=boards.device))).reshape(-1)
    won = game.is_win(landed)
    with torch.no_grad():
        x = encode(landed, tiles)
        q_next = target(x)
        best = (online(x) if double else q_next).argmax(1, keepdim=True)
        ahead = q_next.gather(1, best)[:, 0]
    r = won.float() if reward == "win" else torch.full_like(ahead, -1.0)
    return (r + gamma * torch.where(won, 0.0, ahead)).view(-1, tiles)


def greedy(net: nn.Module, boards: torch.Tensor, tiles: int, chunk: int = 1 << 15) -> torch.Tensor:
    with torch.no_grad():
        return torch.cat([net(encode(b, tiles)).argmax(1) for b in boards.split(chunk)]) if len(boards) else \
            boards.new_zeros(0)


def random_boards(game: Game, count: int, gen: torch.Generator, device: torch.device | str = "cpu") -> torch.Tensor:
    """Uniform boards that do not already win (a winning one, 1 in 5.7 billion on 6×6, loses tile 0's state)."""
    b = torch.randint(game.boards, (count,), generator=gen, device=device)
    return torch.where(game.is_win(b), b ^ 1, b)


def solved_in_minimum(net: nn.Module, game: Game, boards: torch.Tensor) -> torch.Tensor:
    """Per board: whether greedy play wins in the fewest moves possible (each move one closer to a win)."""
    need = moves_to_win(game, boards)
    ok = torch.ones(len(boards), dtype=torch.bool, device=boards.device)
    live = (need > 0).nonzero().view(-1)
    b = boards[live]
    for k in range(int(need.max()) if len(boards) else 0):
        keep = need[live] > k  # boards still short of their minimum
        live, b = live[keep], b[keep]
        if not len(live):
            break
        b = b ^ (1 << greedy(net, b, game.tiles))
        closer = moves_to_win(game, b) == need[live] - k - 1
        ok[live[~closer]] = False
        live, b = live[closer], b[closer]
    return ok


def moves_taken(net: nn.Module, game: Game, boards: torch.Tensor, cap: int) -> torch.Tensor:
    """Moves greedy play takes from each board to win, or -1 if not within `cap`."""
    out = torch.full((len(boards),), -1, dtype=torch.int64, device=boards.device)
    live = torch.arange(len(boards), device=boards.device)
    b = boards.clone()
    for k in range(1, cap + 1):
        if not len(live):
            break
        b = b ^ (1 << greedy(net, b, game.tiles))
        won = game.is_win(b)
        out[live[won]] = k
        live, b = live[~won], b[~won]
    return out


def path(net: nn.Module, game: Game, start: int, moves: int) -> tuple[list[int], list[int]]:
    """Greedy play from `start` for up to `moves` moves (stopping at a win): (boards seen, tiles flipped)."""
    boards, tiles, device = [int(start)], [], next(net.parameters()).device
    while len(tiles) < moves and not game.is_win(boards[-1]):
        tile = int(greedy(net, torch.tensor([boards[-1]], device=device), game.tiles)[0])
        tiles.append(tile)
        boards.append(boards[-1] ^ (1 << tile))
    return boards, tiles


class DQNTrainer:
    """Follows ui.live's Trainer protocol; one step = `per_step` updates, then a check on `eval_boards` boards."""

    def __init__(self, config: DQNConfig, device: torch.device | str = "cpu"):
        self.config, self.device, self.game = config, torch.device(device), config.game
        self.net = seeded_model(lambda: build_net(config), config.seed).to(self.device)
        self.target = copy.deepcopy(self.net).requires_grad_(False)
        self.opt = torch.optim.Adam(self.net.parameters(), lr=config.lr)
        self.gen = generator(config.seed, self.device)
        self.tiles = self.game.tiles
        self.patterns = self.game.pattern_tensor(self.device)
        self.buffer = torch.zeros(config.replay, dtype=torch.int64, device=self.device)
        self.filled = self.updates_done = self.games_done = self.wins = 0
        self.boards = self._starts(config.parallel)
        self.moves = torch.zeros(config.parallel, dtype=torch.int64, device=self.device)
        self.eval_set = random_boards(self.game, config.eval_boards, generator(config.seed + 1), "cpu").to(self.device)
        self.total_steps = -(-config.updates // config.per_step)
        self.steps_done = 0
        self.history: dict[str, list] = {"updates": [], "games": [], "epsilon": [], "loss": [], "optimal_share": []}
        self._log(None)

    def _near(self, count: int) -> torch.Tensor:
        """Winning patterns with 1 to n²/2 random tiles flipped: boards at every distance from a win (uniform
        boards are nearly all far from one, so the wins' value would never reach them)."""
        near = self.patterns[torch.randint(len(self.patterns), (count,), generator=self.gen, device=self.device)]
        most = self.tiles // 2
        flips = torch.randint(1, most + 1, (count,), generator=self.gen, device=self.device)
        for k in range(most):
            tile = torch.randint(self.tiles, (count,), generator=self.gen, device=self.device)
            near = torch.where(flips > k, near ^ (1 << tile), near)
        return torch.where(self.game.is_win(near), near ^ 1, near)

    def _starts(self, count: int) -> torch.Tensor:
        """A `near_start` share of games start near a win (`_near`), the rest on uniformly random boards."""
        pick = torch.rand(count, generator=self.gen, device=self.device) < self.config.near_start
        return torch.where(pick, self._near(count), random_boards(self.game, count, self.gen, self.device))

    def epsilon(self) -> float:
        c = self.config
        return c.epsilon + (c.epsilon_end - c.epsilon) * min(1.0, self.updates_done / c.updates)

    def _play(self) -> None:
        """Every game makes one ε-greedy move; the boards it left go into the buffer; finished games restart."""
        c, eps = self.config, self.epsilon()
        with torch.no_grad():
            move = self.net(encode(self.boards, self.tiles)).argmax(1)
        r = torch.rand(len(move), generator=self.gen, device=self.device)
        move = torch.where(r < eps, (r / max(eps, 1e-9) * self.tiles).long().clamp_(max=self.tiles - 1), move)
        at = torch.arange(self.filled, self.filled + len(move), device=self.device) % c.replay
        self.buffer[at] = self.boards
        self.filled += len(move)
        self.boards = self.boards ^ (1 << move)
        self.moves += 1
        won = self.game.is_win(self.boards)
        done = won | (self.moves >= c.cap)
        n_done = int(done.sum())
        self.games_done += n_done
        self.wins += int(won.sum())
        if n_done:
            self.boards[done] = self._starts(n_done)
            self.moves[done] = 0

    def update(self) -> float:
        c = self.config
        self._play()
        fresh = round(c.batch * c.fresh)
        pick = torch.randint(min(self.filled, c.replay), (c.batch - fresh,), generator=self.gen, device=self.device)
        boards = torch.cat([self.buffer[pick], self._near(fresh)])
        y = targets(self.net, self.target, boards, self.game, c.reward, c.gamma, c.double)
        loss = nn.functional.smooth_l1_loss(self.net(encode(boards, self.tiles)), y)
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()
        self.updates_done += 1
        if self.updates_done % c.target_every == 0:
            self.target.load_state_dict(self.net.state_dict())
        return float(loss.detach())

    def step(self, n: int = 1) -> None:
        for _ in range(n):
            todo = min(self.config.per_step, self.config.updates - self.updates_done) or self.config.per_step
            loss = sum(self.update() for _ in range(todo)) / todo
            self.steps_done += 1
            self._log(loss)

    def policy(self, boards: torch.Tensor) -> torch.Tensor:
        return greedy(self.net, boards.to(self.device), self.tiles)

    def q_values(self, board: int) -> torch.Tensor:
        with torch.no_grad():
            return self.net(encode(torch.tensor([board], device=self.device), self.tiles))[0].cpu()

    def first_move_optimal(self, boards: torch.Tensor) -> torch.Tensor:
        need = moves_to_win(self.game, boards)
        return moves_to_win(self.game, boards ^ (1 << self.policy(boards))) == need - 1

    def _log(self, loss: float | None) -> None:
        h = self.history
        h["updates"].append(self.updates_done)
        h["games"].append(self.games_done)
        h["epsilon"].append(self.epsilon())
        h["loss"].append(loss)
        h["optimal_share"].append(float(self.first_move_optimal(self.eval_set).float().mean()))

    def payload(self) -> dict:
        return {"net": self.net.state_dict(), "target": self.target.state_dict(), "opt": self.opt.state_dict(),
                "generator": self.gen.get_state(), "buffer": self.buffer, "boards": self.boards, "moves": self.moves,
                "counts": [self.filled, self.updates_done, self.games_done, self.wins, self.steps_done],
                "history": {k: list(v) for k, v in self.history.items()}}

    def load_payload(self, payload: dict) -> None:
        self.net.load_state_dict(payload["net"])
        self.target.load_state_dict(payload["target"])
        self.opt.load_state_dict(payload["opt"])
        self.buffer, self.boards, self.moves = (payload[k].to(self.device) for k in ("buffer", "boards", "moves"))
        self.filled, self.updates_done, self.games_done, self.wins, self.steps_done = map(int, payload["counts"])
        restore_generator(self.gen, payload["generator"], self.config.seed + self.steps_done)
        self.history = {k: list(v) for k, v in payload["history"].items()}


def default_config(n: int = 6, gpu: bool = False, seed: int = 0) -> DQNConfig:
    """The page's and the benchmark's settings: on a CPU a small net and a short run (minutes); on a GPU many
    more games, a wider net and larger batches."""
    if gpu:
        return DQNConfig(n=n, hidden=512, layers=3, batch=2048, parallel=8192, replay=1 << 20, updates=20_000,
                         per_step=500, eval_boards=10_000, seed=seed)
    return DQNConfig(n=n, hidden=128, updates=2000 if n >= 5 else 1500, per_step=100, seed=seed)


def train_to_completion(config: DQNConfig, device: torch.device | str = "cpu") -> DQNTrainer:
    trainer = DQNTrainer(config, device)
    trainer.step(trainer.total_steps)
    return trainer


def prepare_job():
    """For `core.prepare`: the page's 6×6 network for this machine (a few minutes on a CPU)."""
    from core.checkpoints import train_once

    def job(device) -> str:
        return train_once(CHECKPOINT_NAME, default_config(6, torch.device(device).type == "cuda"), train_to_completion,
                          device)

    return "Flippers: 6×6 deep Q-network", job
