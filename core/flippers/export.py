"""The page's Flippers setup as a standalone script: the game, the learners and the exact check, copied from
core/flippers with core.export, so the script trains the same table as the page (same seed, same device)."""
from __future__ import annotations

from dataclasses import asdict

from core.export import build_script
from core.flippers import game, optimal, qlearning
from core.flippers.qlearning import QConfig
from core.seeding import generator, restore_generator

_OBJECTS = (generator, restore_generator, game.winning_patterns, game.Game, game.step, optimal.popcount,
            optimal.moves_to_win, optimal.min_moves, optimal.check_reward, optimal.greedy_is_optimal,
            qlearning.QConfig, qlearning.epsilon_at, qlearning.nth_start, qlearning.BatchedLearner, qlearning._Uniforms,
            qlearning.SingleLearner, qlearning.make_learner)

_MAIN = """
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--games", type=int, default=CONFIG["games"], help="games to play")
parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
args = parser.parse_args()
config = QConfig(**CONFIG)
learner = make_learner(config, args.device)
while learner.games_done < args.games:  # a training step: a batch of games, as on the page
    learner.play(config.batch)
game = config.game
policy = learner.q.argmax(1).cpu()
dist = min_moves(game)
not_won = ~game.win_table()
optimal = greedy_is_optimal(game, policy, dist)[not_won]
print(f"games: {learner.games_done}  epsilon now: {learner.epsilon():.3f}  device: {args.device}")
print(f"greedy move optimal on {int(optimal.sum())} of {len(optimal)} boards: {float(optimal.float().mean()):.6f}"
      + (" (judged without wind)" if config.wind else ""))
"""


def export_script(config: QConfig) -> str:
    algorithm = qlearning.ALGORITHM_LABELS[config.algorithm]
    doc = (f"{algorithm} on Flippers ({config.n}×{config.n}, goal: {game.GOAL_LABELS[config.goal]}, "
           f"wind {config.wind}), from \"Deep Learning: A Crash Course, live\".\n\n"
           f"α {config.alpha}, γ {config.gamma}, ε {config.epsilon} → {config.epsilon_end} ({config.decay}), "
           f"reward: {config.reward}, {config.parallel} game(s) at a time, seed {config.seed}.\n"
           "Prints the share of boards on which the learned greedy move is optimal (checked against the closed-form "
           "minimum number of moves).\nRun: python flippers_qlearning.py [--games N] [--device cpu|cuda]")
    constants = {"CHUNK": optimal.CHUNK, "MIN_N": game.MIN_N, "MAX_N": game.MAX_N, "TABLE_MAX_N": game.TABLE_MAX_N,
                 "GOALS": game.GOALS, "REWARDS": optimal.REWARDS, "ALGORITHMS": qlearning.ALGORITHMS,
                 "DECAYS": qlearning.DECAYS,
                 "DTYPES": qlearning.DTYPES, "CONFIG": asdict(config)}
    imports = ["import argparse", "from dataclasses import dataclass", "from functools import cached_property", "",
               "import numpy as np", "import torch"]
    return build_script(doc, imports, _OBJECTS, constants, main=_MAIN)
