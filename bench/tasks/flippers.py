"""Flippers: how fast tabular Q-learning makes the greedy policy optimal on every board, checked exactly.

- seconds / optimal_fraction (3×3) and seconds_4x4 / optimal_fraction_4x4: many games at once (512 on 3×3, 16,384
  on 4×4, 65,536 on a GPU), α = 1, purely random moves (ε = 1: Q-learning is off-policy, so it still learns the
  best move). Training time until the greedy move is optimal on every board not already won, with the check
  (every 512 / 16,384 games, against the closed-form minimum) left out of the time. Best of 3 runs on 3×3.
- games_to_optimal_single: the talk's way, one game at a time with the page's settings for it (α 0.5, ε 1 → 0.1
  over 6,000 games), games until every board is optimal (checked every 100 games).
- optimal_fraction_5x5 / seconds_5x5: 33.5 million boards, a float16 table (1.7 GB); until 100% or a time budget
  (15 s of training on a GPU, as the target; 120 s on a CPU), every board checked against the closed form in
  chunks (optimal_share_chunked) outside the time. device_5x5 says which it was. Skipped under --quick.
- dqn_optimal_fraction_6x6 / dqn_seconds_6x6: the deep Q-network (core/flippers/dqn.py, default_config for the
  device), trained for its updates or a time budget (150 s on a CPU, 240 s on a GPU); the share of 100,000
  seeded random boards its greedy play wins in the fewest moves (closed form). dqn_first_move_6x6: the share
  whose first move is a best one.
- dqn_optimal_fraction_4x4 / dqn_solved_4x4 / dqn_seconds_4x4: the same DQN on 4×4 (60 s at most), where every
  board can be checked: the share of all boards whose greedy move is a best one, and the share won in the fewest moves.
- episodes_per_s: finished games per second of training in the 4×4 run.
- cpu_seconds, cpu_seconds_4x4: the process's CPU time over the same training (with OMP_NUM_THREADS=1 it is
  close to what the wall clock would read on an idle core; on a shared, overloaded machine wall time is not)."""
from __future__ import annotations

import time
from dataclasses import replace

import torch

NAME = "flippers"


def _train_until_optimal(config, device, check_every: int, budget_s: float, chunked: bool = False):
    from core.device import synchronize
    from core.flippers.optimal import greedy_is_optimal, min_moves, optimal_share_chunked
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
        if chunked:  # every board, a million at a time: no 33.5-million-entry temporaries
            share = optimal_share_chunked(game, learner.q, device=device, dist=dist)
        else:
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
        share5, seconds5, _, _ = _train_until_optimal(config5, device, 8 * parallel5 if gpu else 1 << 20,
                                                      15.0 if gpu else 120.0, chunked=True)
        out.update(optimal_fraction_5x5=round(share5, 6), seconds_5x5=round(seconds5, 2), device_5x5=device.type)
    out.update(_dqn(device, 6, 240.0 if device.type == "cuda" else 150.0, quick))
    out.update(_dqn(device, 4, 60.0, quick))
    return out


def _dqn(device, n: int, budget_s: float, quick: bool) -> dict:
    from core.device import synchronize
    from core.flippers.dqn import DQNTrainer, default_config, random_boards, solved_in_minimum
    from core.flippers.optimal import optimal_share_chunked
    from core.seeding import generator

    gpu = device.type == "cuda"
    config = default_config(n, gpu)
    if quick:
        config = replace(config, updates=config.per_step * 2)
    trainer = DQNTrainer(config, device)
    trained = 0.0
    while trainer.steps_done < trainer.total_steps and trained < budget_s:
        synchronize(device)
        start = time.perf_counter()
        trainer.step(1)
        synchronize(device)
        trained += time.perf_counter() - start
    game = config.game
    boards = random_boards(game, 100_000, generator(2026)).to(device)
    solved = float(solved_in_minimum(trainer.net, game, boards).float().mean())
    key = f"{n}x{n}"
    out = {f"dqn_seconds_{key}": round(trained, 1), f"dqn_updates_{key}": trainer.updates_done}
    if n >= 6:
        first = float(trainer.first_move_optimal(boards).float().mean())
        return {f"dqn_optimal_fraction_{key}": round(solved, 4), f"dqn_first_move_{key}": round(first, 4), **out}
    share = optimal_share_chunked(game, trainer.policy, device=device)
    return {f"dqn_optimal_fraction_{key}": round(share, 4), f"dqn_solved_{key}": round(solved, 4), **out}
