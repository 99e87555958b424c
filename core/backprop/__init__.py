"""Part 2 · Backprop and batches: a tiny network's forward values and every weight's gradient (autograd, checked
against finite differences), the update with learning rate eta; then one sample vs mini-batches vs the full batch."""
