"""Autoencoders: a tiny network that memorises one photo, dense autoencoders and VAEs on MNIST (the latent plane),
and a convolutional denoiser. One concept per module; no Streamlit, no Plotly."""
