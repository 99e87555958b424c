"""Part 4 · Reinforcement learning: Flippers, tabular Q-learning and SARSA checked against the exact optimum."""
