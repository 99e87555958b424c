"""Pretrained ImageNet CNNs behind one interface, for every page that needs one (adversarial examples, what a filter
looks for, deep dreaming, style transfer): `load_backbone()` picks the best available source."""
