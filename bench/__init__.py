"""Speed and quality targets, measured: `python -m bench [TASK ...] [--device cpu|cuda|mps] [--json]`."""
