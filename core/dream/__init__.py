"""Part 4 · Deep dreaming: change a photo's pixels to drive up the summed responses of chosen layers, octave by
octave, so whatever the filters faintly see in it gets amplified."""
