"""Flippers: how fast tabular Q-learning makes the greedy policy optimal on every board, checked exactly.

- seconds / optimal_fraction (3×3) and seconds_4x4 / optimal_fraction_4x4: many games at once (512 on 3×3, 16,384
  on 4×4, 65,536 on a GPU), α = 1, purely random moves (ε = 1: Q-learning is off-policy, so it still learns the
  best move). Training time until the greedy move is optimal on every board not already won, with the check
  (every 512 / 16,384 games, against the closed-form minimum) left out of the time. Best of 3 runs on 3×3.
- games_to_optimal_single: the talk's way, one game at a time with the page's settings for it (α 0.5, ε 1 → 0.1
  over 6,000 games), games until every board is optimal (checked every 100 games).
- optimal_fraction_5x5 / seconds_5x5: 33.5 million boards, a float16 table; until 100% or a time budget (15 s of
  training on a GPU, as the target; 120 s on a CPU). Skipped under --quick.
- dqn_optimal_fraction_6x6 / dqn_seconds_6x6: null: the deep Q-network for 6×6 is not built yet.
- episodes_per_s: finished games per second of training in the 4×4 run.
- cpu_seconds, cpu_seconds_4x4: the process's CPU time over the same training (with OMP_NUM_THREADS=1 it is
  close to what the wall clock would read on an idle core; on a shared, overloaded machine wall time is not)."""
from __future__ import annotations

import time

import torch

NAME = "flippers"


def _train_until_optimal(config, device, check_every: int, budget_s: float):
    from core.device import synchronize
    from core.flippers.optimal import greedy_is_optimal, min_moves
    from core.flippers.qlearning import make_learner

    game = config.game
    learner = make_learner(config, device)
    dist = min_moves(game, device=device)
    not_won = ~game.win_table(device)
    trained, cpu, share = 0.0, 0.0, 0.0
    while trained < budget_s:
        synchronize(device)
        start, start_cpu = time.perf_counter(), time.process_time()
        learner.play(check_every)
        synchronize(device)
        trained += time.perf_counter() - start
        cpu += time.process_time() - start_cpu
        share = float(greedy_is_optimal(game, learner.q.argmax(1), dist)[not_won].float().mean())
        if share == 1.0:
            break
    return share, trained, learner.games_done, cpu


def run(device: torch.device, quick: bool) -> dict:
    from core.flippers.optimal import greedy_is_optimal
    from core.flippers.qlearning import QConfig, make_learner
    from core.flippers.trainer import single_config

    gpu = device.type == "cuda"
    random_play = dict(alpha=1.0, epsilon=1.0, decay="constant", games=10 ** 9, seed=0)
    runs = [_train_until_optimal(QConfig(n=3, parallel=512, **random_play), device, 512, 10.0) for _ in range(3)]
    share3, seconds3, _, cpu3 = min(runs, key=lambda r: r[1])

    single = single_config()
    learner = make_learner(single)
    not_won = ~single.game.win_table()
    games_single = None
    while learner.games_done < 50_000:
        learner.play(100)
        if float(greedy_is_optimal(single.game, learner.q.argmax(1))[not_won].float().mean()) == 1.0:
            games_single = learner.games_done
            break

    parallel4 = 65536 if gpu else 16384
    share4, seconds4, games4, cpu4 = _train_until_optimal(QConfig(n=4, parallel=parallel4, **random_play), device,
                                                    parallel4, 120.0)
    out = {"optimal_fraction": round(share3, 6), "seconds": round(seconds3, 4), "games_to_optimal_single": games_single,
           "optimal_fraction_4x4": round(share4, 6), "seconds_4x4": round(seconds4, 3),
           "episodes_per_s": round(games4 / seconds4), "cpu_seconds": round(cpu3, 4), "cpu_seconds_4x4": round(cpu4, 3)}
    if quick:
        out.update(optimal_fraction_5x5=None, seconds_5x5=None, note_5x5="skipped under --quick")
    else:
        parallel5 = 1 << 20 if gpu else 1 << 16
        config5 = QConfig(n=5, parallel=parallel5, dtype="float16", **random_play)
        # On a CPU one check of 33.5 million boards takes long: check once, after about the whole budget of games.
        share5, seconds5, _, _ = _train_until_optimal(config5, device, 8 * parallel5 if gpu else 1 << 22,
                                                      15.0 if gpu else 120.0)
        out.update(optimal_fraction_5x5=round(share5, 6), seconds_5x5=round(seconds5, 2))
    out.update(dqn_optimal_fraction_6x6=None, dqn_seconds_6x6=None, note_6x6="no DQN yet")
    return out
