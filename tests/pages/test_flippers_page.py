"""The Flippers page, headless: the TFR bars are the Q-table row of the board shown, the talk's 3,000 / 6,000
side by side, the policy against the minimum, links with boards in them (good and bad)."""
import numpy as np
import pytest
import torch

from core.flippers.game import parse_board
from core.flippers.optimal import min_moves
from core.flippers.trainer import CHECKPOINT_NAME, PAIR_CHECKPOINT_NAME, default_config
from tests.pages.apptest import figures, open_page, trace, values

PAGE = "pages/16_flippers.py"


def tfr_bars(fig: dict) -> list[float]:
    return values(trace(fig, "TFR")["customdata"])


def shown_board(at) -> str:
    text = next(m.value for m in at.markdown if m.value.startswith("From `"))
    return text.split("`")[1]


def test_default_page_draws_the_board_the_side_by_side_and_the_optimum(page):
    assert not page.exception and not page.error
    # what `core.prepare` trains ahead is what the page opens with (else the talk would wait for training)
    assert page.session_state[f"_trainer.{CHECKPOINT_NAME}"].config == default_config()
    assert page.session_state[f"_trainer.{PAIR_CHECKPOINT_NAME}"].config == default_config()
    figs = figures(page)
    assert {"flippers_board", "flippers_curves", "flippers_optimality", "flippers_qtable", "flippers_compare",
            "flippers_snap_3000", "flippers_snap_6000"} <= set(figs)
    assert len(tfr_bars(figs["flippers_board"])) == 9 and len(values(trace(figs["flippers_board"], "tiles")["x"])) == 9
    counts = values(trace(figs["flippers_optimality"], "optimal")["customdata"])
    wrong = trace(figs["flippers_optimality"], "more moves")
    assert sum(counts) + (sum(values(wrong["customdata"])) if wrong else 0) == 506  # every board not already won
    # The board chosen for the side-by-side: 3,000 games play it worse than 6,000, which play it in the minimum.
    said = {g: next(m.value for m in page.markdown if m.value.startswith(f"After **{g}**")) for g in ("3,000", "6,000")}
    took = {g: int(s.split("**")[3]) for g, s in said.items()}
    minimum = int(min_moves_of(shown_board(page)))
    assert took["6,000"] == minimum < took["3,000"]
    for g in ("3000", "6000"):  # the snapshot bars are that table's row: the best move is outlined next
        fig = figs[f"flippers_snap_{g}"]
        bars = tfr_bars(fig)
        assert len(bars) == 9 and max(bars) > 0
        nxt = trace(fig, "next move")
        best = int(np.argmax(bars))
        assert values(nxt["x"]) == [best % 3 + 0.5]


def min_moves_of(text: str) -> int:
    from core.flippers.game import Game

    return int(min_moves(Game(3))[parse_board(text, 3)])


def test_a_training_step_and_a_chosen_board_show_that_boards_q_row():
    at = open_page(PAGE, {"board": "110-000-001", "games": "30000"})
    assert not at.exception
    at.button(key=f"{CHECKPOINT_NAME}.step").click().run()
    at.button(key=f"{CHECKPOINT_NAME}.step").click().run()
    assert not at.exception
    trainer = at.session_state[f"_trainer.{CHECKPOINT_NAME}"]
    assert trainer.steps_done == 2 and trainer.config.games == 30000
    assert shown_board(at) == "110-000-001"
    q_row = trainer.q[parse_board("110-000-001", 3)].tolist()
    figs = figures(at)
    assert np.allclose(tfr_bars(figs["flippers_board"]), q_row) and max(q_row) > 0
    heat = figs["flippers_qtable"]["data"][0]
    labels = values(heat["y"])
    z = np.array(values(heat["z"]))
    assert np.allclose(z[labels.index("110-000-001")], q_row)  # the heatmap row is the same table
    curves = figs["flippers_curves"]
    assert values(trace(curves, "greedy move optimal")["x"])[-1] == trainer.games_done
    at.slider(key="flippers.move").set_value(1).run()  # one move on: the board after the agent's first move
    moved = figures(at)["flippers_board"]
    assert figures(at)["flippers_board"]["layout"]["title"]["text"].endswith("move 1")
    assert tfr_bars(moved) != tfr_bars(figs["flippers_board"])
    assert at.query_params["move"] == "1" and at.query_params["board"] == "110-000-001"


