"""Flippers page helpers: cached builders and computations that do not change with most widgets, the 6×6 deep
Q-network view and the "your turn" game. A page may not import another page, so these live here."""
from __future__ import annotations

from dataclasses import replace

import streamlit as st
import torch

from core.flippers.dqn import CHECKPOINT_NAME as DQN_CHECKPOINT
from core.flippers.dqn import DQNConfig, DQNTrainer, moves_taken, random_boards
from core.flippers.dqn import path as dqn_path
from core.flippers.export import export_script
from core.flippers.game import Game, format_board, parse_board, random_starts, to_grid
from core.flippers.optimal import min_moves, moves_to_win, play_path, rollout
from core.flippers.qlearning import QConfig
from core.flippers.trainer import SNAPSHOTS, load_or_train_snapshots
from core.seeding import generator
from figures.flippers import (
    board_figure,
    compare_figure,
    curves_figure,
    dqn_curves_figure,
    optimality_figure,
    qtable_figure,
)
from ui.controls import slider
from ui.figure_cache import cached
from ui.live import get_trainer, live_panel
from ui.url_state import PageState

# Figures cached by their inputs (shared by every session: never mutate one).
board_fig, curves_fig, compare_fig, optimality_fig, qtable_fig, dqn_curves_fig = cached(
    board_figure, curves_figure, compare_figure, optimality_figure, qtable_figure, dqn_curves_figure)
MINE_FOR = "flippers._mine_for"


def distances(game: Game) -> torch.Tensor:
    """Fewest moves to a win from every board (without wind: it does not depend on it)."""
    return _distances(game.n, game.goal)


@st.cache_resource(max_entries=8, show_spinner=False)
def _distances(n: int, goal: str) -> torch.Tensor:
    return min_moves(Game(n, goal))  # shared, read only: it is only ever indexed


@st.cache_resource(max_entries=8, show_spinner="Playing 6,000 games, one at a time…")
def snapshots_for(config: QConfig) -> dict[int, torch.Tensor]:
    """The talk's 3,000 / 6,000-game tables (shared, read only: only indexed and argmax'd)."""
    return load_or_train_snapshots(config)


@st.cache_data(max_entries=16, show_spinner=False)
def export_for(config: QConfig) -> str:
    return export_script(config)


@st.cache_data(max_entries=32, show_spinner=False)
def auto_board(config: QConfig, snapshot_config: QConfig | None) -> int:
    """3×3: a board the 3,000-game table plays badly and the 6,000-game one well; else a far, seeded board."""
    game = config.game
    dist = distances(game)
    if snapshot_config is not None:
        snapshots = snapshots_for(snapshot_config)
        starts = (~game.win_table()).nonzero().view(-1)
        took = {g: rollout(game, q.argmax(1), starts, config.cap, generator(config.seed + 2))
                for g, q in snapshots.items()}
        early, late = took[SNAPSHOTS[0]], took[SNAPSHOTS[-1]]
        best = dist[starts].long()
        extra = (early - best).where(early >= 0, 99).where(late == best, 0)  # never winning counts as many
        if int(extra.max()) > 0:
            return int(starts[int(extra.argmax())])
    candidates = random_starts(64, game.win_table(), generator(config.seed))
    return int(candidates[dist[candidates].long().argmax()])


