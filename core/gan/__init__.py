"""Part 4 · a GAN on MNIST: a generator turns noise into digits, a discriminator tells them from real ones, both
trained live; the MNIST classifier judges the samples (the mode-collapse meter)."""
