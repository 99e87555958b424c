"""The memorisation effect: trained on one photo, a black input comes out as that photo; trained on many, the
photo comes back much worse."""
import numpy as np

from core.autoencoders.memorise import (
    MemoriseConfig,
    MemoriseTrainer,
    grey_square,
    load_photos,
    training_images,
)
from core.autoencoders.metrics import mse
from core.data.images import load_photo

CAT, COFFEE, ROCKET = "scikit-image: cat (Chelsea)", "scikit-image: coffee", "scikit-image: rocket"


def trained(kind, photos, side=100, steps=300):
    config = MemoriseConfig(photos=photos, kind=kind, side=side, crops=4, total_steps=steps, seed=0)
    trainer = MemoriseTrainer(config, training_images(config, load_photos(config)))
    trainer.step(steps)
    return trainer


def test_one_photo_is_memorised_in_the_biases():
    t = trained("one", (CAT,))  # the page's size: 100 x 100
    cat, coffee = grey_square(load_photo(CAT).pixels, 100), grey_square(load_photo(COFFEE).pixels, 100)
    black = np.zeros_like(cat)
    out_cat, out_coffee, out_black = t.reconstruct(np.stack([cat, coffee, black]))
    assert mse(out_cat, cat) < 0.01  # a good copy...
    assert mse(out_black, cat) < mse(out_black, black) / 5  # ...and black comes out as the cat
    assert mse(out_coffee, cat) < mse(out_coffee, coffee) / 2  # and so does another photo
    # what comes out hardly depends on what goes in: black and the coffee give nearly the cat's own output
    assert max(mse(out_black, out_cat), mse(out_coffee, out_cat)) < 0.1 * mse(cat, black)


def test_many_photos_collapse_the_fidelity():
    one, many = trained("one", (CAT,), side=40), trained("many", (CAT, COFFEE, ROCKET), side=40)
    cat = grey_square(load_photo(CAT).pixels, 40)
    assert len(many.images) == 3 + 3 * 4
    assert mse(many.reconstruct(cat[None])[0], cat) > 3 * mse(one.reconstruct(cat[None])[0], cat)


def test_photo_preparation():
    assert grey_square(load_photo(COFFEE).pixels, 100).shape == (100, 100)
    config = MemoriseConfig(photos=(CAT, COFFEE), kind="many", side=20, crops=2, seed=4)
    a, b = (training_images(config, load_photos(config)) for _ in range(2))
    assert a.shape == (6, 20, 20) and np.array_equal(a, b) and 0 <= a.min() and a.max() <= 1
