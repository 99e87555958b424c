"""Shapes of the networks, and the VAE's loss terms against torch.distributions."""
import torch
from torch.distributions import Bernoulli, Normal, kl_divergence

from core.autoencoders.losses import kl_to_standard_normal, reconstruction_nats, vae_terms
from core.autoencoders.models import ConvDenoiser, DenseAutoencoder, VariationalAutoencoder, tiny_autoencoder
from core.seeding import generator, seeded_model


def test_shapes():
    x = torch.rand(5, 1, 28, 28, generator=generator(0))
    ae, vae = seeded_model(lambda: DenseAutoencoder(3), 0), seeded_model(lambda: VariationalAutoencoder(7), 0)
    assert ae.encode(x).shape == (5, 3) and ae(x).shape == x.shape
    mu, logvar = vae.encode_both(x)
    assert mu.shape == logvar.shape == (5, 7) and vae(x, generator(1)).shape == x.shape
    denoiser = seeded_model(ConvDenoiser, 0)
    assert denoiser.encoder(x).shape == (5, 32, 7, 7) and denoiser.encoder(x)[0].numel() == 1568 > 784
    with torch.no_grad():
        out = denoiser(x)
    assert out.shape == x.shape and 0 <= float(out.min()) <= float(out.max()) <= 1
    tiny = tiny_autoencoder(100 * 100, 20)
    assert tiny(torch.rand(2, 10_000)).shape == (2, 10_000) and tiny[0].out_features == 20


def test_kl_matches_torch_distributions():
    g = generator(3)
    mu, logvar = (torch.randn(6, 4, generator=g, dtype=torch.float64) for _ in range(2))
    reference = kl_divergence(Normal(mu, (0.5 * logvar).exp()), Normal(0.0, 1.0)).sum(1)
    assert torch.allclose(kl_to_standard_normal(mu, logvar), reference, atol=1e-12)
    assert torch.allclose(kl_to_standard_normal(torch.zeros(2, 3), torch.zeros(2, 3)), torch.zeros(2))


def test_kl_is_the_expected_log_ratio_by_monte_carlo():
    """KL(q || p) = E_q[log q(z) - log p(z)]: 200,000 samples agree with the closed form to 1%."""
    mu, logvar = torch.tensor([[0.7, -1.2]], dtype=torch.float64), torch.tensor([[-0.5, 0.3]], dtype=torch.float64)
    q = Normal(mu, (0.5 * logvar).exp())
    z = mu + (0.5 * logvar).exp() * torch.randn(200_000, 2, generator=generator(0), dtype=torch.float64)
    estimate = float((q.log_prob(z) - Normal(0.0, 1.0).log_prob(z)).sum(-1).mean())
    exact = float(kl_to_standard_normal(mu, logvar))
    assert abs(estimate - exact) < 0.01 * exact


def test_elbo_terms_add_up_and_reconstruction_is_bernoulli_log_likelihood():
    vae = seeded_model(lambda: VariationalAutoencoder(2), 0)
    x = (torch.rand(8, 1, 28, 28, generator=generator(1)) > 0.7).float()
    terms = vae_terms(vae, x, generator(5))
    assert torch.allclose(terms["neg_elbo"], terms["reconstruction"] + terms["kl"])
    mu, logvar = vae.encode_both(x)
    recon = vae.decode(vae.sample(mu, logvar, generator(5)))  # the same draw of z
    reference = -Bernoulli(probs=recon.double()).log_prob(x.double()).flatten(1).sum(1).mean()
    assert abs(float(terms["reconstruction"]) - float(reference)) < 1e-3
    assert abs(float(terms["kl"]) - float(kl_to_standard_normal(mu, logvar).mean())) < 1e-6
    assert torch.allclose(reconstruction_nats(recon, x).mean().double(), reference, atol=1e-3)
