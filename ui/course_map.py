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
    Part(2, "Learning", "error, gradient descent, backpropagation, optimisers, overfitting and regularisation", ()),
    Part(3, "Convolution", "filters, feature maps, pooling, CNNs on MNIST, what a network sees", ()),
    Part(4, "Generative, sequence, reinforcement and creative",
         "autoencoders, GANs, RNNs on text, Q-learning on Flippers, deep dreaming, style transfer", ()),
)


def all_pages() -> list[CoursePage]:
    return [p for part in PARTS for p in part.pages if p.exists]
