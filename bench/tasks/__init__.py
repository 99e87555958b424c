"""One module per benchmark task. Each defines NAME (str) and run(device, quick) -> dict of metrics.

A task may put its own "seconds" in the dict (time to reach a target, say); otherwise the runner
reports the wall time of run(). Tasks import only core/ (no Streamlit, no Plotly at module level)."""
