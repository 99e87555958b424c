"""Part 2 · Eigendogs: principal component analysis on the device (torch.linalg.svd), checked against
scikit-learn; the elephant and three-photo-mixture lead-ins; photos augmented into thousands; uploads."""
