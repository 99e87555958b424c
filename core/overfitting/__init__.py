"""Part 2 · Overfitting and regularisation: curve fitting by complexity, a too-large MLP trained live with
dropout / batch norm / L2 / early stopping, k-fold cross-validation, learning curves, export."""
