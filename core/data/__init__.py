"""Data every topic may use: 2-D toy datasets, MNIST, texts, uploaded point CSVs."""
