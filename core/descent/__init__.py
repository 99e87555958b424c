"""Part 2 · Error surfaces and gradient descent: curves and surfaces as torch functions, torch.optim paths on them,
learning-rate schedules, optimiser races, and the loss landscape of a real trained network."""
