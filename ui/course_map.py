"""The course in four parts, and which page teaches what. Pure data: the home page and the sidebar
read it, the browser test opens every page it lists."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class CoursePage:
    path: str  # relative to the project root, e.g. "pages/01_neurons.py"
    title: str
    icon: str
    blurb: str

    @property
    def url_path(self) -> str:
        """The URL Streamlit gives a file in pages/: its name without the number prefix."""
        stem = Path(self.path).stem
        return stem.split("_", 1)[1] if "_" in stem and stem.split("_", 1)[0].isdigit() else stem

    @property
    def exists(self) -> bool:
        return (ROOT / self.path).exists()


@dataclass(frozen=True)
class Part:
    number: int
    title: str
    topics: str
    pages: tuple[CoursePage, ...]


PARTS: tuple[Part, ...] = (
    Part(1, "Neurons and classification",
         "what a neuron computes, activation functions, softmax, boundaries between classes, clustering",
         (
             CoursePage("pages/01_neurons.py", "Neurons", "🧠",
                        "The perceptron, the bias trick, activation functions, softmax and why layers collapse."),
             CoursePage("pages/02_boundaries.py", "Classification boundaries", "🧭",
                        "Train a network live and watch its decision regions bend around the data."),
             CoursePage("pages/03_kmeans.py", "k-means clustering", "🎯",
                        "Group unlabelled points, step by step, and see what a bad k does."),
         )),
    Part(2, "Learning", "error, gradient descent, backpropagation, optimisers, overfitting and regularisation",
         (
             CoursePage("pages/04_descent.py", "Gradient descent", "⛰️",
                        "Roll downhill on bowls, valleys and saddles; race optimisers; see a real network's loss."),
             CoursePage("pages/05_backprop.py", "Backprop and batches", "🔁",
                        "Every weight's gradient on the diagram, checked; one sample, mini-batches or all at once."),
             CoursePage("pages/06_overfitting.py", "Overfitting and regularisation", "🪢",
                        "Too simple, about right, too wiggly; validation, k-fold, dropout and early stopping."),
             CoursePage("pages/07_eigendogs.py", "Eigendogs (PCA)", "🐕",
                        "Principal components of photos: a few numbers per picture, rebuilt from them."),
         )),
    Part(3, "Convolution", "filters, feature maps, pooling, CNNs on MNIST, what a network sees",
         (
             CoursePage("pages/08_convolution.py", "Convolution playground", "🔍",
                        "Filters over a real photo, and the numbers sliding under the kernel: padding, stride."),
             CoursePage("pages/09_filter_hierarchy.py", "The hierarchy of filters", "🙂",
                        "Small filters, pooled, make eye, nose and mouth detectors, then a face."),
             CoursePage("pages/10_mnist.py", "MNIST live", "✍️",
                        "A dense net, the talk's CNN and a fast CNN trained live; draw a digit for them."),
             CoursePage("pages/11_adversarial.py", "Adversarial examples", "🎭",
                        "Invisible noise that turns a tiger into something else."),
             CoursePage("pages/12_filter_visualisation.py", "What a filter looks for", "🔬",
                        "Response maps on a photo, and the image each channel wants to see."),
         )),
    Part(4, "Generative, sequence, reinforcement and creative",
         "autoencoders, GANs, RNNs on text, Q-learning on Flippers, deep dreaming, style transfer",
         (
             CoursePage("pages/13_autoencoders.py", "Autoencoders", "🗜️",
                        "Memorising a tiger, the MNIST latent plane, the VAE, denoising."),
             CoursePage("pages/14_gan.py", "A GAN on MNIST", "🎨",
                        "A counterfeiter and a detective, trained live, with a mode-collapse meter."),
             CoursePage("pages/15_text_rnn.py", "Sherlock by RNN", "🕵️",
                        "A character-level LSTM learns to write like Conan Doyle, live."),
             CoursePage("pages/16_flippers.py", "Flippers (Q-learning)", "🎲",
                        "Q-learning and SARSA learn a tile-flipping game; checked against the exact optimum."),
             CoursePage("pages/17_deep_dream.py", "Deep dreaming", "🌀",
                        "Drive a layer's response up by changing the pixels."),
             CoursePage("pages/18_style_transfer.py", "Style transfer", "🖼️",
                        "A photo's content in a painting's style, from Gram matrices."),
         )),
)


def all_pages() -> list[CoursePage]:
    return [p for part in PARTS for p in part.pages if p.exists]
