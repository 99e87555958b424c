"""Streamlit helpers shared by every page: page setup, URL-bound settings, live training."""
