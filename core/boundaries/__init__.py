"""Part 1 · Classification boundaries: a small MLP trained live on 2-D data, small vs big, export."""
