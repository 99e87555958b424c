"""Flippers, the talk's solitaire tic-tac-toe: an n×n board of tiles, each with a dot on one side only.

A board is an integer: bit r·n + c is 1 when tile (r, c) shows its dot, so a 3×3 game has 512 boards and a
move (flip tile i) is `board ^ (1 << i)`. You win with a winning pattern showing and blanks everywhere else:
exactly one full row or column of dots (the talk's goal), or a 2×2 box, or a plus sign. With "wind", after a
move that did not win, a random tile flips with probability `wind`; the game is then no longer deterministic.
A game also ends (won) when the wind blows the board into a winning pattern."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import torch

GOALS = ("line", "box", "plus")
GOAL_LABELS = {"line": "one full row or column", "box": "a 2×2 box", "plus": "a plus sign"}
MIN_N, MAX_N = 2, 6
TABLE_MAX_N = 5  # up to 5×5 (33.5 million boards) a lookup table of wins fits; 6×6 compares patterns


def winning_patterns(n: int, goal: str = "line") -> list[int]:
    """The boards that win, as bit masks, in a fixed order (rows then columns; boxes and pluses row-major)."""
    def mask(cells) -> int:
        return sum(1 << (r * n + c) for r, c in cells)

    if goal == "line":
        return [mask((r, c) for c in range(n)) for r in range(n)] + [mask((r, c) for r in range(n)) for c in range(n)]
    if goal == "box":
        return [mask(((r, c), (r + 1, c), (r, c + 1), (r + 1, c + 1))) for r in range(n - 1) for c in range(n - 1)]
    if goal == "plus":
        return [mask(((r, c), (r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)))
                for r in range(1, n - 1) for c in range(1, n - 1)]
    raise ValueError(f"goal must be one of {', '.join(GOALS)}")


@dataclass(frozen=True)
class Game:
    n: int = 3
    goal: str = "line"
    wind: float = 0.0

    def __post_init__(self):
        if not MIN_N <= self.n <= MAX_N:
            raise ValueError(f"the board must be {MIN_N}×{MIN_N} to {MAX_N}×{MAX_N}")
        if self.goal not in GOALS:
            raise ValueError(f"goal must be one of {', '.join(GOALS)}")
        if self.goal == "plus" and self.n < 3:
            raise ValueError("a plus sign needs a board of at least 3×3")
        if not 0.0 <= self.wind <= 1.0:
            raise ValueError("wind must be a probability, 0 to 1")

    @property
    def tiles(self) -> int:
        return self.n * self.n

    @property
    def boards(self) -> int:
        return 1 << self.tiles

    @cached_property
    def patterns(self) -> tuple[int, ...]:
        return tuple(winning_patterns(self.n, self.goal))

    def pattern_tensor(self, device: torch.device | str = "cpu") -> torch.Tensor:
        return torch.tensor(self.patterns, dtype=torch.int64, device=device)

    def win_table(self, device: torch.device | str = "cpu") -> torch.Tensor:
        """win[b] is True when board b shows a winning pattern (n ≤ 5)."""
        if self.n > TABLE_MAX_N:
            raise ValueError("a 6×6 board has too many boards for a table")
        table = torch.zeros(self.boards, dtype=torch.bool, device=device)
        table[self.pattern_tensor(device)] = True
        return table

    def is_win(self, boards: int | torch.Tensor) -> bool | torch.Tensor:
        if isinstance(boards, torch.Tensor):
            return (boards[..., None] == self.pattern_tensor(boards.device)).any(-1)
        return int(boards) in self.patterns


def flip(boards, tiles):
    """The board(s) after flipping tile(s) `tiles`."""
    return boards ^ (1 << tiles)


def step(boards: torch.Tensor, tiles: torch.Tensor, win: torch.Tensor, wind: float,
         generator: torch.Generator | None) -> tuple[torch.Tensor, torch.Tensor]:
    """One move in many games at once: (boards after the move and the wind, won). `win` is the win table."""
    after = boards ^ (1 << tiles)
    won = win[after]
    if wind > 0:
        n_tiles = win.numel().bit_length() - 1
        blow = torch.rand(boards.shape, generator=generator, device=boards.device) < wind
        gust = torch.randint(n_tiles, boards.shape, generator=generator, device=boards.device)
        after = torch.where(blow & ~won, after ^ (1 << gust), after)
        won = win[after]
    return after, won


def random_starts(count: int, win: torch.Tensor, generator: torch.Generator | None) -> torch.Tensor:
    """`count` boards drawn uniformly from those that do not already win."""
    boards = torch.randint(win.numel(), (count,), generator=generator, device=win.device)
    bad = win[boards]
    while bool(bad.any()):  # rare (6 boards in 512 on 3×3): draw those again
        boards[bad] = torch.randint(win.numel(), (int(bad.sum()),), generator=generator, device=win.device)
        bad = win[boards]
    return boards


def to_grid(board: int, n: int) -> np.ndarray:
    """The board as an n×n array of 0 (blank) and 1 (dot), row 0 at the top."""
    return np.array([(int(board) >> i) & 1 for i in range(n * n)], dtype=np.int8).reshape(n, n)


def from_grid(grid) -> int:
    flat = np.asarray(grid).reshape(-1)
    return sum(int(v) << i for i, v in enumerate(flat))


def format_board(board: int, n: int) -> str:
    """Rows of 0/1 joined by '-', as the URL writes a board: '010-111-000'."""
    g = to_grid(board, n)
    return "-".join("".join(str(int(v)) for v in row) for row in g)


def parse_board(text: str, n: int) -> int:
    """A board from '010-111-000' (or '010111000'); ValueError saying what is wrong."""
    digits = re.sub(r"[-_. ]", "", str(text).strip())
    if not digits or set(digits) - {"0", "1"}:
        raise ValueError("a board is written with 0 (blank) and 1 (dot) only, rows separated by '-'")
    if len(digits) != n * n:
        raise ValueError(f"a {n}×{n} board needs {n * n} tiles, got {len(digits)}")
    return from_grid(np.array([int(d) for d in digits]).reshape(n, n))
