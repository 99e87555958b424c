"""`python -m core.prepare` trains the autoencoder page's default models into the checkpoint cache."""
from __future__ import annotations

from core.checkpoints import prepare_job


def default_configs() -> dict:
    """{checkpoint name: config} of everything the page opens with (MNIST when it is there, else the embedded
    digits; the tiger when the data directory has it, else scikit-image's cat)."""
    from core.autoencoders import denoise, digits, memorise, sweep
    from core.mnist.data import available_source

    source = available_source()
    out = {memorise.checkpoint_name(k): memorise.default_config(k) for k in memorise.KINDS}
    for kind, latents in (("ae", 2), ("vae", 2), ("vae", 50)):
        out[digits.checkpoint_name(kind, latents)] = digits.DigitsConfig(kind=kind, latents=latents, source=source)
    out[sweep.SWEEP_NAME] = sweep.sweep_config(source)
    out[denoise.DENOISE_NAME] = denoise.DenoiseConfig(source=source)
    return out


def _trainer_for(config):
    from core.autoencoders import denoise, digits, memorise, sweep

    return {memorise.MemoriseConfig: memorise.train_default, digits.DigitsConfig: digits.train_to_completion,
            sweep.SweepConfig: sweep.train_sweep, denoise.DenoiseConfig: denoise.train_denoiser}[type(config)]


def prepare_jobs() -> list:
    return [prepare_job(f"autoencoders: {name.split('.')[1]}", name, config, _trainer_for(config))
            for name, config in default_configs().items()]
