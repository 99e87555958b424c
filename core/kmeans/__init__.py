"""Part 1 · k-means clustering: torch k-means++ and Lloyd steps, choosing k, synthetic clusters, export."""
