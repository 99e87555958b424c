"""Core tests train tiny networks: one intra-op thread is as fast as two, and on a shared, busy machine two
threads spinning on each other made the small-vs-big training 40x slower (measured: 66 s against 1.9 s)."""
import torch

torch.set_num_threads(1)
