"""Pure PyTorch/NumPy course logic. Nothing in this package may import Streamlit or Plotly."""
