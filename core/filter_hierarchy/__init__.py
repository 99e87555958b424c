"""Part 3 · The hierarchy of filters: 2x2 pixel filters, pooled, make eye, nose and mouth detectors, then a face."""
