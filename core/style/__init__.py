"""Part 4 · Neural style transfer (Gatys et al. 2016): keep a photo's responses in some layers (content) and a
painting's Gram matrices in others (style), and change the pixels until both are matched."""
