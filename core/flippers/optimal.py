"""The exact answer the learners are checked against.

Without wind the fewest moves from a board is, in closed form, the smallest Hamming distance to a winning
pattern: each move changes one tile, and every tile that differs from the nearest pattern needs one flip. So the
optimal TFRs are known too: Q*(s, a) = γ^d(s^a) with a reward of 1 for a win, −(1 + γ + … + γ^d(s^a)) with a cost
of 1 per move. With wind, Q* comes from value iteration over every board (n ≤ 4). Everything is vectorised over
all boards at once (5×5: 33.5 million)."""
from __future__ import annotations

import torch

from core.flippers.game import Game, step

CHUNK = 1 << 22
REWARDS = ("win", "cost")


def popcount(x: torch.Tensor) -> torch.Tensor:
    """Set bits of each int64 (SWAR: torch has no popcount)."""
    x = x - ((x >> 1) & 0x5555555555555555)
    x = (x & 0x3333333333333333) + ((x >> 2) & 0x3333333333333333)
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0F
    return (x * 0x0101010101010101) >> 56


def min_moves(game: Game, boards: torch.Tensor | None = None, device: torch.device | str = "cpu") -> torch.Tensor:
    """Fewest moves to a win (no wind) from each board; every board of the game when `boards` is None. int8."""
    patterns = game.pattern_tensor(device if boards is None else boards.device)
    total = game.boards if boards is None else len(boards)
    out = torch.empty(total, dtype=torch.int8, device=patterns.device)
    for lo in range(0, total, CHUNK):
        hi = min(total, lo + CHUNK)
        b = torch.arange(lo, hi, device=patterns.device) if boards is None else boards[lo:hi].to(torch.int64)
        out[lo:hi] = moves_to_win(game, b).to(torch.int8)
    return out


def check_reward(reward: str, gamma: float) -> None:
    if reward not in REWARDS:
        raise ValueError(f"reward must be one of {', '.join(REWARDS)}")
    if not 0.0 < gamma <= 1.0:
        raise ValueError("the discount γ must be in (0, 1]")
    if reward == "win" and gamma >= 1.0:
        raise ValueError("with a reward only for winning, γ must be below 1, or a long win is worth a short one")


def closed_form_q(game: Game, reward: str = "win", gamma: float = 0.9,
                  dist: torch.Tensor | None = None) -> torch.Tensor:
    """Q*(s, a) for every board and move, no wind (float64; rows of winning boards are unused)."""
    check_reward(reward, gamma)
    dist = min_moves(game) if dist is None else dist
    boards = torch.arange(game.boards, device=dist.device)
    d_next = dist.to(torch.int64)[boards[:, None] ^ (1 << torch.arange(game.tiles, device=dist.device))]
    d_next = d_next.to(torch.float64)
    if reward == "win":
        return gamma ** d_next
    return -(d_next + 1) if gamma == 1.0 else -(1 - gamma ** (d_next + 1)) / (1 - gamma)


def neighbours(x: torch.Tensor, tiles: int):
    """x[b ^ (1 << t)] for every board b, one tile t at a time: a flip of the board cube (2,)*tiles along the axis
    of bit t (the last axis is bit 0), far quicker than a gather."""
    cube = x.view((2,) * tiles)
    for t in range(tiles):
        yield cube.flip(tiles - 1 - t).reshape(-1)


def value_iteration_q(game: Game, reward: str = "win", gamma: float = 0.9, tol: float = 1e-9,
                      max_iter: int = 5000) -> torch.Tensor:
    """Q*(s, a) by value iteration over every board, wind included (float64). The move's value depends only on
    the board it lands on, so one value per board is iterated and Q*(s, a) = G(s ^ a)."""
    check_reward(reward, gamma)
    if game.n > 4:
        raise ValueError("value iteration is offered up to 4×4")
    win = game.win_table()
    cost, prize = (0.0, 1.0) if reward == "win" else (-1.0, 0.0)
    p, tiles = game.wind, game.tiles
    v = torch.zeros(game.boards, dtype=torch.float64)
    for _ in range(max_iter):
        landed = torch.where(win, prize, gamma * v)  # what landing on a board is worth (a win ends the game)
        gusts = sum(neighbours(landed, tiles)) / tiles if p > 0 else 0.0
        g = cost + torch.where(win, prize, (1 - p) * gamma * v + p * gusts)
        best = torch.stack(list(neighbours(g, tiles))).amax(0)
        v_new = torch.where(win, 0.0, best)
        change = float((v_new - v).abs().max())
        v = v_new
        if change < tol:
            break
    return torch.stack(list(neighbours(g, tiles)), 1)