def test_links_with_boards_are_validated():
    at = open_page(PAGE, {"board": "11x-000-000", "mine": "110-000-000", "my_moves": "0", "n": "7", "wind": "0.2",
                          "algo": "sarsa"})
    assert not at.exception
    notes = " ".join(i.value for i in at.info)
    assert "value for n:" in notes
    assert any("does not work" in w.value for w in at.warning)  # the bad board: a chosen one instead
    # Your board from the link is kept (it is valid); at least one move per tile that differs from the start.
    start = shown_board(at)
    diff = bin(parse_board(start, 3) ^ parse_board("110-000-000", 3)).count("1")
    mine = next(k for k in figures(at) if k.startswith("flippers_mine"))
    assert figures(at)[mine]["layout"]["title"]["text"] == f"your board: {diff} moves"
    assert at.query_params["my_moves"] == str(diff) and at.query_params["algo"] == "sarsa"
    compare = figures(at)["flippers_compare"]
    assert trace(compare, "Q-learning") and trace(compare, "SARSA")
    bad = open_page(PAGE, {"mine": "<b>hi</b>"})
    assert not bad.exception and any("Your board from the link" in w.value for w in bad.warning)


def test_impossible_settings_say_why_and_lose_nothing():
    at = open_page(PAGE, {"games": "30000"})
    at.button(key=f"{CHECKPOINT_NAME}.step").click().run()
    at.selectbox(key="flippers.gamma").set_value("1").run()  # a reward only for winning needs γ < 1
    assert not at.exception and any("γ must be below 1" in e.value for e in at.error)
    at.selectbox(key="flippers.gamma").set_value("0.9").run()
    assert not at.exception and not at.error
    assert at.session_state[f"_trainer.{CHECKPOINT_NAME}"].steps_done == 1  # the training so far is still there
    at.selectbox(key="flippers.eps_end").set_value("0.5").run()
    at.selectbox(key="flippers.eps").set_value("0.1").run()
    assert any("final ε ≤ starting ε" in e.value for e in at.error)


def test_six_by_six_trains_a_deep_q_network_whose_values_are_the_bars():
    from core.flippers.dqn import CHECKPOINT_NAME as DQN
    from core.flippers.dqn import default_config as default_dqn

    at = open_page(PAGE, {"n": "6", "board": "111111-000000-000000-000000-000000-000011"})
    assert not at.exception and not at.error
    at.button(key=f"{DQN}.step").click().run()
    assert not at.exception
    trainer = at.session_state[f"_trainer.{DQN}"]
    assert trainer.steps_done == 1 and trainer.updates_done == trainer.config.per_step
    assert trainer.config == default_dqn(6, torch.cuda.is_available())  # what `core.prepare` trains for the page
    figs = figures(at)
    board = parse_board("111111-000000-000000-000000-000000-000011", 6)
    assert np.allclose(tfr_bars(figs["flippers_dqn_board"]), trainer.q_values(board).tolist(), atol=1e-6)
    assert len(values(trace(figs["flippers_dqn_board"], "tiles")["x"])) == 36
    curve = trace(figs["flippers_dqn_curves"], "greedy move optimal")
    assert values(curve["x"]) == trainer.history["updates"] == [0, trainer.config.per_step]
    assert np.allclose(values(curve["y"]), [100 * s for s in trainer.history["optimal_share"]])
    opt = figs["flippers_dqn_optimality"]
    wrong = trace(opt, "more moves")
    assert sum(values(trace(opt, "optimal")["customdata"]) if trace(opt, "optimal") else []) + \
        (sum(values(wrong["customdata"])) if wrong else 0) == 400
    assert any(m.value.startswith("From `111111-000000") and "(minimum **2**)" in m.value for m in at.markdown)
    assert at.query_params["n"] == "6"


@pytest.mark.skipif(torch.cuda.is_available(), reason="with a GPU the page trains 5×5 itself")
def test_five_by_five_on_a_cpu_says_why_and_shows_four_by_four():
    at = open_page(PAGE, {"n": "5"})
    assert not at.exception
    assert any("needs a GPU" in w.value or "offered where a GPU is present" in w.value for w in at.warning)
    assert at.session_state[f"_trainer.{CHECKPOINT_NAME}"].config.n == 4
    assert len(tfr_bars(figures(at)["flippers_board"])) == 16
