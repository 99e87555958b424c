"""The exported script runs on its own and trains the same table as the app."""
import os
import re
import subprocess
import sys
from dataclasses import replace

from core.flippers.export import export_script
from core.flippers.optimal import greedy_is_optimal
from core.flippers.trainer import FlippersTrainer, default_config


def test_script_runs_briefly_and_matches_the_app(tmp_path):
    config = replace(default_config(), algorithm="sarsa", wind=0.1, seed=4)
    path = tmp_path / "flippers_qlearning.py"
    path.write_text(export_script(config))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # standalone: the project is not importable
    out = subprocess.run([sys.executable, str(path), "--games", "300", "--device", "cpu"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    trainer = FlippersTrainer(config)
    trainer.step(3)
    game = config.game
    optimal = greedy_is_optimal(game, trainer.policy())[~game.win_table()]  # the script checks without wind
    match = re.search(r"optimal on (\d+) of 506 boards", out.stdout)
    assert match, out.stdout
    assert int(match.group(1)) == int(optimal.sum()) < 506
    assert f"games: {trainer.games_done}" in out.stdout
    assert "core" not in re.findall(r"^(?:from|import) (\w+)", path.read_text(), re.MULTILINE)