def dqn_view(state: PageState, config: DQNConfig, goal: str, controls, main, device: torch.device) -> None:
    """6×6: the deep Q-network, trained live; the board's TFR bars come from the network."""
    config = replace(config, goal=goal)
    g = config.game
    with controls:
        st.text_input("board (0 blank, 1 dot; rows separated by -)", key=state.key("board"))
        start = None
        try:
            start = parse_board(state["board"], 6) if state["board"].strip() else None
        except ValueError as exc:
            st.warning(f"That board does not work ({exc}); showing a random one.")
        if start is None or g.is_win(start):
            start = int(random_boards(g, 1, generator(config.seed + 2))[0])
        slider(state, "move", "step through the game", help="The board after this many of the agent's moves.")
    where = "on this GPU" if device.type == "cuda" else \
        "on this CPU: a short run (a few minutes), far from what a GPU reaches"
    main.info(f"6×6 has 68.7 billion boards × 36 moves: no table can hold their TFRs. A network (an MLP on the 36 "
              f"tiles) learns them instead: deep Q-learning, {config.updates:,} updates {where}. Double DQN with a "
              "target network; every move of a replayed board trained at once (the rules give where each lands). "
              "Of the settings on the left, the winning pattern and the seed apply here.")
    trainer = get_trainer(DQN_CHECKPOINT, config, lambda c: DQNTrainer(c, device))

    def render(t: DQNTrainer) -> None:
        left, right = st.columns([2, 3])
        boards, tiles = dqn_path(t.net, g, start, state["move"])
        board, k = boards[-1], len(tiles)
        nxt = dqn_path(t.net, g, board, 1)[1]
        q = t.q_values(board).numpy()
        left.plotly_chart(board_fig(to_grid(board, 6), q, None, nxt[0] if nxt else None,
                                    f"after {t.updates_done:,} updates: move {k}", 380), key="flippers_dqn_board")
        seen, full = dqn_path(t.net, g, start, config.cap)
        need, won = int(moves_to_win(g, torch.tensor([start]))[0]), g.is_win(seen[-1])
        left.markdown(f"From `{format_board(start, 6)}` the network "
                      + (f"wins in **{len(full)}** moves" if won else f"has not won after {len(full)} moves")
                      + f" (minimum **{need}**).")
        right.plotly_chart(dqn_curves_fig(t.history), key="flippers_dqn_curves")
        sample = t.eval_set[:400]
        took = moves_taken(t.net, g, sample, config.cap).cpu().numpy()
        best = moves_to_win(g, sample).cpu().numpy()
        right.markdown(f"**400 random boards:** won in the fewest moves on **{(took == best).mean():.0%}**; "
                       f"first move a best one on **{t.history['optimal_share'][-1]:.1%}** of "
                       f"{config.eval_boards:,}.")
        right.plotly_chart(optimality_fig(best, took), key="flippers_dqn_optimality")

    with main:
        live_panel(DQN_CHECKPOINT, trainer, render, total_steps=trainer.total_steps, chunk=1, unit="steps")
        st.caption(f"One step: {config.per_step} updates of {config.batch} boards; {config.parallel:,} games at once.")


def your_turn(state: PageState, config: QConfig, start: int, q: torch.Tensor) -> None:
    """The visitor plays the same board by clicking tiles, against the agent's greedy policy (table `q`)."""
    game, n = config.game, config.n
    dist = distances(game)
    st.subheader("Your turn")
    start_text = format_board(start, n)
    mine_text = state["mine"].strip()
    mine = None
    if st.session_state.get(MINE_FOR) not in (None, start_text):
        mine_text = ""  # a new starting board: a new game
    if mine_text:
        try:
            mine = parse_board(mine_text, n)
        except ValueError as exc:
            st.warning(f"Your board from the link does not work ({exc}); starting again.")
    if mine is None:
        mine, my_moves = start, 0
    else:
        my_moves = max(state["my_moves"], bin(mine ^ start).count("1"))  # at least one move per tile changed
    st.session_state[MINE_FOR] = start_text
    st.session_state[state.key("mine")] = format_board(mine, n)
    st.session_state[state.key("my_moves")] = my_moves
    agent_boards, agent_path = play_path(game, q.argmax(1), start, config.cap, generator(config.seed + 3))
    agent_moves = len(agent_path)
    done = game.is_win(mine)
    left, right = st.columns([2, 3])
    hint = q[mine].float().cpu().numpy() if state["hints"] else None
    event = left.plotly_chart(board_fig(to_grid(mine, n), hint, None, None, f"your board: {my_moves} moves", 360,
                                        clickable=not done),
                              key=f"flippers_mine.{my_moves}.{start_text}", on_select="rerun", selection_mode="points")
    points = (event or {}).get("selection", {}).get("points", [])
    if points and not done:
        col, row = int(float(points[0]["x"])), int(-float(points[0]["y"]))
        if 0 <= row < n and 0 <= col < n:
            st.session_state[state.key("mine")] = format_board(mine ^ (1 << (row * n + col)), n)
            st.session_state[state.key("my_moves")] = my_moves + 1
            st.rerun()
    with right:
        st.markdown(f"Start: `{start_text}`; fewest moves possible: **{int(dist[start])}**; the agent: "
                    f"**{agent_moves}**" + ("" if game.is_win(agent_boards[-1]) else " (without winning)") + ".")
        if done:
            verdict = "the minimum: perfect!" if my_moves == int(dist[start]) else \
                f"{my_moves - int(dist[start])} more than the minimum."
            st.success(f"You won in {my_moves} moves, {verdict}")
        else:
            st.markdown("Click a tile to flip it. " + ("The bars are the agent's TFRs for your board."
                                                       if hint is not None else ""))

        def restart() -> None:
            st.session_state[state.key("mine")] = start_text
            st.session_state[state.key("my_moves")] = 0

        st.button("↺ Start over", on_click=restart, key="flippers.restart", disabled=my_moves == 0)
