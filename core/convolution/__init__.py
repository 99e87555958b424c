"""Part 3 · The convolution playground: hand-set filters over a photo, the numbers under a sliding kernel
(padding, stride, transposed, pooling), and several filters making several channels."""
