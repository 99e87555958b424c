"""Part 1 · Neurons: the perceptron, activations, softmax and cross-entropy, why linear layers collapse."""
