"""Part 4 · RNN text generation: an LSTM reads text a character (or a word) at a time and learns to write more
of it; Sherlock Holmes by default, an embedded public-domain text offline, or the user's own."""
