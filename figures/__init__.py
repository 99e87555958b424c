"""Plot builders: pure functions from arrays to Plotly figures. Training code and the benchmark never import these."""
