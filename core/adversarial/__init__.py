"""Part 3 · Adversarial examples: FGSM and PGD against any classifier of [0, 1] pixels (the MNIST CNN, an
ImageNet backbone), targeted or not, and the smallest ε that changes the answer."""
