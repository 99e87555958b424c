"""Part 3 · What a filter looks for: a channel's response maps on a photo, and the image that maximises it,
grown from noise by gradient ascent (with jitter and a little blur, so it stays natural rather than noise)."""
