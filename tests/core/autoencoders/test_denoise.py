"""The denoiser learns to clean: PSNR rises above the noisy input's after a short seeded run."""
from core.autoencoders.denoise import DenoiseConfig, DenoiseTrainer, denoise_report


def test_short_training_cleans_noisy_digits(no_mnist):
    t = DenoiseTrainer(DenoiseConfig(source="sklearn-digits", total_steps=50, batch_size=32, seed=0))
    t.step(50)
    report = denoise_report(t, t.data.test_x[:100], 0.5, seed=1)
    assert report["noisy"].shape == report["cleaned"].shape == (100, 1, 28, 28)
    assert report["psnr_cleaned"] > report["psnr_noisy"] + 3, report