def optimal_q(game: Game, reward: str = "win", gamma: float = 0.9) -> torch.Tensor:
    return closed_form_q(game, reward, gamma) if game.wind == 0 else value_iteration_q(game, reward, gamma)


def best_move_mask(q_star: torch.Tensor, rel_tol: float = 1e-7) -> torch.Tensor:
    """True for every move whose Q* ties the best move of its board."""
    top = q_star.amax(1, keepdim=True)
    return q_star >= top - rel_tol * top.abs().clamp_min(1.0)


def greedy_is_optimal(game: Game, policy: torch.Tensor, dist: torch.Tensor | None = None,
                      best: torch.Tensor | None = None) -> torch.Tensor:
    """For each board, whether the policy's move is a best one: no wind, it brings the nearest win one move
    closer (`dist`, the closed form); with wind, it is in `best` (from value iteration). Winning boards: True."""
    boards = torch.arange(game.boards, device=policy.device)
    if best is not None:
        ok = best.gather(1, policy.view(-1, 1).to(best.device)).view(-1).to(policy.device)
    else:
        dist = (min_moves(game, device=policy.device) if dist is None else dist).to(policy.device)
        ok = dist[boards ^ (1 << policy)] == dist - 1
    return ok | game.win_table(policy.device)


def rollout(game: Game, policy: torch.Tensor, starts: torch.Tensor, max_moves: int,
            generator: torch.Generator | None = None) -> torch.Tensor:
    """Moves each start board takes to win following `policy` (a move per board), or -1 if not within max_moves."""
    win = game.win_table(starts.device)
    boards = starts.clone()
    done = win[boards]
    moves = torch.where(done, 0, -1)
    for k in range(1, max_moves + 1):
        active = ~done
        if not bool(active.any()):
            break
        after, won = step(boards, policy[boards], win, game.wind, generator)
        boards = torch.where(active, after, boards)
        newly = active & won
        moves[newly] = k
        done |= newly
    return moves


def play_path(game: Game, policy: torch.Tensor, start: int, max_moves: int,
              generator: torch.Generator | None = None) -> tuple[list[int], list[int]]:
    """One game from `start` following `policy`: (boards seen, moves made); boards has one more entry."""
    win = game.win_table()
    boards, moves = [int(start)], []  # the policy may stay on its device: one entry is read per move
    while not bool(win[boards[-1]]) and len(moves) < max_moves:
        tile = int(policy[boards[-1]])
        after, _ = step(torch.tensor([boards[-1]]), torch.tensor([tile]), win, game.wind, generator)
        moves.append(tile)
        boards.append(int(after[0]))
    return boards, moves


def moves_to_win(game: Game, boards: torch.Tensor) -> torch.Tensor:
    """Fewest moves from each of `boards` (int64), in closed form, with no table: any n up to 6×6. One pattern
    at a time with a running minimum, bits counted 16 at a time from a lookup table (far quicker on a CPU than
    the boards × patterns SWAR popcount)."""
    lut = popcount(torch.arange(1 << 16, device=boards.device)).to(torch.uint8)
    best = torch.full(boards.shape, game.tiles, dtype=torch.uint8, device=boards.device)
    for p in game.patterns:
        x = boards ^ p
        count = lut[x & 0xFFFF]
        for shift in range(16, game.tiles, 16):
            count += lut[(x >> shift) & 0xFFFF]
        torch.minimum(best, count, out=best)
    return best.to(torch.int64)


def optimal_share_chunked(game: Game, policy, chunk: int = 1 << 20, device: torch.device | str = "cpu",
                          dist: torch.Tensor | None = None) -> float:
    """Share of the boards not already won where the greedy move brings the nearest win one move closer, over
    every board of the game, `chunk` boards at a time: memory stays O(chunk) however many boards (5×5: 33.5
    million). `policy` is a Q-table (boards × moves, its argmax is the move) or a function boards -> moves;
    `dist` (min_moves of every board, on `device`), when given, is looked up instead of recomputed per chunk."""
    fewest = (lambda b: moves_to_win(game, b)) if dist is None else (lambda b: dist[b].to(torch.int64))
    good = total = 0
    for lo in range(0, game.boards, chunk):
        b = torch.arange(lo, min(game.boards, lo + chunk), device=device)
        moves = policy[lo:lo + len(b)].argmax(1).to(device) if isinstance(policy, torch.Tensor) else policy(b)
        d = fewest(b)
        ok = fewest(b ^ (1 << moves.to(torch.int64))) == d - 1
        playing = d > 0
        good += int((ok & playing).sum())
        total += int(playing.sum())
    return good / total
