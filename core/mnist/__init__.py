"""Part 3 · MNIST live: a dense net, the talk's CNN and a fast CNN, trained live; drawn digits; one frozen classifier
(`core.mnist.classifier.load_classifier`) for the pages that judge digits (GAN, adversarial examples)."""
